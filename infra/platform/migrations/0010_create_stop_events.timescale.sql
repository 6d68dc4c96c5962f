SELECT create_hypertable('stop_events', by_range('arrival_at', INTERVAL '7 days'));
ALTER TABLE stop_events SET (timescaledb.compress, timescaledb.compress_segmentby = 'route_id', timescaledb.compress_orderby = 'arrival_at DESC');
SELECT add_compression_policy('stop_events', INTERVAL '14 days');
