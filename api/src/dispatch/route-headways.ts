import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { headwayStateOf, type HeadwayState } from '@masar/model/realtime/headway-state'
import type { FleetState } from '../fleet/fleet-state.js'

/**
 * Headways on a route now, per direction: the buses working it, in order along the route, and the time between
 * each and the one ahead, against what the timetable puts between them. A bus effectively left its terminal at
 * its trip's scheduled start plus its current deviation; the gap between two such moments is the headway a rider
 * waits, its state (bunched, gap: headway-state.ts) judged against the timetable's headway.
 */
export interface Headway {
  vehicleId: string
  tripId: string
  aheadVehicleId: string | null
  headwayS: number | null
  scheduledHeadwayS: number | null
  state: HeadwayState
}

export function routeHeadways(schedule: Schedule, fleet: FleetState, routeId: string, nowMs: number): Record<string, Headway[]> {
  const byDirection = new Map<string, Array<{ vehicleId: string; tripId: string; startS: number; effectiveS: number; headwayS: number | null }>>()
  for (const vehicle of fleet.all()) {
    const m = vehicle.match
    if (!m?.tripId || m.routeId !== routeId || m.status !== 'in-service' || fleet.healthOf(vehicle, nowMs) === 'offline') continue
    const trip = schedule.trips.get(m.tripId)
    if (!trip) continue
    const startS = trip.departures[0]!
    const key = String(trip.directionId ?? 0)
    const list = byDirection.get(key) ?? []
    // a run of a headway-based trip (frequencies.txt exact_times 0) promises its headway, not its nominal start
    list.push({ vehicleId: vehicle.vehicleId, tripId: trip.tripId, startS, effectiveS: startS + (m.scheduleDeviationS ?? 0), headwayS: trip.headwayBased ? (trip.headwayS ?? null) : null })
    byDirection.set(key, list)
  }
  const result: Record<string, Headway[]> = {}
  for (const [direction, buses] of byDirection) {
    buses.sort((a, b) => a.effectiveS - b.effectiveS)
    result[direction] = buses.map((bus, i) => {
      const ahead = buses[i - 1]
      if (!ahead) return { vehicleId: bus.vehicleId, tripId: bus.tripId, aheadVehicleId: null, headwayS: null, scheduledHeadwayS: null, state: 'leading' }
      const headwayS = Math.round(bus.effectiveS - ahead.effectiveS)
      const scheduledHeadwayS = bus.headwayS ?? bus.startS - ahead.startS
      return { vehicleId: bus.vehicleId, tripId: bus.tripId, aheadVehicleId: ahead.vehicleId, headwayS, scheduledHeadwayS, state: headwayStateOf(headwayS, scheduledHeadwayS) }
    })
  }
  return result
}
