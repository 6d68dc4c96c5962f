-- Daily chunks; compressed chunks segmented by vehicle, newest first inside a segment (how history is read).
-- Compression and retention ages are set by masar_apply_storage_policies (0005), from configuration.
SELECT create_hypertable('vehicle_positions', by_range('recorded_at', INTERVAL '1 day'), migrate_data => true);
ALTER TABLE vehicle_positions SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'vehicle_id',
  timescaledb.compress_orderby = 'recorded_at DESC'
);
