-- Issue #19: a driver with a phone as tracker may say which trip the bus runs (the page the phone's QR code opens);
-- Masar takes it as the trip the bus declares, as a tracker's own tripId, until the driver ends it. One row per
-- vehicle, written by ingest's sources listener (which authenticates the phone), read by every ingest instance.
CREATE TABLE declared_trips (
  vehicle_id  text        PRIMARY KEY,
  agency_id   text        NOT NULL,
  trip_id     text        NOT NULL CHECK (length(trip_id) BETWEEN 1 AND 255),
  declared_at timestamptz NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE ON declared_trips TO masar_ingest;
GRANT SELECT ON declared_trips TO masar_api;
