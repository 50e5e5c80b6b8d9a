-- One value per series and time: a sample sent again (a client's retry, two agents, a replayed
-- write-ahead entry) is stored once, whatever protocol brought it. The first value stored stays.
-- The writer COPYs as before and falls back to INSERT ... ON CONFLICT DO NOTHING only for a chunk
-- that repeats a stored point. Duplicates stored before this migration are removed first.
DELETE FROM samples a USING samples b
 WHERE a.tableoid = b.tableoid AND a.series_id = b.series_id AND a.ts = b.ts AND a.ctid > b.ctid;
DROP INDEX samples_series_ts;
CREATE UNIQUE INDEX samples_series_ts ON samples (series_id, ts);

DELETE FROM histograms a USING histograms b
 WHERE a.tableoid = b.tableoid AND a.series_id = b.series_id AND a.ts = b.ts AND a.ctid > b.ctid;
DROP INDEX histograms_series_ts;
CREATE UNIQUE INDEX histograms_series_ts ON histograms (series_id, ts);

DELETE FROM histogram_buckets a USING histogram_buckets b
 WHERE a.tableoid = b.tableoid AND a.series_id = b.series_id AND a.ts = b.ts AND a.idx = b.idx
   AND a.ctid > b.ctid;
DROP INDEX histogram_buckets_series_ts;
CREATE UNIQUE INDEX histogram_buckets_series_ts ON histogram_buckets (series_id, ts, idx);
