-- Every vehicle ingest has ever heard from. The vehicle id is the tracker's identity (the MQTT topic names it).
CREATE TABLE vehicles (
  vehicle_id    text        PRIMARY KEY,
  agency_id     text        NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now()
);
