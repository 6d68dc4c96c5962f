/**
 * What the matcher is told and what it answers, per vehicle and fix. The answer follows OneBusAway's tripStatus:
 * the block, trip, route and direction the vehicle is working, where it is along the trip, its next stop, how late
 * it runs, and its phase. Distances along a trip are metres along the trip's shape (as the trip's distancesM).
 */
/** 'at-depot' is given by the fleet tracking (a bus off duty, standing), never by the matcher itself. */
export type MatchStatus = 'unassigned' | 'in-service' | 'layover' | 'deadhead' | 'at-depot'

export interface VehicleFix {
  vehicleId: string
  /** Fix time (epoch ms). */
  atMs: number
  lat: number
  lon: number
  speedMps?: number | null
  bearingDeg?: number | null
  /** The trip and route the tracker says it runs, taken when consistent with the evidence. */
  declaredTripId?: string | null
  declaredRouteId?: string | null
}

export interface VehicleMatch {
  vehicleId: string
  atMs: number
  status: MatchStatus
  blockId: string | null
  tripId: string | null
  routeId: string | null
  directionId: number | null
  /** The trip's service date ('YYYY-MM-DD'): yesterday's for a trip running past midnight. */
  serviceDate: string | null
  distanceAlongTripM: number | null
  /** The fix moved onto the trip's shape. */
  snapped: { lat: number; lon: number } | null
  distanceFromShapeM: number | null
  /** Far from the shape for several fixes in a row while assigned (a detour). */
  offRoute: boolean
  nextStopIndex: number | null
  nextStopId: string | null
  /** Positive: late. During a layover, how far past its departure time the next trip is (0 before it). */
  scheduleDeviationS: number | null
  /** 0..1: the matched trip's share of the evidence among the trips considered. */
  confidence: number
}

export function unassignedMatch(vehicleId: string, atMs: number): VehicleMatch {
  return {
    vehicleId, atMs, status: 'unassigned', blockId: null, tripId: null, routeId: null, directionId: null, serviceDate: null,
    distanceAlongTripM: null, snapped: null, distanceFromShapeM: null, offRoute: false, nextStopIndex: null, nextStopId: null,
    scheduleDeviationS: null, confidence: 0,
  }
}
