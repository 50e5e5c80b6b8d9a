-- Where series ended: Prometheus' staleness markers from remote_write (a target disappeared or
-- stopped exposing a series). PromQL's instant vectors stop at a marker instead of looking back
-- five minutes past it. Kept as long as raw samples are; nothing else reads them.
CREATE TABLE stale_markers (
  series_id bigint      NOT NULL,
  ts        timestamptz NOT NULL,
  PRIMARY KEY (series_id, ts)
);
