-- Releases and their snapshots. Kept without limit (DESIGN.md): no partitions, no retention.
CREATE TABLE releases (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  service     text NOT NULL,
  version     text NOT NULL,
  commit_sha  text,
  baseline    text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (service, version)
);

-- One capture of a release: environment fingerprint, test and coverage summary, findings.
CREATE TABLE release_snapshots (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  release_id  bigint NOT NULL REFERENCES releases (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  environment jsonb,
  tests       jsonb,
  coverage    jsonb,
  findings    jsonb NOT NULL DEFAULT '[]',
  artifacts   jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX release_snapshots_release ON release_snapshots (release_id, id);

CREATE TABLE snapshot_dependencies (
  snapshot_id bigint NOT NULL REFERENCES release_snapshots (id),
  ecosystem   text NOT NULL,
  name        text NOT NULL,
  version     text NOT NULL,
  checksum    text,
  scope       text,
  source      text NOT NULL,
  PRIMARY KEY (snapshot_id, ecosystem, name, version)
);

CREATE TABLE snapshot_vulnerabilities (
  snapshot_id bigint NOT NULL REFERENCES release_snapshots (id),
  vuln_id     text NOT NULL,
  package     text NOT NULL,
  version     text,
  severity    text NOT NULL,
  summary     text,
  source      text NOT NULL
);
CREATE INDEX snapshot_vulnerabilities_snapshot ON snapshot_vulnerabilities (snapshot_id);

-- A comparison as computed when it was asked for: the answer stays stable while data grows.
CREATE TABLE release_comparisons (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  service     text NOT NULL,
  baseline    text NOT NULL,
  candidate   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  result      jsonb NOT NULL
);
CREATE INDEX release_comparisons_service ON release_comparisons (service, id);
