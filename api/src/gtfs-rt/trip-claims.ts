import type { FleetState, VehicleState } from '../fleet/fleet-state.js'
import { tripKey } from '../matching/trip-key.js'

/**
 * One vehicle per trip in the feeds (GTFS-Realtime E047: a trip's vehicle must be the same in TripUpdates and
 * VehiclePositions): when matching puts two buses on one trip, the trip goes to the bus that declares it, then
 * to the more confident match, then to the smaller vehicle id; the others show without a trip.
 */
/**
 * Farther than this from its trip's shape, a bus (on a detour) shows without its trip until it is back: GTFS-RT
 * E029, and its predictions would not be worth giving.
 */
export const FAR_FROM_SHAPE_M = 200

export function tripWinners(fleet: FleetState, nowMs: number): Map<string, string> {
  const best = new Map<string, VehicleState>()
  const rank = (v: VehicleState) => [v.declaredTripId === v.match?.tripId ? 1 : 0, v.match?.confidence ?? 0] as const
  for (const vehicle of fleet.all()) {
    const m = vehicle.match
    if (!m?.tripId || !m.serviceDate || (m.status !== 'in-service' && m.status !== 'layover') || fleet.healthOf(vehicle, nowMs) === 'offline' || (m.distanceFromShapeM ?? 0) > FAR_FROM_SHAPE_M) continue
    const key = tripKey(m.serviceDate, m.tripId)
    const held = best.get(key)
    if (!held) {
      best.set(key, vehicle)
      continue
    }
    const [a, b] = [rank(vehicle), rank(held)]
    if (a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && vehicle.vehicleId < held.vehicleId)))) best.set(key, vehicle)
  }
  return new Map([...best].map(([key, vehicle]) => [key, vehicle.vehicleId]))
}
