import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { earlyCost, headingCost, offsetCost, priorCost, withinWindow } from './match-costs.js'
import type { MatcherOptions } from './matcher-options.js'
import type { ServiceDay } from './service-days.js'
import { placeWithin, type ShapeLine, type ShapePlace } from './shape-line.js'
import { timingAt, type TripTiming } from './trip-timing.js'
import type { VehicleFix } from './vehicle-match.js'

/**
 * One thing a vehicle could be doing: a trip on a service day, at a place along it, with the cost of the evidence
 * so far. A hypothesis moves with each fix only forward along its trip (back by GPS jitter at most, ahead by what
 * the vehicle can drive), so a loop's second pass and a trip's direction follow from progress.
 */
export interface TripHypothesis {
  trip: ScheduleTrip
  day: ServiceDay
  shape: ShapeLine
  place: ShapePlace
  timing: TripTiming
  cost: number
  /** The cost the last fix added. */
  lastEvidenceCost: number
  /** Fixes in a row farther than offRouteM from the shape, and since when. */
  offRouteFixes: number
  offRouteSinceMs: number | null
  /** What standing at the first stop past the departure has cost so far. */
  heldBackCost: number
  /** The earliest it has run so far (seconds, negative: early; 0 at most): earliness is paid as it grows. */
  earliestDeviationS: number
}

/** A fix, the seconds since the vehicle's previous one, and since when the vehicle has stood where it is. */
export interface Observation {
  fix: VehicleFix
  dtS: number
  standingSinceMs: number
}

export interface HypothesisStart {
  trip: ScheduleTrip
  day: ServiceDay
  shape: ShapeLine
  place: ShapePlace
  baseCost: number
  /**
   * A trip found near the fix (weighed by the prior on its schedule deviation, within the strict window), the
   * tracker's declared trip (prior, wide window), a block's next trip (neither: a bus keeps to its block), or a
   * trip that may follow the last on the same bus where there are no blocks (prior, strict window), or the trip
   * held, gone on from a later place of it (neither: the same trip).
   */
  kind: 'candidate' | 'declared' | 'successor' | 'follower' | 'skip'
  /** For a hypothesis that goes on from another of the same trip: the earliest that one ran. */
  earliestDeviationS?: number
}

export const secondsIntoDay = (day: ServiceDay, atMs: number): number => (atMs - day.originMs) / 1000

export function tripStartM(trip: ScheduleTrip): number {
  return trip.distancesM[0]!
}

export function tripEndM(trip: ScheduleTrip): number {
  return trip.distancesM[trip.distancesM.length - 1]!
}

type Placed = Pick<TripHypothesis, 'trip' | 'day' | 'shape' | 'place' | 'timing'>

/** What standing at the first stop past the departure costs by now: a bus ready there leaves on time. */
function heldBackCostAt(h: Placed, { fix, standingSinceMs }: Observation, options: MatcherOptions): number {
  if (!h.timing.atTerminal || h.place.alongM >= tripEndM(h.trip)) return 0
  const dueMs = Math.max(h.day.originMs + h.trip.departures[0]! * 1000, standingSinceMs) + options.departureGraceS * 1000
  return fix.atMs > dueMs ? ((fix.atMs - dueMs) / 60_000) * options.lateDeparturePerMinute : 0
}

/**
 * The cost of one fix's evidence for a trip at a place (Infinity outside the trip's schedule window), running no
 * earlier than earliestDeviationS before it.
 */
function evidenceCost(h: Placed, { fix, dtS }: Observation, options: MatcherOptions, { isNew, earliestDeviationS }: { isNew: boolean; earliestDeviationS: number }): number {
  if (!withinWindow(h.timing, options, isNew)) return Infinity
  const timeCost = Math.max(0, earlyCost(h.timing.deviationS, options) - earlyCost(earliestDeviationS, options))
  const spatialCost = offsetCost(h.place.offsetM, options) + headingCost(fix.speedMps, fix.bearingDeg, h.shape.bearingsDeg[h.place.segment] ?? Number.NaN, options)
  return timeCost + (isNew || dtS <= 0 ? spatialCost : spatialCost * Math.min(1, dtS / options.fixEvidenceS))
}

function offRouteAfter(previous: Pick<TripHypothesis, 'offRouteFixes' | 'offRouteSinceMs'>, offsetM: number, atMs: number, options: MatcherOptions) {
  if (offsetM <= options.offRouteM) return { offRouteFixes: 0, offRouteSinceMs: null }
  return { offRouteFixes: previous.offRouteFixes + 1, offRouteSinceMs: previous.offRouteSinceMs ?? atMs }
}

