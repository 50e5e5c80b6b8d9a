-- Series registry: one row per metric + label set. The fingerprint (128 bits of SHA-256 over the
-- metric and the canonical labels) is the unique key, so label sets of any size index cheaply.
CREATE TABLE series (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  fingerprint uuid NOT NULL UNIQUE,
  metric      text NOT NULL,
  labels      jsonb NOT NULL,
  release     text GENERATED ALWAYS AS (labels ->> 'release') STORED,
  service     text GENERATED ALWAYS AS (labels ->> 'service') STORED,
  unit        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX series_metric ON series (metric);
CREATE INDEX series_release ON series (release, metric) WHERE release IS NOT NULL;
CREATE INDEX series_service ON series (service, release) WHERE service IS NOT NULL;
CREATE INDEX series_labels ON series USING gin (labels jsonb_path_ops);

-- Batches already stored, by agent: a batch sent twice is stored once.
CREATE TABLE ingest_batches (
  agent     text NOT NULL,
  batch     bigint NOT NULL,
  items     integer NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agent, batch)
);

-- Retention per tier set at run time (PUT /api/retention), as written there ("14d", "forever").
CREATE TABLE tier_retention (
  tier       text PRIMARY KEY,
  keep       text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
