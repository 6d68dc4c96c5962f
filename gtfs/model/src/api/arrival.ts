/**
 * One arrival at a stop as the api serves it (GET /api/v1/stops/:id/arrivals, the live stream's `arrivals`) and
 * the dashboard reads it: predicted where a bus works the trip, the timetable's otherwise.
 */
export interface Arrival {
  routeId: string
  routeShortName: string | null
  tripId: string
  headsign: string | null
  /** ISO 8601. */
  at: string
  minutes: number
  /** The p10–p90 range of a realtime prediction (null for the timetable's). */
  earliest: string | null
  latest: string | null
  minutesRange: [number, number] | null
  realtime: boolean
  /** The bus has not been heard from for a while: its prediction runs on from its last fix. */
  stale: boolean
  cancelled: boolean
  vehicleId: string | null
  occupancy: string | null
  scheduledAt: string
}