/**
 * The place the fix moves the hypothesis to: within what the vehicle can drive since the last fix. A fix far from
 * the shape (an outlier, a detour) moves it no farther than the vehicle's own speed says, so one bad fix cannot
 * throw it ahead of the vehicle (from where, progress being monotonic, it could not come back).
 */
function placeAlong(h: TripHypothesis, { fix, dtS }: Observation, options: MatcherOptions): ShapePlace | null {
  const along = h.place.alongM
  const fromM = Math.max(tripStartM(h.trip), along - options.jitterM)
  const expectedM = along + (fix.speedMps ?? 5) * dtS
  const place = placeWithin(h.shape, fix.lat, fix.lon, { fromM, toM: Math.min(tripEndM(h.trip), along + options.maxSpeedMps * dtS + options.jitterM), expectedM })
  if (!place || place.offsetM <= options.offsetCapM || fix.speedMps == null) return place
  const plausibleM = along + fix.speedMps * dtS * 1.2 + options.jitterM
  return place.alongM <= plausibleM ? place : placeWithin(h.shape, fix.lat, fix.lon, { fromM, toM: Math.min(tripEndM(h.trip), plausibleM), expectedM })
}

/** Moves the hypothesis on to a new fix, dtS seconds after the last; false when it no longer holds. */
export function advanceHypothesis(h: TripHypothesis, observation: Observation, options: MatcherOptions): boolean {
  const { fix } = observation
  const place = placeAlong(h, observation, options)
  if (!place) return false
  const timing = timingAt(h.trip, place.alongM, secondsIntoDay(h.day, fix.atMs), options.atStopM)
  const placed: Placed = { trip: h.trip, day: h.day, shape: h.shape, place, timing }
  const evidence = evidenceCost(placed, observation, options, { isNew: false, earliestDeviationS: h.earliestDeviationS })
  const offRoute = offRouteAfter(h, place.offsetM, fix.atMs, options)
  if (evidence === Infinity || (offRoute.offRouteSinceMs !== null && fix.atMs - offRoute.offRouteSinceMs > options.dropOffRouteAfterS * 1000)) return false
  const heldBackCost = Math.max(h.heldBackCost, heldBackCostAt(placed, observation, options))
  const cost = evidence + heldBackCost - h.heldBackCost
  const earliestDeviationS = Math.min(h.earliestDeviationS, timing.deviationS)
  Object.assign(h, { place, timing, cost: h.cost + cost, lastEvidenceCost: cost, heldBackCost, earliestDeviationS }, offRoute)
  return true
}

/** A new hypothesis at a place: its cost is `baseCost`, the prior on its schedule deviation, and the fix's evidence. */
export function spawnHypothesis(start: HypothesisStart, observation: Observation, options: MatcherOptions): TripHypothesis | null {
  const { fix } = observation
  const timing = timingAt(start.trip, start.place.alongM, secondsIntoDay(start.day, fix.atMs), options.atStopM)
  const placed: Placed = { trip: start.trip, day: start.day, shape: start.shape, place: start.place, timing }
  const earliestDeviationS = start.earliestDeviationS ?? 0
  const evidence = evidenceCost(placed, observation, options, { isNew: start.kind === 'candidate' || start.kind === 'follower', earliestDeviationS })
  if (evidence === Infinity) return null
  const heldBackCost = heldBackCostAt(placed, observation, options)
  const cost = evidence + heldBackCost
  return {
    trip: start.trip, day: start.day, shape: start.shape, place: start.place, timing, heldBackCost, earliestDeviationS: Math.min(earliestDeviationS, timing.deviationS),
    cost: start.baseCost + (start.kind === 'successor' || start.kind === 'skip' ? 0 : priorCost(timing, options)) + cost, lastEvidenceCost: cost,
    ...offRouteAfter({ offRouteFixes: 0, offRouteSinceMs: null }, start.place.offsetM, fix.atMs, options),
  }
}

/** The block's next trip, begun where the vehicle is, for a hypothesis that has reached its trip's last stop. */
export function placeAtStart(trip: ScheduleTrip, shape: ShapeLine, { fix, dtS }: Observation, options: MatcherOptions): ShapePlace | null {
  const startM = tripStartM(trip)
  return placeWithin(shape, fix.lat, fix.lon, { fromM: startM, toM: Math.min(tripEndM(trip), startM + options.maxSpeedMps * dtS + options.jitterM), expectedM: startM })
}
