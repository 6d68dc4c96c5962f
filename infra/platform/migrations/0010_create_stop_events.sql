-- Arrivals and departures of matched vehicles at the stops they pass (issue #5 §3): the history that predictions,
-- on-time performance and reports read. A hypertable on TimescaleDB (see the .timescale.sql sibling).
CREATE TABLE stop_events (
  vehicle_id     text        NOT NULL,
  trip_id        text        NOT NULL,
  route_id       text        NOT NULL,
  service_date   date        NOT NULL,
  stop_id        text        NOT NULL,
  stop_index     integer     NOT NULL CHECK (stop_index >= 1),
  arrival_at     timestamptz NOT NULL,
  departure_at   timestamptz NOT NULL CHECK (departure_at >= arrival_at),
  -- scheduled times (from the feed active when the event was detected) and the difference, positive = late
  scheduled_arrival_at timestamptz,
  delay_s        integer,
  observed       boolean     NOT NULL, -- a fix fell at the stop; false: interpolated between fixes
  feed_id        integer,
  PRIMARY KEY (trip_id, service_date, stop_index, arrival_at)
);
CREATE INDEX stop_events_stop_idx ON stop_events (stop_id, arrival_at DESC);
CREATE INDEX stop_events_route_idx ON stop_events (route_id, arrival_at DESC);
