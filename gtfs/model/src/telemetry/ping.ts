/** A tracker ping as ingest stores it: parsed, validated, units in the names. */
export interface VehiclePing {
  agencyId: string
  vehicleId: string
  /** Tracker fix time, epoch milliseconds (UTC). */
  recordedAtMs: number
  lat: number
  lon: number
  speedMps: number | null
  bearingDeg: number | null
  accuracyM: number | null
  odometerM: number | null
  tripId: string | null
  routeId: string | null
  occupancy: OccupancyStatus | null
  seq: number | null
}

/** GTFS-Realtime VehiclePosition.OccupancyStatus names. */
export const OCCUPANCY_STATUSES = [
  'EMPTY',
  'MANY_SEATS_AVAILABLE',
  'FEW_SEATS_AVAILABLE',
  'STANDING_ROOM_ONLY',
  'CRUSHED_STANDING_ROOM_ONLY',
  'FULL',
  'NOT_ACCEPTING_PASSENGERS',
  'NO_DATA_AVAILABLE',
  'NOT_BOARDABLE',
] as const

export type OccupancyStatus = (typeof OCCUPANCY_STATUSES)[number]

/** The JSON a tracker publishes (wire form, before validation). */
export interface PingPayload {
  ts: string | number
  lat: number
  lon: number
  speed?: number
  bearing?: number
  accuracy?: number
  odometer?: number
  tripId?: string
  routeId?: string
  occupancy?: OccupancyStatus
  seq?: number
}
