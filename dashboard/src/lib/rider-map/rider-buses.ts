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
