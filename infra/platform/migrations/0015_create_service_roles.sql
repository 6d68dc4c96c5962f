-- Issue #17: the services no longer connect as the superuser. Three group roles (NOLOGIN) with the table privileges
-- their service needs and nothing else; each service logs in as a login that is a member of its group (README:
-- Production, "Database roles"; `npm run migrate` creates the logins from MIGRATE_*_DB_PASSWORD).
--   masar_ingest    writes pings, vehicles and dead letters; reads nothing
--   masar_realtime  reads the schedule, positions, alerts and cancellations; writes what it derives
--   masar_api       reads what it serves; writes accounts, keys, alerts, cancellations and its rate-limit state
-- The owner of the schema is the one login that migrates (and runs gtfs:import, which creates partitions): a
-- superuser, or the database's owner with CREATEROLE. Not a NOLOGIN group: TimescaleDB runs a hypertable's
-- policies as its owner and refuses an owner that cannot log in.
-- No ALTER DEFAULT PRIVILEGES: a later migration that creates a table grants on it explicitly, and the test
-- infra/platform/src/db/service-roles.integration.test.ts fails for a table without a decision.

-- Roles are cluster-wide: databases on one server share them, and two may be migrated at once (the tests do).
DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['masar_ingest', 'masar_realtime', 'masar_api'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
      EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL; -- created by a migration running beside this one
        WHEN insufficient_privilege THEN
          RAISE EXCEPTION 'role % does not exist and % may not create it', role_name, current_user
            USING HINT = 'migrate as a superuser or a login with CREATEROLE, or have one run: CREATE ROLE ' || role_name || ' NOLOGIN';
      END;
    END IF;
  END LOOP;
END $$;

-- Nobody but the owner creates objects (PostgreSQL 15 already says so for new clusters; not for upgraded ones).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- Functions are executable by everyone by default; these are the migration runner's and the loader's.
REVOKE EXECUTE ON FUNCTION masar_attach_feed_partitions, masar_create_feed_partitions, masar_drop_feed_partitions,
  masar_notify_feed_activated FROM PUBLIC;

-- ingest: INSERT only; it reads nothing back (its ON CONFLICT DO NOTHING names no arbiter: naming one needs SELECT)
GRANT INSERT ON vehicle_positions, vehicles, ping_rejects TO masar_ingest;

-- the realtime engine
GRANT SELECT ON feeds, active_feed, gtfs_agency, gtfs_calendar, gtfs_calendar_dates, gtfs_feed_info, gtfs_frequencies,
  gtfs_routes, gtfs_shapes, gtfs_stop_times, gtfs_stops, gtfs_translations, gtfs_trips,
  vehicles, vehicle_positions, vehicle_latest, service_alerts, trip_cancellations,
  stop_events, segment_traversals, segment_stats_hourly, prediction_outcomes TO masar_realtime;
GRANT INSERT ON stop_events, segment_traversals, prediction_outcomes TO masar_realtime;

-- the api readers
GRANT SELECT ON feeds, active_feed, gtfs_agency, gtfs_calendar, gtfs_calendar_dates, gtfs_feed_info, gtfs_frequencies,
  gtfs_routes, gtfs_shapes, gtfs_stop_times, gtfs_stops, gtfs_translations, gtfs_trips,
  vehicles, vehicle_positions, vehicle_latest, stop_events, prediction_outcomes,
  service_alerts, service_alert_versions, trip_cancellations,
  api_accounts, api_keys, api_rate_limit_counts, api_sign_in_failures TO masar_api;
GRANT INSERT, UPDATE ON service_alerts TO masar_api;
GRANT INSERT ON service_alert_versions, api_accounts, api_keys TO masar_api;
GRANT INSERT, UPDATE, DELETE ON trip_cancellations, api_rate_limit_counts, api_sign_in_failures TO masar_api;

-- Stop events carry vehicle ids and times (linkable to drivers): kept STOP_EVENTS_RETENTION_DAYS, as positions are
-- kept POSITIONS_RETENTION_DAYS. The function gains the stop events' age; the TimescaleDB sibling schedules it.
DROP FUNCTION masar_apply_storage_policies(interval, interval, interval);
CREATE FUNCTION masar_apply_storage_policies(positions_retention interval, positions_compress_after interval, rejects_retention interval,
  stop_events_retention interval)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO storage_settings (name, value) VALUES
    ('positions_retention', positions_retention),
    ('positions_compress_after', positions_compress_after),
    ('rejects_retention', rejects_retention),
    ('stop_events_retention', stop_events_retention)
  ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now();
END $$;

-- Plain PostgreSQL has no retention jobs: this deletes what TimescaleDB's policies would have dropped (the ages in
-- storage_settings; traversals and prediction outcomes at the fixed ages of migration 0011). `npm run migrate` runs
-- it after applying the policies; run it daily (cron: psql -c 'SELECT masar_delete_expired_rows()').
-- On TimescaleDB it does nothing: the policies drop whole chunks.
CREATE FUNCTION masar_delete_expired_rows() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  age interval;
BEGIN
  SELECT value INTO age FROM storage_settings WHERE name = 'positions_retention';
  IF age IS NOT NULL THEN DELETE FROM vehicle_positions WHERE recorded_at < now() - age; END IF;
  SELECT value INTO age FROM storage_settings WHERE name = 'rejects_retention';
  IF age IS NOT NULL THEN DELETE FROM ping_rejects WHERE received_at < now() - age; END IF;
  SELECT value INTO age FROM storage_settings WHERE name = 'stop_events_retention';
  IF age IS NOT NULL THEN DELETE FROM stop_events WHERE arrival_at < now() - age; END IF;
  DELETE FROM segment_traversals WHERE departed_at < now() - INTERVAL '120 days';
  DELETE FROM prediction_outcomes WHERE made_at < now() - INTERVAL '30 days';
END $$;

REVOKE EXECUTE ON FUNCTION masar_apply_storage_policies, masar_delete_expired_rows FROM PUBLIC;
