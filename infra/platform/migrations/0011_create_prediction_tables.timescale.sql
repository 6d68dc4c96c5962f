-- Traversals: weekly chunks, compressed by from-stop after two weeks, kept 120 days. The hourly statistics outlive
-- them: the continuous aggregate keeps what it has materialised when raw chunks are dropped.
SELECT create_hypertable('segment_traversals', by_range('departed_at', INTERVAL '7 days'));
ALTER TABLE segment_traversals SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'from_stop_id',
  timescaledb.compress_orderby = 'departed_at DESC'
);
SELECT add_compression_policy('segment_traversals', INTERVAL '14 days');
SELECT add_retention_policy('segment_traversals', INTERVAL '120 days');

-- The same columns as the portable view, materialised hourly. materialized_only = false: the last hour (and
-- anything not refreshed yet) is read from segment_traversals, so new traversals count at once.
-- WITH NO DATA keeps the migration inside its transaction (timescale/docs#4290); the policy fills it.
DROP VIEW segment_stats_hourly;
CREATE MATERIALIZED VIEW segment_stats_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', departed_at) AS hour, from_stop_id, to_stop_id, day_type, hour_of_day,
       count(*) AS traversals,
       sum(running_s::float8) AS running_sum_s,
       sum(running_s::float8 * running_s::float8) AS running_sum_sq_s,
       count(dwell_s) AS dwells,
       sum(dwell_s::float8) AS dwell_sum_s,
       sum(dwell_s::float8 * dwell_s::float8) AS dwell_sum_sq_s
FROM segment_traversals
GROUP BY 1, 2, 3, 4, 5
WITH NO DATA;
SELECT add_continuous_aggregate_policy('segment_stats_hourly',
  start_offset => INTERVAL '30 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '15 minutes');

-- Outcomes: daily chunks, compressed by method after a week, kept 30 days.
SELECT create_hypertable('prediction_outcomes', by_range('made_at', INTERVAL '1 day'));
ALTER TABLE prediction_outcomes SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'method',
  timescaledb.compress_orderby = 'made_at DESC'
);
SELECT add_compression_policy('prediction_outcomes', INTERVAL '7 days');
SELECT add_retention_policy('prediction_outcomes', INTERVAL '30 days');
