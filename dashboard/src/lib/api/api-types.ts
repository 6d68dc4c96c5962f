/**
 * The api's payloads as the dashboard reads them. Arrivals and vehicles come from @masar/model, where the api takes
 * them too, so the two cannot drift; the smaller payloads of api/src/http/*-routes.ts are restated here.
 */
import type { Arrival } from '@masar/model/api/arrival'
import type { VehicleHealth, VehicleView } from '@masar/model/api/vehicle-view'
import type { Lang } from '../i18n/translate.js'

export type { Arrival, VehicleHealth, VehicleView }

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
