-- Spans from OTLP traces in a hypertable of one-day chunks, compressed by service after a day.
-- Ids are raw bytes (16 for a trace, 8 for a span); attributes, resource attributes and events
-- are JSON. Retention (traces.retention, 30 days by default) drops whole chunks in maintenance.
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
SELECT create_hypertable('spans', by_range('start_time', INTERVAL '1 day'), create_default_indexes => false);
CREATE INDEX spans_trace ON spans (trace_id, start_time);
CREATE INDEX spans_service_start ON spans (service, start_time);
CREATE INDEX spans_service_operation_start ON spans (service, operation, start_time);
CREATE INDEX spans_start ON spans (start_time);
-- attribute search is containment (attributes @> {"key": value}), which this index answers
CREATE INDEX spans_attributes ON spans USING gin (attributes jsonb_path_ops);
ALTER TABLE spans SET (timescaledb.compress, timescaledb.compress_segmentby = 'service',
  timescaledb.compress_orderby = 'start_time DESC');
SELECT add_compression_policy('spans', INTERVAL '1 day');
