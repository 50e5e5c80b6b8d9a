-- Hours that received samples older than the first tier's refresh window (an agent's backlog
-- after an outage, say). The maintenance pass refreshes the tiers over those days, then forgets
-- the hours it saw. noted_at changes when an hour gets more late samples, so an hour noted again
-- while it was being refreshed is refreshed once more.
CREATE TABLE late_hours (
  hour     timestamptz PRIMARY KEY,
  noted_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
