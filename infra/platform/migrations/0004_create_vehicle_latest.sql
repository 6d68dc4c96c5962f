-- The latest stored position of every vehicle: one index probe per vehicle on (vehicle_id, recorded_at),
-- so it stays cheap as history grows, and ingest pays nothing extra per ping to keep it.
CREATE VIEW vehicle_latest AS
SELECT v.vehicle_id, v.agency_id, p.recorded_at, p.received_at, p.lat, p.lon, p.speed_mps, p.bearing_deg,
       p.accuracy_m, p.odometer_m, p.trip_id, p.route_id, p.occupancy, p.seq
FROM vehicles v
CROSS JOIN LATERAL (
  SELECT * FROM vehicle_positions vp
  WHERE vp.vehicle_id = v.vehicle_id
  ORDER BY vp.recorded_at DESC
  LIMIT 1
) p;
