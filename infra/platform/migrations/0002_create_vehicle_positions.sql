-- Every valid tracker ping. Two clocks: recorded_at is the tracker's fix time, received_at is when ingest read it.
-- Unique on (vehicle_id, recorded_at): a redelivered MQTT message (QoS 1 is at-least-once) is stored once.
-- On TimescaleDB, 0002_create_vehicle_positions.timescale.sql turns this table into a hypertable.
CREATE TABLE vehicle_positions (
  vehicle_id   text             NOT NULL,
  recorded_at  timestamptz      NOT NULL,
  received_at  timestamptz      NOT NULL,
  agency_id    text             NOT NULL,
  lat          double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon          double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  speed_mps    real             CHECK (speed_mps >= 0),
  bearing_deg  real             CHECK (bearing_deg BETWEEN 0 AND 360),
  accuracy_m   real             CHECK (accuracy_m >= 0),
  odometer_m   double precision CHECK (odometer_m >= 0),
  trip_id      text,            -- as the tracker reported it; matching happens in the api
  route_id     text,
  -- GTFS-Realtime VehiclePosition.OccupancyStatus name: https://gtfs.org/realtime/reference/#enum-occupancystatus
  occupancy    text,
  seq          bigint,
  PRIMARY KEY (vehicle_id, recorded_at)
);
CREATE INDEX vehicle_positions_recorded_at_idx ON vehicle_positions (recorded_at DESC);
