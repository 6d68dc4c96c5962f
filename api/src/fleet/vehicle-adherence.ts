import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import type { VehicleAdherence } from '@masar/model/realtime/vehicle-adherence'
import type { FleetState, VehicleState } from './fleet-state.js'

/**
 * A vehicle's adherence (@masar/model realtime/vehicle-adherence.ts), computed here and only here. On a trip run
 * to a headway (frequencies.txt exact_times 0) the gap to the bus ahead is the time the trip's own running times
 * give from where this bus is to where the nearest bus ahead on the same route and pattern is: how long ago that
 * bus passed here, what a rider at this point has waited. Elsewhere: the matched schedule deviation.
 */
export function vehicleAdherenceOf(fleet: FleetState, vehicle: VehicleState, nowMs: number, schedule: Schedule | null): VehicleAdherence | null {
  const m = vehicle.match
  if (!m?.tripId) return null
  const trip = schedule?.trips.get(m.tripId)
  if (!schedule || !trip?.headwayBased || !trip.headwayS) return m.scheduleDeviationS === null ? null : { kind: 'schedule', deviationS: m.scheduleDeviationS }
  const scheduledHeadwayS = trip.headwayS
  if (m.status !== 'in-service' || m.distanceAlongTripM === null) return { kind: 'headway', gapS: null, scheduledHeadwayS }
  const hereS = scheduledOffsetAtS(trip, m.distanceAlongTripM)
  let gapS: number | null = null
  for (const other of fleet.all()) {
    const o = other.match
    if (other === vehicle || !o?.tripId || o.status !== 'in-service' || o.routeId !== m.routeId || o.distanceAlongTripM === null) continue
    if (o.distanceAlongTripM <= m.distanceAlongTripM || fleet.healthOf(other, nowMs) === 'offline') continue
    const otherTrip = schedule.trips.get(o.tripId)
    if (!otherTrip || !samePattern(trip, otherTrip)) continue
    const aheadS = scheduledOffsetAtS(trip, o.distanceAlongTripM) - hereS
    if (gapS === null || aheadS < gapS) gapS = aheadS
  }
  return { kind: 'headway', gapS: gapS === null ? null : Math.round(gapS), scheduledHeadwayS }
}

const samePattern = (a: ScheduleTrip, b: ScheduleTrip) => (a.shapeId !== null && a.shapeId === b.shapeId) || (a.directionId === b.directionId && a.stopIds.join() === b.stopIds.join())

/** Seconds from the trip's first departure to the point `alongM` metres along it, by its stop times (linear between stops). */
export function scheduledOffsetAtS(trip: ScheduleTrip, alongM: number): number {
  const d = trip.distancesM
  const t0 = trip.departures[0]!
  if (!(alongM > d[0]!)) return 0
  for (let i = 1; i < d.length; i++) {
    if (alongM <= d[i]!) {
      const span = d[i]! - d[i - 1]!
      const from = trip.departures[i - 1]! - t0
      const to = trip.arrivals[i]! - t0
      return span > 0 ? from + ((alongM - d[i - 1]!) / span) * (to - from) : to
    }
  }
  return trip.arrivals[trip.arrivals.length - 1]! - t0
}
