-- Spans from OTLP traces, one row each. Ids are raw bytes (16 for a trace, 8 for a span).
-- Attributes, resource attributes and events are JSON; searches by attribute use the GIN index.
-- Retention (traces.retention, 30 days by default) deletes rows older than it in maintenance.
CREATE TABLE spans (
  trace_id       bytea       NOT NULL,
  span_id        bytea       NOT NULL,
  parent_span_id bytea,
  service        text        NOT NULL,
  operation      text        NOT NULL,
  kind           smallint    NOT NULL,
  start_time     timestamptz NOT NULL,
  start_ns       bigint      NOT NULL, -- exact start (start_time has microseconds)
  duration_ns    bigint      NOT NULL,
  status_code    smallint    NOT NULL,
  status_message text,
  release        text,
  attributes     jsonb       NOT NULL,
  resource       jsonb       NOT NULL,
  events         jsonb       NOT NULL
);
CREATE INDEX spans_trace ON spans (trace_id);
CREATE INDEX spans_service_start ON spans (service, start_time);
CREATE INDEX spans_service_operation_start ON spans (service, operation, start_time);
CREATE INDEX spans_start ON spans (start_time);
-- attribute search is containment (attributes @> {"key": value}), which this index answers
CREATE INDEX spans_attributes ON spans USING gin (attributes jsonb_path_ops);
