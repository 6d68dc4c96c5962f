-- Rate limits and the sign-in lockout shared by every api replica (issue #16 §4): behind a load balancer a client
-- meets one limit and one lockout, whichever replica answers.

-- Requests per client and fixed minute. Each replica counts in memory and adds its counts here about once a second
-- (api/src/http/shared-rate-limit.ts), so the hot routes pay no query per request. Unlogged: losing the counts of
-- the current minute in a database crash only forgives that minute's requests, and it saves the WAL of the upserts.
-- client_key: 'ip:<client address>' or 'key:<api key id>'.
CREATE UNLOGGED TABLE api_rate_limit_counts (
  client_key   text        NOT NULL,
  window_start timestamptz NOT NULL,
  hits         integer     NOT NULL CHECK (hits >= 0),
  PRIMARY KEY (window_start, client_key)
);

-- Failed sign-ins per username and per client address (api/src/auth/login-throttle.ts). An attempt is counted
-- here, atomically, before its password is checked, so parallel guesses cannot all get in under the limit; it is
-- taken back when it succeeds. throttle_key: 'u:<username, NFKC, lower case>' or 'a:<client address>'.
CREATE TABLE api_sign_in_failures (
  throttle_key      text        PRIMARY KEY,
  failures          integer     NOT NULL CHECK (failures >= 0), -- in the window, including attempts in progress
  window_started_at timestamptz NOT NULL,
  locked_until      timestamptz
);
CREATE INDEX api_sign_in_failures_window_idx ON api_sign_in_failures (window_started_at);
