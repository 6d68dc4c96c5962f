import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { findCandidateTrips, findDeclaredTrip } from './find-candidate-trips.js'
import type { MatcherOptions } from './matcher-options.js'
import type { MatchingIndex } from './matching-index.js'
import { tripKey } from './trip-key.js'
import { advanceHypothesis, placeAtStart, secondsIntoDay, spawnHypothesis, tripEndM, type HypothesisStart, type Observation, type TripHypothesis } from './trip-hypothesis.js'

/**
 * One step of a Viterbi search over what the vehicle is doing, with hypotheses made as evidence appears: each
 * hypothesis moves on along its trip; one at its trip's end also goes on as its block's next trip at no cost
 * (a layover, then the next trip), or, without blocks, as each trip that may follow it there; a trip held also goes
 * on from a later place of it near the fix, at skipAheadCost (a bus that left out part of its route, or a shape's
 * loop it did not drive, is still on its trip, no earlier than it was); trips near the fix are added at the cost of a re-match (`switchCost`), so the
 * match only changes when several fixes say so. A trip another vehicle declares is not this one's (a bus running
 * ahead of its own trip on the same street looks like the one before). A consistent declared trip is added, and
 * every other trip pays for disagreeing with it. Returns the hypotheses, cheapest first, the cheapest at cost 0.
 */
const SAME_PLACE_M = 100

export const hypothesisKey = (h: { trip: { tripId: string }; day: { serviceDate: string } }): string => tripKey(h.day.serviceDate, h.trip.tripId)

export interface StepContext {
  index: MatchingIndex
  options: MatcherOptions
  /** Look for trips near the fix (else only the hypotheses held move on). */
  search: boolean
  /** A trip another vehicle says it is running: not this vehicle's, whatever the fixes suggest. */
  declaredByAnother?: (tripId: string) => boolean
  /** A trip (by trip key) another vehicle is matched to and runs: this vehicle pays runByAnotherCost to be on it. */
  runByAnother?: (key: string) => boolean
}

/** Moves the hypotheses on (they are changed in place) and returns the new set. */
export function stepHypotheses(previous: TripHypothesis[], observation: Observation, { index, options, search, declaredByAnother, runByAnother }: StepContext): TripHypothesis[] {
  const { fix } = observation
  const best = previous[0]
  const current = best ? { tripId: best.trip.tripId, serviceDate: best.day.serviceDate } : null
  const next: TripHypothesis[] = []
  for (const h of previous) {
    const atEnd = h.place.alongM >= tripEndM(h.trip) - options.terminalRadiusM
    const following = atEnd ? followBlock(h, observation, index, options) : null
    if (following) next.push(following)
    const followers = atEnd && h.trip.blockId === null ? addFollowers(next, h, observation, index, options) : 0
    if (!advanceHypothesis(h, observation, options)) continue
    if (followers > 0 && h.place.alongM >= tripEndM(h.trip) - options.atStopM) h.cost += options.endedTripCost
    next.push(h)
  }
  if (search || next.length === 0) {
    const held = new HypothesesByPlace(next)
    const baseCost = previous.length === 0 ? 0 : options.switchCost
    const heldByTrip = previous.length === 0 ? null : groupByTrip(next)
    for (const candidate of findCandidateTrips(index, fix, options)) {
      if (held.has(candidate)) continue
      const behind = heldByTrip?.get(candidate.trip)?.find((h) => h.day === candidate.day && h.place.alongM < candidate.place.alongM)
      if (behind) add(next, { ...candidate, baseCost: behind.cost + options.skipAheadCost, kind: 'skip', earliestDeviationS: behind.earliestDeviationS }, observation, options)
      else add(next, { ...candidate, baseCost, kind: 'candidate' }, observation, options)
    }
  }
  if (declaredByAnother) removeWhere(next, (h) => h.trip.tripId !== fix.declaredTripId && declaredByAnother(h.trip.tripId))
  if (runByAnother) for (const h of next) if (h.trip.blockId === null && runByAnother(hypothesisKey(h))) h.cost += options.runByAnotherCost
  const declared = findDeclaredTrip(index, fix, options, current)
  if (declared) {
    if (!next.some((h) => hypothesisKey(h) === hypothesisKey(declared))) add(next, { ...declared, baseCost: 0, kind: 'declared' }, observation, options)
    const key = hypothesisKey(declared)
    for (const h of next) if (hypothesisKey(h) !== key) h.cost += options.declaredTripCost
  } else if (fix.declaredRouteId && next.some((h) => h.trip.routeId === fix.declaredRouteId)) {
    for (const h of next) if (h.trip.routeId !== fix.declaredRouteId) h.cost += options.declaredRouteCost
  }
  return prune(next, options)
}

