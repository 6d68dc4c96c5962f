-- Revocable sign-ins and API keys, and sign-in throttling that cannot lock an account out (issue #17).

-- Bearer tokens carry the token generation of their account when they were issued (api/src/auth/tokens.ts); a
-- token whose generation is not the account's any more is refused. Signing out, changing the password, and an
-- admin disabling the account or changing its role each add one, so every token issued before is refused by every
-- replica from that moment (each request reads its account: api/src/auth/auth.ts). A counter, not a time, so that
-- the replicas' clocks (or a demo clock) need not agree. Disabled accounts (disabled_at, 0009) are refused too.
ALTER TABLE api_accounts ADD COLUMN token_generation integer NOT NULL DEFAULT 0;

-- Every change to the API keys (made, revoked, rate limit changed) is announced on the channel
-- masar_api_keys_changed: each api replica holds the keys in memory and reads them again when it hears it
-- (api/src/auth/api-key-changes.ts), so a revoked key is refused everywhere at once, not at the next periodic reload.
CREATE FUNCTION masar_notify_api_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('masar_api_keys_changed', '');
  RETURN NULL;
END $$;

CREATE TRIGGER api_keys_notify AFTER INSERT OR UPDATE OR DELETE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION masar_notify_api_keys_changed();

-- Sign-in throttling (api/src/auth/login-throttle.ts) keys rows by username and address together ('p:'), by
-- address ('a:', an IPv6 address as its /64) and by username ('u:'), each forgotten a while after its last
-- attempt: the column says what it holds now.
ALTER TABLE api_sign_in_failures RENAME COLUMN window_started_at TO last_attempt_at;
ALTER INDEX api_sign_in_failures_window_idx RENAME TO api_sign_in_failures_last_attempt_idx;
DELETE FROM api_sign_in_failures;
