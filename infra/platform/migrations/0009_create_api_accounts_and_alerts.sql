-- The api's accounts, third-party keys and service alerts (issue #5 §5).
-- Accounts: dispatchers and admins; passwords are kept only as scrypt hashes ('scrypt$N$r$p$salt$hash').
CREATE TABLE api_accounts (
  account_id    integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text        NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.@-]{3,64}$'),
  password_hash text        NOT NULL,
  role          text        NOT NULL CHECK (role IN ('dispatcher', 'admin')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz
);

-- Third-party API keys: the key itself is shown once; only its SHA-256 is kept. Each has its own rate limit.
CREATE TABLE api_keys (
  key_id                integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                  text        NOT NULL,
  key_hash              text        NOT NULL UNIQUE,
  rate_limit_per_minute integer     NOT NULL CHECK (rate_limit_per_minute > 0),
  created_at            timestamptz NOT NULL DEFAULT now(),
  revoked_at            timestamptz
);

-- Service alerts (GTFS-Realtime Alert): the current version of each, and every version ever saved.
-- Texts are {"ar": "…", "en": "…"}; active periods [{"start": epoch s, "end": epoch s}]; informed entities as
-- GTFS-Realtime EntitySelector objects ({"routeId": "…"}, {"stopId": "…"}, {"trip": {"tripId": "…"}}, …).
CREATE TABLE service_alerts (
  alert_id          integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version           integer     NOT NULL DEFAULT 1,
  cause             text        NOT NULL DEFAULT 'UNKNOWN_CAUSE',
  effect            text        NOT NULL DEFAULT 'UNKNOWN_EFFECT',
  active_periods    jsonb       NOT NULL DEFAULT '[]',
  informed_entities jsonb       NOT NULL,
  header_text       jsonb       NOT NULL,
  description_text  jsonb       NOT NULL DEFAULT '{}',
  url               jsonb       NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  updated_by        text        NOT NULL,
  deleted_at        timestamptz
);

CREATE TABLE service_alert_versions (
  alert_id   integer     NOT NULL REFERENCES service_alerts,
  version    integer     NOT NULL,
  alert      jsonb       NOT NULL,
  saved_at   timestamptz NOT NULL DEFAULT now(),
  saved_by   text        NOT NULL,
  PRIMARY KEY (alert_id, version)
);