function groupByTrip(hypotheses: readonly TripHypothesis[]): Map<ScheduleTrip, TripHypothesis[]> {
  const byTrip = new Map<ScheduleTrip, TripHypothesis[]>()
  for (const h of hypotheses) {
    const list = byTrip.get(h.trip)
    if (list) list.push(h)
    else byTrip.set(h.trip, [h])
  }
  return byTrip
}

function removeWhere(hypotheses: TripHypothesis[], condition: (h: TripHypothesis) => boolean): void {
  let kept = 0
  for (const h of hypotheses) if (!condition(h)) hypotheses[kept++] = h
  hypotheses.length = kept
}

function add(next: TripHypothesis[], start: HypothesisStart, observation: Observation, options: MatcherOptions): void {
  const h = spawnHypothesis(start, observation, options)
  if (h) next.push(h)
}

/** At its trip's last stop, the block's next trip begins where the vehicle is, carrying the cost so far. */
function followBlock(h: TripHypothesis, observation: Observation, index: MatchingIndex, options: MatcherOptions): TripHypothesis | null {
  const trip = index.successorOf(h.trip)
  const shape = trip && index.lineOf(trip)
  if (!trip || !shape) return null
  const place = placeAtStart(trip, shape, observation, options)
  return place && spawnHypothesis({ trip, day: h.day, shape, place, baseCost: h.cost, kind: 'successor' }, observation, options)
}

/**
 * At the last stop of a trip without a block, each trip that may follow it and is due about now begins where the
 * vehicle is, carrying the cost so far, its prior (how long until it leaves, or how late it is) and the cost of a
 * change of route. Returns how many were added.
 */
function addFollowers(next: TripHypothesis[], h: TripHypothesis, observation: Observation, index: MatchingIndex, options: MatcherOptions): number {
  const tSec = secondsIntoDay(h.day, observation.fix.atMs)
  let added = 0
  for (const trip of index.followers.of(h.trip)) {
    const departureS = trip.departures[0]!
    if (departureS > tSec + options.maxWaitS) break
    if (departureS < tSec - options.maxLateS || !h.day.services.has(trip.serviceId)) continue
    const shape = index.lineOf(trip)
    const place = shape && placeAtStart(trip, shape, observation, options)
    if (!shape || !place) continue
    const baseCost = h.cost + (trip.routeId === h.trip.routeId ? 0 : options.otherRouteFollowerCost)
    const follower = spawnHypothesis({ trip, day: h.day, shape, place, baseCost, kind: 'follower' }, observation, options)
    if (follower) {
      next.push(follower)
      added += 1
    }
  }
  return added
}

/** The hypotheses of each trip and day, to tell whether one is already at a place. */
class HypothesesByPlace {
  readonly #byTrip = new Map<ScheduleTrip, Array<{ serviceDate: string; alongM: number }>>()

  constructor(hypotheses: Iterable<TripHypothesis> = []) {
    for (const h of hypotheses) this.add(h)
  }

  has(h: Pick<TripHypothesis, 'trip' | 'day' | 'place'>): boolean {
    return this.#byTrip.get(h.trip)?.some((p) => p.serviceDate === h.day.serviceDate && Math.abs(p.alongM - h.place.alongM) < SAME_PLACE_M) ?? false
  }

  add(h: TripHypothesis): void {
    const places = this.#byTrip.get(h.trip)
    const place = { serviceDate: h.day.serviceDate, alongM: h.place.alongM }
    if (places) places.push(place)
    else this.#byTrip.set(h.trip, [place])
  }
}

/** Keeps the cheaper of two hypotheses at the same place of the same trip, then the best within the beam. */
function prune(hypotheses: TripHypothesis[], options: MatcherOptions): TripHypothesis[] {
  hypotheses.sort((a, b) => a.cost - b.cost)
  const minCost = hypotheses[0]?.cost ?? 0
  const kept: TripHypothesis[] = []
  const keptPlaces = new HypothesesByPlace()
  for (const h of hypotheses) {
    if (h.cost - minCost > options.beamCost || kept.length >= options.maxHypotheses) break
    if (keptPlaces.has(h)) continue
    keptPlaces.add(h)
    kept.push(h)
  }
  for (const h of kept) h.cost -= minCost
  return kept
}
