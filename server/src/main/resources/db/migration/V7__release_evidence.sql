-- The per-run measurements a release's comparisons use, pinned to the release when it is
-- snapshotted or first compared (DESIGN.md: a baseline must not expire with the raw tier). One row
-- per metric and operation; runs in time order, counters already turned into per-second rates.
-- Kept without limit, like snapshots: no partitions, no retention.
CREATE TABLE release_evidence (
  service    text NOT NULL,
  version    text NOT NULL,
  metric     text NOT NULL,
  operation  text NOT NULL DEFAULT '',
  runs       double precision[] NOT NULL,
  pinned_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service, version, metric, operation)
);
