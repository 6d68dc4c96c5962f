import type pg from 'pg'

/**
 * What a route's time–distance ladder is drawn from: the stop events of its matched trips (which vehicle ran
 * which trip, and when it was at each stop) and the stored fixes of those vehicles over the same window.
 * Plain SQL on indexed columns, so the same queries serve TimescaleDB (hypertables) and plain PostgreSQL.
 */
export interface LadderStopEvent {
  vehicleId: string
  tripId: string
  serviceDate: string
  stopId: string
  /** 1-based place of the stop in the trip. */
  stopIndex: number
  arrivalMs: number
  departureMs: number
}

export interface LadderFix {
  vehicleId: string
  atMs: number
  lat: number
  lon: number
}

// arrival_at bounds both ways so TimescaleDB can skip chunks; a dwell longer than the margin is not a ladder's concern.
const EVENTS = `
SELECT vehicle_id, trip_id, service_date::text AS service_date, stop_id, stop_index, arrival_at, departure_at
FROM stop_events
WHERE route_id = $1 AND arrival_at >= $2::timestamptz - interval '3 hours' AND arrival_at < $3 AND departure_at >= $2
ORDER BY vehicle_id, arrival_at, stop_index`

// At most one fix a vehicle per $5 seconds (the first): a 1 Hz tracker adds nothing a ladder can show.
const FIXES = `
SELECT vehicle_id, recorded_at, lat, lon FROM (
  SELECT DISTINCT ON (vehicle_id, floor(extract(epoch FROM recorded_at) / $5)) vehicle_id, recorded_at, lat, lon
  FROM vehicle_positions
  WHERE vehicle_id = ANY($1::text[]) AND recorded_at >= $2 AND recorded_at < $3
  ORDER BY vehicle_id, floor(extract(epoch FROM recorded_at) / $5), recorded_at
) thinned ORDER BY vehicle_id, recorded_at LIMIT $4`

interface EventRow {
  vehicle_id: string
  trip_id: string
  service_date: string
  stop_id: string
  stop_index: number
  arrival_at: Date
  departure_at: Date
}

interface FixRow {
  vehicle_id: string
  recorded_at: Date
  lat: number
  lon: number
}

/** Stop events of a route's trips that end at or after fromMs and begin before toMs, by vehicle then time. */
export async function readLadderStopEvents(db: pg.Pool, options: { routeId: string; fromMs: number; toMs: number }): Promise<LadderStopEvent[]> {
  const { rows } = await db.query<EventRow>(EVENTS, [options.routeId, new Date(options.fromMs), new Date(options.toMs)])
  return rows.map((r) => ({
    vehicleId: r.vehicle_id, tripId: r.trip_id, serviceDate: r.service_date, stopId: r.stop_id, stopIndex: r.stop_index,
    arrivalMs: r.arrival_at.getTime(), departureMs: r.departure_at.getTime(),
  }))
}

/** The stored fixes of some vehicles in [fromMs, toMs), the first of each `everyS` seconds, by vehicle then time, at most `limit`. */
export async function readLadderFixes(db: pg.Pool, options: { vehicleIds: readonly string[]; fromMs: number; toMs: number; everyS: number; limit: number }): Promise<LadderFix[]> {
  if (options.vehicleIds.length === 0) return []
  const { rows } = await db.query<FixRow>(FIXES, [options.vehicleIds, new Date(options.fromMs), new Date(options.toMs), options.limit, options.everyS])
  return rows.map((r) => ({ vehicleId: r.vehicle_id, atMs: r.recorded_at.getTime(), lat: r.lat, lon: r.lon }))
}
