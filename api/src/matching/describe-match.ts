import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { pointAtDistance } from '@masar/model/geo/polyline'
import type { MatcherOptions } from './matcher-options.js'
import type { MatchingIndex } from './matching-index.js'
import { hypothesisKey } from './step-hypotheses.js'
import { secondsIntoDay, tripEndM, tripStartM, type TripHypothesis } from './trip-hypothesis.js'
import { nextStopIndexAt } from './trip-timing.js'
import { unassignedMatch, type MatchStatus, type VehicleFix, type VehicleMatch } from './vehicle-match.js'

/**
 * The best hypothesis told as a trip status. A vehicle standing at its trip's last stop is in layover for its
 * block's next trip, one standing at its trip's first stop in layover before it; away from either (driving to where
 * the next trip starts) or done with its block, it is deadheading. Confidence is the reported trip's share of the
 * hypotheses' likelihoods.
 */
interface Reported {
  trip: ScheduleTrip
  status: MatchStatus
}

function reportedOf(h: TripHypothesis, fix: VehicleFix, index: MatchingIndex, options: MatcherOptions): Reported {
  const standing = fix.speedMps == null || fix.speedMps < options.standingSpeedMps
  const away = h.place.offsetM > options.offRouteM
  if (h.place.alongM >= tripEndM(h.trip) - options.atStopM && (standing || away)) {
    const successor = index.successorOf(h.trip)
    if (!successor || !index.lineOf(successor)) return { trip: h.trip, status: 'deadhead' }
    return { trip: successor, status: away ? 'deadhead' : 'layover' }
  }
  if (h.place.alongM <= tripStartM(h.trip) + options.atStopM && (standing || away)) return { trip: h.trip, status: away ? 'deadhead' : 'layover' }
  return { trip: h.trip, status: 'in-service' }
}

function confidenceOf(hypotheses: readonly TripHypothesis[], bestKey: string, keyOf: (h: TripHypothesis) => string): number {
  let total = 0
  let own = 0
  for (const h of hypotheses) {
    const weight = Math.exp(-h.cost)
    total += weight
    if (keyOf(h) === bestKey) own += weight
  }
  return total > 0 ? own / total : 0
}

export function describeMatch(fix: VehicleFix, hypotheses: readonly TripHypothesis[], index: MatchingIndex, options: MatcherOptions): VehicleMatch {
  const best = hypotheses[0]
  if (!best) return unassignedMatch(fix.vehicleId, fix.atMs)
  const { trip, status } = reportedOf(best, fix, index, options)
  const keyOf = (h: TripHypothesis) => hypothesisKey({ trip: reportedOf(h, fix, index, options).trip, day: h.day })
  const onNextTrip = trip !== best.trip
  const alongM = onNextTrip ? tripStartM(trip) : best.place.alongM
  const nextStopIndex = onNextTrip ? 0 : nextStopIndexAt(trip, alongM, options.atStopM)
  const deviationS = onNextTrip ? Math.max(0, secondsIntoDay(best.day, fix.atMs) - trip.departures[0]!) : best.timing.deviationS
  return {
    vehicleId: fix.vehicleId, atMs: fix.atMs, status, blockId: trip.blockId, tripId: trip.tripId, routeId: trip.routeId, directionId: trip.directionId,
    serviceDate: best.day.serviceDate, distanceAlongTripM: alongM, snapped: pointAtDistance(best.shape.line, best.place.alongM),
    distanceFromShapeM: best.place.offsetM, offRoute: best.offRouteFixes >= options.offRouteAfterFixes,
    nextStopIndex, nextStopId: nextStopIndex === null ? null : (trip.stopIds[nextStopIndex] ?? null),
    scheduleDeviationS: Math.round(deviationS), confidence: confidenceOf(hypotheses, keyOf(best), keyOf),
  }
}
