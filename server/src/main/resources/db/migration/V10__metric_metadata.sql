-- Metric metadata as Prometheus sends it with remote_write (type, help and unit per metric family),
-- served by /api/v1/metadata for Grafana's autocomplete. The newest description wins.
CREATE TABLE metric_metadata (
  metric     text PRIMARY KEY,
  type       text NOT NULL,
  help       text NOT NULL,
  unit       text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
