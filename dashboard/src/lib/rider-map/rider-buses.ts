import type { RiderLiveMessage } from '@masar/model/api/live'
import type { RiderVehicle } from '@masar/model/api/rider-vehicle'

/**
 * The buses around a rider, from the live stream's riders' view (/api/v1/live, RiderVehicle): a snapshot on
 * connect, then each vehicle as it moves and health changes. Pure: a new Map per batch, the old one untouched.
 * Offline buses are dropped (a rider waits for a bus that moves); stale ones kept and drawn greyed.
 */
export type RiderBuses = ReadonlyMap<string, RiderVehicle>

export function applyRiderMessages(buses: RiderBuses, messages: readonly RiderLiveMessage[]): RiderBuses {
  let next = new Map(buses)
  for (const message of messages) {
    switch (message.type) {
      case 'snapshot':
        next = new Map(message.vehicles.map((v) => [v.vehicleId, v]))
        break
      case 'vehicle':
        next.set(message.vehicle.vehicleId, message.vehicle)
        break
      case 'health':
        for (const { vehicleId, health } of message.vehicles) {
          const bus = next.get(vehicleId)
          if (bus) next.set(vehicleId, { ...bus, health })
        }
        break
      default:
        break
    }
  }
  for (const [id, bus] of next) if (bus.health === 'offline') next.delete(id)
  return next
}

export interface RiderBusFeature {
  type: 'Feature'
  id: string
  properties: { vehicleId: string; routeId: string; tripId: string; stale: boolean; bearingDeg: number }
  geometry: { type: 'Point'; coordinates: [number, number] }
}

/** The routes coming to each stop within the hour, from the stream's `arrivals` messages (?stops=). */
export type RoutesByStop = ReadonlyMap<string, ReadonlySet<string>>

export function applyArrivals(routesByStop: RoutesByStop, message: { stopId: string; arrivals: ReadonlyArray<{ routeId: string }> }): RoutesByStop {
  const next = new Map(routesByStop)
  next.set(message.stopId, new Set(message.arrivals.map((a) => a.routeId)))
  return next
}

/** Every route coming to any of the stops; null until the stream has said (then no bus is hidden). */
export function servingRoutes(routesByStop: RoutesByStop): ReadonlySet<string> | null {
  if (routesByStop.size === 0) return null
  const routes = new Set<string>()
  for (const stopRoutes of routesByStop.values()) for (const routeId of stopRoutes) routes.add(routeId)
  return routes
}

/** The buses of those routes (all of them while the routes are unknown). */
export function busesOfRoutes(buses: RiderBuses, routes: ReadonlySet<string> | null): RiderBuses {
  if (routes === null) return buses
  return new Map([...buses].filter(([, bus]) => bus.routeId !== null && routes.has(bus.routeId)))
}

/** The buses as one GeoJSON source for the map (never a DOM marker per bus); `routeId` labels each dot. */
export function riderBusesGeoJson(buses: RiderBuses): { type: 'FeatureCollection'; features: RiderBusFeature[] } {
  return {
    type: 'FeatureCollection',
    features: [...buses.values()].map((bus) => ({
      type: 'Feature',
      id: bus.vehicleId,
      properties: { vehicleId: bus.vehicleId, routeId: bus.routeId ?? '', tripId: bus.tripId ?? '', stale: bus.health !== 'fresh', bearingDeg: bus.bearingDeg ?? 0 },
      geometry: { type: 'Point', coordinates: [bus.lon, bus.lat] },
    })),
  }
}
