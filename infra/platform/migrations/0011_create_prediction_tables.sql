-- What arrival predictions learn from and how well they did (issue #6). On TimescaleDB the two time series are
-- hypertables and segment_stats_hourly is a continuous aggregate (see the .timescale.sql sibling); here it is a
-- plain view of the same name and columns, computed when read.

-- One bus going from one stop of its trip to the next: running time between the stops, dwell at the first.
-- Day type and hour are the agency-local ones of the departure, decided by the writer (never a fixed UTC offset).
CREATE TABLE segment_traversals (
  feed_id          integer,
  vehicle_id       text        NOT NULL,
  route_id         text        NOT NULL,
  trip_id          text        NOT NULL,
  service_date     date        NOT NULL,
  from_stop_id     text        NOT NULL,
  to_stop_id       text        NOT NULL,
  from_stop_index  integer     NOT NULL CHECK (from_stop_index >= 1),
  departed_at      timestamptz NOT NULL,
  arrived_at       timestamptz NOT NULL CHECK (arrived_at >= departed_at),
  running_s        real        GENERATED ALWAYS AS (extract(epoch FROM arrived_at - departed_at)) STORED,
  dwell_s          real        CHECK (dwell_s >= 0), -- null: the bus was not seen arriving at the from-stop
  day_type         text        NOT NULL CHECK (day_type IN ('weekday', 'weekend-1', 'weekend-2')),
  hour_of_day      smallint    NOT NULL CHECK (hour_of_day BETWEEN 0 AND 23),
  PRIMARY KEY (trip_id, service_date, from_stop_index, departed_at)
);

-- Sums and sums of squares (not means) so hours add up to any window: mean = sum / n, variance from the squares.
-- Hours are UTC hours, as TimescaleDB's time_bucket gives them.
CREATE VIEW segment_stats_hourly AS
SELECT date_trunc('hour', departed_at, 'UTC') AS hour, from_stop_id, to_stop_id, day_type, hour_of_day,
       count(*) AS traversals,
       sum(running_s::float8) AS running_sum_s,
       sum(running_s::float8 * running_s::float8) AS running_sum_sq_s,
       count(dwell_s) AS dwells,
       sum(dwell_s::float8) AS dwell_sum_s,
       sum(dwell_s::float8 * dwell_s::float8) AS dwell_sum_sq_s
FROM segment_traversals
GROUP BY 1, 2, 3, 4, 5;

-- Every prediction made for a stop, once the bus has reached it: the accuracy log each method is judged by.
-- horizon_s = predicted − made (how far ahead), error_s = actual − predicted (positive: the bus came later).
CREATE TABLE prediction_outcomes (
  method       text        NOT NULL CHECK (method IN ('schedule', 'learned', 'kalman')),
  vehicle_id   text        NOT NULL,
  trip_id      text        NOT NULL,
  service_date date        NOT NULL,
  stop_id      text        NOT NULL,
  stop_index   integer     NOT NULL CHECK (stop_index >= 1),
  made_at      timestamptz NOT NULL,
  predicted_at timestamptz NOT NULL,
  actual_at    timestamptz NOT NULL,
  low_at       timestamptz NOT NULL, -- the p10–p90 range given with the prediction
  high_at      timestamptz NOT NULL CHECK (high_at >= low_at),
  horizon_s    real        GENERATED ALWAYS AS (extract(epoch FROM predicted_at - made_at)) STORED,
  error_s      real        GENERATED ALWAYS AS (extract(epoch FROM actual_at - predicted_at)) STORED,
  PRIMARY KEY (method, trip_id, service_date, stop_index, made_at)
);
CREATE INDEX prediction_outcomes_made_at_idx ON prediction_outcomes (made_at);

-- Trips a dispatcher took out of service for one service day: no predictions are served for them.
CREATE TABLE trip_cancellations (
  trip_id      text        NOT NULL,
  service_date date        NOT NULL,
  reason       text        NOT NULL,
  cancelled_by text        NOT NULL,
  cancelled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (trip_id, service_date)
);
