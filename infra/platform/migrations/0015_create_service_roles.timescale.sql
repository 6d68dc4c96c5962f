-- On TimescaleDB stop events are dropped by a retention policy like positions' (chunks of 7 days: a chunk goes
-- once its newest event is older than STOP_EVENTS_RETENTION_DAYS), scheduled from configuration at each migrate.
CREATE OR REPLACE FUNCTION masar_apply_storage_policies(positions_retention interval, positions_compress_after interval, rejects_retention interval,
  stop_events_retention interval)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO storage_settings (name, value) VALUES
    ('positions_retention', positions_retention),
    ('positions_compress_after', positions_compress_after),
    ('rejects_retention', rejects_retention),
    ('stop_events_retention', stop_events_retention)
  ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now();
  PERFORM remove_compression_policy('vehicle_positions', if_exists => true);
  PERFORM add_compression_policy('vehicle_positions', compress_after => positions_compress_after);
  PERFORM remove_retention_policy('vehicle_positions', if_exists => true);
  PERFORM add_retention_policy('vehicle_positions', drop_after => positions_retention);
  PERFORM remove_retention_policy('ping_rejects', if_exists => true);
  PERFORM add_retention_policy('ping_rejects', drop_after => rejects_retention);
  PERFORM remove_retention_policy('stop_events', if_exists => true);
  PERFORM add_retention_policy('stop_events', drop_after => stop_events_retention);
END $$;

-- The retention policies drop whole chunks; nothing to delete row by row.
CREATE OR REPLACE FUNCTION masar_delete_expired_rows() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
END $$;
