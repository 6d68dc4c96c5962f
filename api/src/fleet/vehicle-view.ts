import type { FleetState, VehicleHealth, VehicleState } from './fleet-state.js'

/** A vehicle as the api shows it (REST and the live stream): its state, its age and health at a moment. */
export interface VehicleView {
  vehicleId: string
  agencyId: string
  lat: number
  lon: number
  speedMps: number | null
  bearingDeg: number | null
  fixAt: string
  receivedAt: string
  ageS: number
  health: VehicleHealth
  declaredTripId: string | null
  declaredRouteId: string | null
}

export function viewOf(fleet: FleetState, vehicle: VehicleState, nowMs: number): VehicleView {
  return {
    vehicleId: vehicle.vehicleId, agencyId: vehicle.agencyId, lat: vehicle.lat, lon: vehicle.lon, speedMps: vehicle.speedMps, bearingDeg: vehicle.bearingDeg,
    fixAt: new Date(vehicle.fixAtMs).toISOString(), receivedAt: new Date(vehicle.receivedAtMs).toISOString(), ageS: Math.round((nowMs - vehicle.fixAtMs) / 1000),
    health: fleet.healthOf(vehicle, nowMs), declaredTripId: vehicle.declaredTripId, declaredRouteId: vehicle.declaredRouteId,
  }
}

