-- Alerting. alert_state keeps every pending, firing and recently resolved alert of every rule,
-- so a restarted server resumes them: a firing alert stays firing with its start time, a pending
-- one keeps counting toward its `for`, and what the notifiers were last told is not told again.
-- rule_key is file;group;position;alert. Times are epoch milliseconds, 0 for never.
CREATE TABLE alert_state (
  rule_key          text             NOT NULL,
  fingerprint       text             NOT NULL,
  labels            jsonb            NOT NULL,
  annotations       jsonb            NOT NULL,
  state             text             NOT NULL CHECK (state IN ('inactive', 'pending', 'firing')),
  active_at         bigint           NOT NULL,
  fired_at          bigint           NOT NULL,
  resolved_at       bigint           NOT NULL,
  last_sent_at      bigint           NOT NULL,
  valid_until       bigint           NOT NULL,
  keep_firing_since bigint           NOT NULL,
  value             double precision NOT NULL,
  notified          text             NOT NULL,
  updated_at        timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_key, fingerprint)
);

-- Rule groups created over the REST API (groups from rule files live in their files).
CREATE TABLE alert_rule_groups (
  name       text        PRIMARY KEY,
  source     text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
