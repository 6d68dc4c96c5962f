import type { VehiclePing } from '@masar/model/telemetry/ping'
import type pg from 'pg'

/** The latest stored fix of every vehicle heard from since a moment: what the api restores on start. */
const LATEST_SINCE = `
SELECT vehicle_id, agency_id, recorded_at, received_at, lat, lon, speed_mps, bearing_deg, accuracy_m, odometer_m, trip_id, route_id, occupancy, seq
FROM vehicle_latest WHERE recorded_at >= $1`

interface LatestRow {
  vehicle_id: string
  agency_id: string
  recorded_at: Date
  received_at: Date
  lat: number
  lon: number
  speed_mps: number | null
  bearing_deg: number | null
  accuracy_m: number | null
  odometer_m: number | null
  trip_id: string | null
  route_id: string | null
  occupancy: VehiclePing['occupancy']
  seq: string | null
}

/** Every stored fix since a moment, oldest first: replayed through matching on start so matches survive a restart. */
const RECENT_SINCE = `
SELECT vehicle_id, agency_id, recorded_at, received_at, lat, lon, speed_mps, bearing_deg, accuracy_m, odometer_m, trip_id, route_id, occupancy, seq
FROM vehicle_positions WHERE recorded_at >= $1 ORDER BY recorded_at LIMIT $2`

export async function readRecentFixes(db: pg.Pool, sinceMs: number, limit: number): Promise<Array<{ ping: VehiclePing; receivedAtMs: number }>> {
  const { rows } = await db.query<LatestRow>(RECENT_SINCE, [new Date(sinceMs), limit])
  return rows.map(toFix)
}

function toFix(r: LatestRow): { ping: VehiclePing; receivedAtMs: number } {
  return {
    ping: {
      agencyId: r.agency_id, vehicleId: r.vehicle_id, recordedAtMs: r.recorded_at.getTime(), lat: r.lat, lon: r.lon, speedMps: r.speed_mps, bearingDeg: r.bearing_deg,
      accuracyM: r.accuracy_m, odometerM: r.odometer_m, tripId: r.trip_id, routeId: r.route_id, occupancy: r.occupancy, seq: r.seq === null ? null : Number(r.seq),
    },
    receivedAtMs: r.received_at.getTime(),
  }
}

export async function readLatestFixes(db: pg.Pool, sinceMs: number): Promise<Array<{ ping: VehiclePing; receivedAtMs: number }>> {
  const { rows } = await db.query<LatestRow>(LATEST_SINCE, [new Date(sinceMs)])
  return rows.map(toFix)
}
