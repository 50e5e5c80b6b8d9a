-- Raw data, partitioned by day. The server creates partitions ahead of the data and drops whole
-- partitions for retention.
CREATE TABLE samples (
  series_id bigint NOT NULL,
  ts        timestamptz NOT NULL,
  value     double precision NOT NULL
) PARTITION BY RANGE (ts);
CREATE INDEX samples_series_ts ON samples (series_id, ts);

-- One row per histogram: its totals. Its distribution is in histogram_buckets.
CREATE TABLE histograms (
  series_id bigint NOT NULL,
  ts        timestamptz NOT NULL,
  count     bigint NOT NULL,
  sum_value double precision NOT NULL,
  min_value double precision NOT NULL,
  max_value double precision NOT NULL
) PARTITION BY RANGE (ts);
CREATE INDEX histograms_series_ts ON histograms (series_id, ts);

-- Log-scaled buckets (0.5% relative accuracy): counts add up across time, so every tier can
-- answer any quantile.
CREATE TABLE histogram_buckets (
  series_id bigint NOT NULL,
  ts        timestamptz NOT NULL,
  idx       integer NOT NULL,
  count     bigint NOT NULL
) PARTITION BY RANGE (ts);
CREATE INDEX histogram_buckets_series_ts ON histogram_buckets (series_id, ts);
