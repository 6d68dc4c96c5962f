/**
 * The api's payloads as the dashboard reads them (api/src/http/*-routes.ts, api/src/predictions/arrivals-at-stop.ts,
 * api/src/fleet/vehicle-view.ts). Kept here until @masar/model holds the shared payload schemas (its src/api/).
 */
import type { Lang } from '../i18n/translate.js'

export interface Stop {
  stopId: string
  code: string | null
  name: string
  lat: number
  lon: number
}

export interface NearbyStop extends Stop {
  distanceM: number
}

export interface Arrival {
  routeId: string
  routeShortName: string | null
  tripId: string
  headsign: string | null
  at: string
  minutes: number
  earliest: string | null
  latest: string | null
  minutesRange: [number, number] | null
  realtime: boolean
  stale: boolean
  cancelled: boolean
  vehicleId: string | null
  occupancy: string | null
  scheduledAt: string
}

export interface StopAlert {
  alertId: string
  cause: string | null
  effect: string | null
  header: string | null
  description: string | null
}

export interface StopArrivalsResponse {
  stop: Stop
  /** The server's clock when it answered (ISO 8601). */
  at: string
  arrivals: Arrival[]
  alerts: StopAlert[]
}

export type VehicleHealth = 'fresh' | 'stale' | 'offline'

export interface VehicleView {
  vehicleId: string
  agencyId: string
  lat: number
  lon: number
  speedMps: number | null
  bearingDeg: number | null
  fixAt: string
  receivedAt: string
  ageS: number
  health: VehicleHealth
  declaredTripId: string | null
  declaredRouteId: string | null
  phase: string
  blockId: string | null
  tripId: string | null
  routeId: string | null
  directionId: number | null
  serviceDate: string | null
  distanceAlongTripM: number | null
  nextStopId: string | null
  /** Seconds behind the timetable (+ late, − early); null when no trip is matched. */
  scheduleDeviationS: number | null
  snapped: boolean | null
  offRoute: boolean
}

export type LiveMessage =
  | { type: 'snapshot'; vehicles: VehicleView[] }
  | { type: 'vehicle'; vehicle: VehicleView }
  | { type: 'health'; vehicles: Array<{ vehicleId: string; health: VehicleHealth }> }
  | { type: 'arrivals'; stopId: string; arrivals: Arrival[] }

export interface TokenResponse {
  token: string
  role: 'dispatcher' | 'admin'
  expiresAt: string
}

export interface KpiResponse {
  at: string
  vehicles: Record<VehicleHealth, number>
  matchedShare: number | null
  pingsPerSecond: number
  ghostTrips: number | null
}

export interface StopQuery {
  lang: Lang
  signal?: AbortSignal
}
