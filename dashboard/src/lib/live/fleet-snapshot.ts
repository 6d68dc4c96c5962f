import type { DispatcherLiveMessage } from '@masar/model/api/live'
import type { VehicleHealth, VehicleView } from '@masar/model/api/vehicle-view'
import { ON_TIME_EARLIEST_S, ON_TIME_LATEST_S } from '@masar/model/realtime/on-time'
import { adherenceClassOf, LATE_UP_TO_S as SCHEDULE_LATE_UP_TO_S, type AdherenceClass, type VehicleAdherence } from '@masar/model/realtime/vehicle-adherence'

/**
 * The fleet as the live stream has told it so far: each vehicle's last view by id. Pure and immutable: applying a
 * message gives a new snapshot (Svelte's $state.raw then sees the change), so tests need no socket.
 */
export interface FleetSnapshot {
  readonly vehicles: ReadonlyMap<string, VehicleView>
}

export type Adherence = AdherenceClass
export const ADHERENCES: readonly Adherence[] = ['early', 'on-time', 'late', 'very-late', 'unknown']
export const HEALTHS: readonly VehicleHealth[] = ['fresh', 'stale', 'offline']

/** Bounds of the adherence classes, in seconds behind the timetable (+ late, − early). */
export const EARLY_BEFORE_S = ON_TIME_EARLIEST_S
export const ON_TIME_UP_TO_S = ON_TIME_LATEST_S
export const LATE_UP_TO_S = SCHEDULE_LATE_UP_TO_S

export function emptyFleet(): FleetSnapshot {
  return { vehicles: new Map() }
}

/** A schedule deviation's class (the one rule: @masar/model realtime/vehicle-adherence.ts). */
export function adherenceOf(scheduleDeviationS: number | null): Adherence {
  return adherenceClassOf(scheduleDeviationS === null ? null : { kind: 'schedule', deviationS: scheduleDeviationS })
}

/** How a vehicle keeps to its service, as the api judged it: by headway on a route run to one, else by schedule. */
export function vehicleAdherenceOf(v: Pick<VehicleView, 'adherence' | 'scheduleDeviationS'>): VehicleAdherence | null {
  // an api older than the adherence field sends only the deviation
  if (v.adherence !== undefined && v.adherence !== null) return v.adherence
  return v.scheduleDeviationS === null || v.scheduleDeviationS === undefined ? null : { kind: 'schedule', deviationS: v.scheduleDeviationS }
}

export const vehicleAdherenceClassOf = (v: Pick<VehicleView, 'adherence' | 'scheduleDeviationS'>): Adherence => adherenceClassOf(vehicleAdherenceOf(v))

export function applyLiveMessage(state: FleetSnapshot, message: DispatcherLiveMessage): FleetSnapshot {
  return applyLiveMessages(state, [message])
}

/** Several messages at once (a batch from the socket): one copy of the map, whatever their number. */
export function applyLiveMessages(state: FleetSnapshot, messages: readonly DispatcherLiveMessage[]): FleetSnapshot {
  if (messages.every((m) => m.type === 'arrivals')) return state
  const vehicles = new Map(state.vehicles)
  for (const message of messages) {
    switch (message.type) {
      case 'snapshot':
        vehicles.clear()
        for (const vehicle of message.vehicles) vehicles.set(vehicle.vehicleId, vehicle)
        break
      case 'vehicle':
        vehicles.set(message.vehicle.vehicleId, message.vehicle)
        break
      case 'health':
        for (const { vehicleId, health } of message.vehicles) {
          const vehicle = vehicles.get(vehicleId)
          if (vehicle && vehicle.health !== health) vehicles.set(vehicleId, { ...vehicle, health })
        }
        break
      case 'arrivals':
        break
    }
  }
  return { vehicles }
}

export function countByHealth(state: FleetSnapshot): Record<VehicleHealth, number> {
  const counts: Record<VehicleHealth, number> = { fresh: 0, stale: 0, offline: 0 }
  for (const vehicle of state.vehicles.values()) counts[vehicle.health] += 1
  return counts
}

export type BusProperties = {
  vehicleId: string
  /** Degrees clockwise from north; -1 when the tracker sent none (no arrow is drawn). */
  bearing: number
  adherence: Adherence
  health: VehicleHealth
  routeId: string | null
  tripId: string | null
}

export type BusFeature = {
  type: 'Feature'
  id: string
  geometry: { type: 'Point'; coordinates: [number, number] }
  properties: BusProperties
}

export type BusFeatureCollection = { type: 'FeatureCollection'; features: BusFeature[] }

/** The buses as one GeoJSON FeatureCollection for the map's single source. */
export function toFeatureCollection(state: FleetSnapshot): BusFeatureCollection {
  const features: BusFeature[] = []
  for (const v of state.vehicles.values()) {
    features.push({
      type: 'Feature',
      id: v.vehicleId,
      geometry: { type: 'Point', coordinates: [v.lon, v.lat] },
      properties: {
        vehicleId: v.vehicleId,
        bearing: v.bearingDeg ?? -1,
        adherence: vehicleAdherenceClassOf(v),
        health: v.health,
        routeId: v.routeId ?? v.declaredRouteId,
        tripId: v.tripId ?? v.declaredTripId,
      },
    })
  }
  return { type: 'FeatureCollection', features }
}
