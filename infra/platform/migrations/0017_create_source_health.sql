-- Issue #19: the vendor feeds ingest polls (GTFS-Realtime VehiclePositions, SIRI-VM), as the dispatcher sees them: when
-- each last answered, its last error, how often it failed. One row per feed, written by the ingest instance that polls
-- it (its upsert after every poll), read by the api for the dispatcher dashboard. The URL is kept without credentials.
CREATE TABLE source_health (
  source_id          text        PRIMARY KEY,
  kind               text        NOT NULL,
  url                text        NOT NULL,
  interval_s         integer     CHECK (interval_s > 0), -- how often it is polled (silent after three missed)
  instance           text        NOT NULL,
  last_success_at    timestamptz,
  last_error_at      timestamptz,
  last_error         text,
  polls              bigint      NOT NULL CHECK (polls >= 0),
  errors             bigint      NOT NULL CHECK (errors >= 0),
  consecutive_errors integer     NOT NULL CHECK (consecutive_errors >= 0),
  fixes              bigint      NOT NULL CHECK (fixes >= 0),
  unchanged          bigint      NOT NULL CHECK (unchanged >= 0),
  rejected           bigint      NOT NULL CHECK (rejected >= 0),
  updated_at         timestamptz NOT NULL
);

-- ingest upserts its feeds' rows: ON CONFLICT … DO UPDATE SET x = EXCLUDED.x needs SELECT on the columns it names
-- (a column grant on the arbiter alone is refused: fleet-end-to-end runs ingest as its own login and says so)
GRANT SELECT, INSERT, UPDATE ON source_health TO masar_ingest;
GRANT SELECT ON source_health TO masar_api;
