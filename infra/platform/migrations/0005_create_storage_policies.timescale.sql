-- On TimescaleDB the same function also (re)schedules the compression and retention jobs, so changing an age in
-- configuration takes effect at the next migrate.
CREATE OR REPLACE FUNCTION masar_apply_storage_policies(positions_retention interval, positions_compress_after interval, rejects_retention interval)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO storage_settings (name, value) VALUES
    ('positions_retention', positions_retention),
    ('positions_compress_after', positions_compress_after),
    ('rejects_retention', rejects_retention)
  ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now();
  PERFORM remove_compression_policy('vehicle_positions', if_exists => true);
  PERFORM add_compression_policy('vehicle_positions', compress_after => positions_compress_after);
  PERFORM remove_retention_policy('vehicle_positions', if_exists => true);
  PERFORM add_retention_policy('vehicle_positions', drop_after => positions_retention);
  PERFORM remove_retention_policy('ping_rejects', if_exists => true);
  PERFORM add_retention_policy('ping_rejects', drop_after => rejects_retention);
END $$;
