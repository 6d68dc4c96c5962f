import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { DispatcherLiveMessage, RiderLiveMessage } from '@masar/model/api/live'
import type { FleetState, VehicleState } from '../fleet/fleet-state.js'
import { riderViewOf } from '../fleet/rider-vehicle.js'
import { viewOf } from '../fleet/vehicle-view.js'

/**
 * Which view of each vehicle a live client is sent: the dispatcher's (VehicleView) to a signed-in dispatcher or
 * admin, the riders' (RiderVehicle, in the client's language) to anyone else. Each vehicle's new state is viewed
 * and serialised once per audience, whatever the number of clients: a vehicle's state object is replaced on every
 * fix, so it keys its messages.
 */
export type LiveAudience = { kind: 'dispatcher' } | { kind: 'rider'; lang: string | undefined }

/** What the stream's filters look at: the route a client sees the bus on, and where it is. */
export interface FilterFields {
  routeId: string | null
  lat: number
  lon: number
}

export interface ViewedVehicle {
  vehicleId: string
  health: 'fresh' | 'stale' | 'offline'
  filter: FilterFields
  view: object
  /** The `{ type: 'vehicle' }` message, serialised. */
  json: string
}

const keyOf = (audience: LiveAudience) => (audience.kind === 'dispatcher' ? 'dispatcher' : `rider:${audience.lang ?? ''}`)

export function createLiveViews(fleet: FleetState, schedule: () => Schedule | null) {
  const cache = new WeakMap<VehicleState, Map<string, ViewedVehicle>>()
  const build = (vehicle: VehicleState, nowMs: number, audience: LiveAudience): ViewedVehicle => {
    if (audience.kind === 'dispatcher') {
      const view = viewOf(fleet, vehicle, nowMs, schedule())
      const json = JSON.stringify({ type: 'vehicle', vehicle: view } satisfies DispatcherLiveMessage)
      return { vehicleId: view.vehicleId, health: view.health, filter: { routeId: view.routeId ?? view.declaredRouteId, lat: view.lat, lon: view.lon }, view, json }
    }
    const view = riderViewOf(fleet, vehicle, nowMs, { schedule: schedule(), lang: audience.lang })
    const json = JSON.stringify({ type: 'vehicle', vehicle: view } satisfies RiderLiveMessage)
    return { vehicleId: view.vehicleId, health: view.health, filter: { routeId: view.routeId, lat: view.lat, lon: view.lon }, view, json }
  }
  return {
    /** For the snapshot on connect: viewed now, not cached (ages and health move with time). */
    now: (vehicle: VehicleState, nowMs: number, audience: LiveAudience) => build(vehicle, nowMs, audience),
    /** For a change as it happens: viewed once per audience. */
    changed(vehicle: VehicleState, nowMs: number, audience: LiveAudience): ViewedVehicle {
      let byAudience = cache.get(vehicle)
      if (!byAudience) cache.set(vehicle, (byAudience = new Map()))
      const key = keyOf(audience)
      let viewed = byAudience.get(key)
      if (!viewed) byAudience.set(key, (viewed = build(vehicle, nowMs, audience)))
      return viewed
    },
  }
}
