import type { LiveMessage } from '@masar/model/api/live'
import type { TripResponse } from '@masar/model/api/trips'

/**
 * The bus working a trip, as fresh as can be: the trip's answer (GET /api/v1/trips/:id, every 15 s) and, between
 * those, the live stream's fixes of the same bus, whichever is newer.
 */
export interface FollowedBus {
  vehicleId: string
  lon: number
  lat: number
  fixAtMs: number
  health: 'fresh' | 'stale' | 'offline'
  nextStopId: string | null
}

/** Older than this, a bus shown at its last fix is said to be stale even when the api has not yet called it so. */
export const STALE_AFTER_S = 90

export function busOfTrip(trip: Pick<TripResponse, 'vehicle'>): FollowedBus | null {
  const v = trip.vehicle
  if (!v) return null
  return { vehicleId: v.vehicleId, lon: v.lon, lat: v.lat, fixAtMs: Date.parse(v.fixAt), health: v.health, nextStopId: v.nextStopId }
}

/** The newer of the bus we have and what a live message says of it (other buses' messages change nothing). */
export function busAfterMessage(bus: FollowedBus | null, message: LiveMessage): FollowedBus | null {
  if (!bus) return bus
  if (message.type === 'health') {
    const health = message.vehicles.find((v) => v.vehicleId === bus.vehicleId)?.health
    return health && health !== bus.health ? { ...bus, health } : bus
  }
  const vehicles = message.type === 'snapshot' ? message.vehicles : message.type === 'vehicle' ? [message.vehicle] : []
  const v = vehicles.find((candidate) => candidate.vehicleId === bus.vehicleId)
  if (!v) return bus
  const fixAtMs = Date.parse(v.fixAt)
  if (!(fixAtMs > bus.fixAtMs)) return bus
  return { vehicleId: v.vehicleId, lon: v.lon, lat: v.lat, fixAtMs, health: v.health, nextStopId: v.nextStopId ?? bus.nextStopId }
}

/** The trip's bus, moved to the live stream's newer fix of it; none when the trip has no bus (any more). */
export function newerBus(fromTrip: FollowedBus | null, fromLive: FollowedBus | null): FollowedBus | null {
  if (!fromTrip) return null
  if (!fromLive || fromLive.vehicleId !== fromTrip.vehicleId) return fromTrip
  return fromLive.fixAtMs > fromTrip.fixAtMs ? fromLive : fromTrip
}

export function isStale(bus: FollowedBus, nowMs: number): boolean {
  return bus.health !== 'fresh' || nowMs - bus.fixAtMs > STALE_AFTER_S * 1000
}
