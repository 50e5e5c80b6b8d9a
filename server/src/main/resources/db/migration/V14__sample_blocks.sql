-- Raw samples packed per series and UTC hour (plain PostgreSQL; TimescaleDB packs them in its
-- columnstore instead and leaves this table empty). data is BlockCodec's Gorilla encoding of the
-- hour's points, decoded in Java. The maintenance pass moves day partitions of samples here once
-- they are older than storage.compress.after, so only the recent days stay one row per sample.
-- end_ts is the last point's time. The codec's output does not compress further: no TOAST pglz.
CREATE TABLE sample_blocks (
  series_id bigint      NOT NULL,
  start_ts  timestamptz NOT NULL,
  end_ts    timestamptz NOT NULL,
  count     integer     NOT NULL,
  data      bytea       NOT NULL,
  PRIMARY KEY (series_id, start_ts)
);
ALTER TABLE sample_blocks ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE INDEX sample_blocks_start ON sample_blocks (start_ts);
