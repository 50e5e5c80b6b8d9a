-- One write-ahead position per server, so several servers can share one database: each resumes
-- from its own queue. server_id is the identity kept in the server's data directory (server.id).
-- The single position of the servers before identities becomes 'default', the identity a data
-- directory written before them adopts (ServerIdentity).
CREATE TABLE wal_positions (
  server_id   text PRIMARY KEY,
  queue_index bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO wal_positions (server_id, queue_index, updated_at)
  SELECT 'default', queue_index, updated_at FROM wal_position;
DROP TABLE wal_position;
