import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { RiderVehicle } from '@masar/model/api/rider-vehicle'
import { headsignOf } from '../predictions/arrivals-at-stop.js'
import type { FleetState, VehicleState } from './fleet-state.js'

export type { RiderVehicle }

/**
 * A vehicle as anyone may see it (the live stream without a dispatcher's token), consistent with the public
 * VehiclePositions feed (gtfs-rt/vehicle-positions-feed.ts): the trip only while the bus works it in service or waits
 * at its first stop for it; none while it deadheads, stands at the depot or is unassigned; the tracker's own claim
 * only where the bus has not been matched at all. No block, phase, deviation or off-route flag.
 */
export function riderViewOf(fleet: FleetState, vehicle: VehicleState, nowMs: number, options: { schedule: Schedule | null; lang?: string }): RiderVehicle {
  const m = vehicle.match
  const inService = m !== null && m.tripId !== null && (m.status === 'in-service' || m.status === 'layover')
  const tripId = inService ? m.tripId : m === null ? vehicle.declaredTripId : null
  const trip = tripId === null ? undefined : options.schedule?.trips.get(tripId)
  return {
    vehicleId: vehicle.vehicleId, lat: vehicle.lat, lon: vehicle.lon, speedMps: vehicle.speedMps, bearingDeg: vehicle.bearingDeg,
    fixAt: new Date(vehicle.fixAtMs).toISOString(), ageS: Math.round((nowMs - vehicle.fixAtMs) / 1000), health: fleet.healthOf(vehicle, nowMs),
    tripId,
    routeId: inService ? m.routeId : tripId === null ? null : (trip?.routeId ?? vehicle.declaredRouteId),
    directionId: inService ? m.directionId : null,
    serviceDate: inService ? m.serviceDate : null,
    headsign: trip ? (headsignOf(trip, options.lang) ?? null) : null,
    nextStopId: inService ? m.nextStopId : null,
    occupancy: vehicle.occupancy,
  }
}
