-- The query path keeps each metric's series in memory and reads only those registered since the
-- newest id it holds: WHERE metric = ? AND id > ?.
CREATE INDEX series_metric_id ON series (metric, id);
