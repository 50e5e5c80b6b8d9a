-- Licences a snapshot's files declare (npm lock entries, POMs), checked against
-- releases.licenses.deny: [{"ecosystem","name","version","license","source"}].
ALTER TABLE release_snapshots ADD COLUMN licenses jsonb NOT NULL DEFAULT '[]';
