-- When each series had samples: the earliest and latest sample time written so far, upserted by
-- the storage writer once per write transaction and series (not per sample), and only when a
-- time moves by more than a minute. The Prometheus catalogue endpoints (labels, label values,
-- series) narrow their answers to start/end with it. A series without a row (stored before this
-- table existed) counts as seen at any time.
CREATE TABLE series_seen (
  series_id  bigint      PRIMARY KEY,
  first_seen timestamptz NOT NULL,
  last_seen  timestamptz NOT NULL
);
CREATE INDEX series_seen_last ON series_seen (last_seen);
