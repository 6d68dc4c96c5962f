/**
 * The payloads the vehicle panel and the route view read: api/src/http/rider-routes.ts (trips/:id, routes/:id),
 * vehicle-routes.ts (vehicles/:id/history) and route-headways.ts (routes/:id/headways).
 */
import type { VehicleHealth } from './api-types.js'

export interface TripStop {
  stopId: string
  name: string
  scheduledAt: string | null
  expectedAt: string | null
  earliest: string | null
  latest: string | null
  /** Null when no bus works the trip now. */
  passed: boolean | null
}

export interface TripResponse {
  tripId: string
  routeId: string
  headsign: string | null
  serviceDate: string | null
  vehicle: {
    vehicleId: string
    lat: number
    lon: number
    bearingDeg: number | null
    fixAt: string
    health: VehicleHealth
    scheduleDeviationS: number | null
    nextStopId: string | null
    occupancy: string | null
  } | null
  stops: TripStop[]
}

export interface HistoryPoint {
  at: string
  lat: number
  lon: number
  speedMps: number | null
  bearingDeg: number | null
}

export interface HistoryResponse {
  vehicleId: string
  from: string
  to: string
  bucketS: number | null
  count: number
  points: HistoryPoint[]
}

export interface RouteInfo {
  routeId: string
  shortName: string | null
  longName: string | null
  type: number
  color: string | null
}

export type RouteFeature =
  | { type: 'Feature'; properties: { kind: 'shape'; shapeId: string }; geometry: { type: 'LineString'; coordinates: Array<[number, number]> } }
  | { type: 'Feature'; properties: { kind: 'stop'; stopId: string; code: string | null; name: string; lat: number; lon: number }; geometry: { type: 'Point'; coordinates: [number, number] } }

export interface RouteResponse {
  route: RouteInfo
  geojson: { type: 'FeatureCollection'; features: RouteFeature[] }
}

export type HeadwayState = 'leading' | 'ok' | 'bunched' | 'gap'

export interface Headway {
  vehicleId: string
  tripId: string
  aheadVehicleId: string | null
  headwayS: number | null
  scheduledHeadwayS: number | null
  state: HeadwayState
}

export interface HeadwaysResponse {
  routeId: string
  at: string
  /** By direction id ("0", "1"). */
  directions: Record<string, Headway[]>
}

/** A route's time–distance ladder in one direction (api/src/ladder/ladder-routes.ts). */
export interface LadderResponse {
  routeId: string
  directionId: number
  from: string
  to: string
  shapeId: string
  lengthM: number
  /** The route's stops in order, at their metres along its shape; names in the language asked for. */
  stops: Array<{ stopId: string; name: string; distanceM: number }>
  /** One per bus working a trip: [epoch ms, metres along the shape], in time order. */
  runs: Array<{ vehicleId: string; tripId: string; serviceDate: string; points: Array<[number, number]> }>
}
