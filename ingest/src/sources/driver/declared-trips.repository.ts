import type pg from 'pg'

export interface DeclaredTrip {
  agencyId: string
  vehicleId: string
  tripId: string
  declaredAtMs: number
}

export async function declareTrip(pool: pg.Pool, trip: DeclaredTrip): Promise<void> {
  await pool.query(
    `INSERT INTO declared_trips (vehicle_id, agency_id, trip_id, declared_at) VALUES ($1, $2, $3, to_timestamp($4 / 1000.0))
     ON CONFLICT (vehicle_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, trip_id = EXCLUDED.trip_id, declared_at = EXCLUDED.declared_at`,
    [trip.vehicleId, trip.agencyId, trip.tripId, trip.declaredAtMs])
}

export async function endDeclaredTrip(pool: pg.Pool, vehicleId: string): Promise<void> {
  await pool.query('DELETE FROM declared_trips WHERE vehicle_id = $1', [vehicleId])
}

export async function loadDeclaredTrips(pool: pg.Pool): Promise<DeclaredTrip[]> {
  const { rows } = await pool.query<{ vehicle_id: string; agency_id: string; trip_id: string; declared_ms: number }>(
    'SELECT vehicle_id, agency_id, trip_id, extract(epoch FROM declared_at) * 1000 AS declared_ms FROM declared_trips')
  return rows.map((r) => ({ vehicleId: r.vehicle_id, agencyId: r.agency_id, tripId: r.trip_id, declaredAtMs: Number(r.declared_ms) }))
}
