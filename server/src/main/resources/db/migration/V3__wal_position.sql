-- The last write-ahead-queue index whose batch is in the database, written in the same
-- transaction as that batch's rows: after a crash the writer resumes right after it.
CREATE TABLE wal_position (
  id          integer PRIMARY KEY CHECK (id = 1),
  queue_index bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
