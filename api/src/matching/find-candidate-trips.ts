import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import type { MatcherOptions } from './matcher-options.js'
import type { MatchingIndex } from './matching-index.js'
import type { ServiceDay } from './service-days.js'
import { placeWithin, type ShapeLine, type ShapePlace } from './shape-line.js'
import { secondsIntoDay, tripEndM, tripStartM } from './trip-hypothesis.js'
import type { VehicleFix } from './vehicle-match.js'

/**
 * The trips a fix could belong to: every pass of a shape near it (from the grid), times every trip of that shape
 * running then on a service day (from the time index), placed where the pass is. A place beyond either end of a
 * trip's stretch of its shape is no place on that trip.
 */
export interface TripCandidate {
  trip: ScheduleTrip
  day: ServiceDay
  shape: ShapeLine
  place: ShapePlace
}

export function findCandidateTrips(index: MatchingIndex, fix: VehicleFix, options: MatcherOptions): TripCandidate[] {
  const passes = index.grid.placesNear(fix.lat, fix.lon, options.candidateMaxOffsetM)
  if (passes.length === 0) return []
  const days = index.serviceDays.at(fix.atMs)
  const window = { waitS: options.maxWaitS, lateS: options.maxLateS }
  const candidates: TripCandidate[] = []
  for (const pass of passes) {
    for (const day of days) {
      for (const trip of index.tripTimes.running(pass.shape.shapeId, day, secondsIntoDay(day, fix.atMs), window)) {
        const startM = tripStartM(trip)
        const endM = tripEndM(trip)
        if (pass.alongM < startM - options.terminalRadiusM || pass.alongM > endM + options.terminalRadiusM) continue
        const alongM = Math.min(endM, Math.max(startM, pass.alongM))
        candidates.push({ trip, day, shape: pass.shape, place: { alongM, offsetM: pass.offsetM, segment: pass.segment } })
      }
    }
  }
  return candidates
}

/**
 * The tracker's declared trip where it is consistent with the fix: running on one of the service days then
 * (within its schedule window), and near its shape, or already the vehicle's match (a detour keeps it).
 */
export function findDeclaredTrip(index: MatchingIndex, fix: VehicleFix, options: MatcherOptions, current: { tripId: string; serviceDate: string } | null): TripCandidate | null {
  const trip = fix.declaredTripId ? index.schedule.trips.get(fix.declaredTripId) : undefined
  const shape = trip && index.lineOf(trip)
  if (!trip || !shape) return null
  for (const day of index.serviceDays.at(fix.atMs)) {
    const tSec = secondsIntoDay(day, fix.atMs)
    if (!day.services.has(trip.serviceId) || tSec < trip.departures[0]! - options.maxWaitS || tSec > trip.arrivals[trip.arrivals.length - 1]! + options.keepLateS) continue
    const place = placeWithin(shape, fix.lat, fix.lon, { fromM: tripStartM(trip), toM: tripEndM(trip), expectedM: tripStartM(trip) })
    const isCurrent = current !== null && current.tripId === trip.tripId && current.serviceDate === day.serviceDate
    if (place && (isCurrent || place.offsetM <= options.declaredMaxOffsetM)) return { trip, day, shape, place }
  }
  return null
}
