-- Raw data in hypertables with one-day chunks; retention drops whole chunks.
CREATE TABLE samples (
  series_id bigint NOT NULL,
  ts        timestamptz NOT NULL,
  value     double precision NOT NULL
);
SELECT create_hypertable('samples', by_range('ts', INTERVAL '1 day'), create_default_indexes => false);
CREATE INDEX samples_series_ts ON samples (series_id, ts);
CREATE INDEX samples_ts ON samples (ts);

-- One row per histogram: its totals. Its distribution is in histogram_buckets.
CREATE TABLE histograms (
  series_id bigint NOT NULL,
  ts        timestamptz NOT NULL,
  count     bigint NOT NULL,
  sum_value double precision NOT NULL,
  min_value double precision NOT NULL,
  max_value double precision NOT NULL
);
SELECT create_hypertable('histograms', by_range('ts', INTERVAL '1 day'), create_default_indexes => false);
CREATE INDEX histograms_series_ts ON histograms (series_id, ts);
CREATE INDEX histograms_ts ON histograms (ts);

-- Log-scaled buckets (0.5% relative accuracy): counts add up across time, so every tier can
-- answer any quantile.
CREATE TABLE histogram_buckets (
  series_id bigint NOT NULL,
  ts        timestamptz NOT NULL,
  idx       integer NOT NULL,
  count     bigint NOT NULL
);
SELECT create_hypertable('histogram_buckets', by_range('ts', INTERVAL '1 day'), create_default_indexes => false);
CREATE INDEX histogram_buckets_series_ts ON histogram_buckets (series_id, ts);
CREATE INDEX histogram_buckets_ts ON histogram_buckets (ts);
