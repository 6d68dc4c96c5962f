import type { VehicleView } from '@masar/model/api/vehicle-view'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { FleetState, VehicleState } from './fleet-state.js'
import { vehicleAdherenceOf } from './vehicle-adherence.js'

export type { VehicleView }

/** A vehicle as the api shows it (REST and the live stream): its state, its age and health at a moment. */
export function viewOf(fleet: FleetState, vehicle: VehicleState, nowMs: number, schedule: Schedule | null): VehicleView {
  const m = vehicle.match
  return {
    vehicleId: vehicle.vehicleId, agencyId: vehicle.agencyId, lat: vehicle.lat, lon: vehicle.lon, speedMps: vehicle.speedMps, bearingDeg: vehicle.bearingDeg,
    fixAt: new Date(vehicle.fixAtMs).toISOString(), receivedAt: new Date(vehicle.receivedAtMs).toISOString(), ageS: Math.round((nowMs - vehicle.fixAtMs) / 1000),
    health: fleet.healthOf(vehicle, nowMs), declaredTripId: vehicle.declaredTripId, declaredRouteId: vehicle.declaredRouteId,
    phase: m?.status ?? 'unassigned', blockId: m?.blockId ?? null, tripId: m?.tripId ?? null, routeId: m?.routeId ?? null, directionId: m?.directionId ?? null,
    serviceDate: m?.serviceDate ?? null, distanceAlongTripM: m?.distanceAlongTripM === null || m?.distanceAlongTripM === undefined ? null : Math.round(m.distanceAlongTripM),
    nextStopId: m?.nextStopId ?? null, scheduleDeviationS: m?.scheduleDeviationS ?? null, snapped: m?.snapped ?? null, offRoute: m?.offRoute ?? false,
    adherence: vehicleAdherenceOf(fleet, vehicle, nowMs, schedule),
  }
}

