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
  /**
   * A run of a headway-based trip (frequencies.txt exact_times 0) that no bus is predicted for: its time is only a
   * headway, so riders are told "every N min" (one such entry per trip pattern); null otherwise.
   */
  headwayMinutes: number | null
}
