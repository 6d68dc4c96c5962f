SELECT create_hypertable('ping_rejects', by_range('received_at', INTERVAL '1 day'), migrate_data => true);
