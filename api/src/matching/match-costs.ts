import type { MatcherOptions } from './matcher-options.js'
import type { TripTiming } from './trip-timing.js'

/**
 * The evidence one fix gives about one hypothesis, as costs (negative log-likelihoods, unitless). Spatial:
 * distance to the shape (Gaussian, capped so an outlier or a detour costs every hypothesis alike) and heading
 * against the shape's direction. Temporal: running early is unlikely (buses hold at stops), charged as the
 * earliness grows, while lateness and waiting only weigh once, when a hypothesis is first made (`priorCost`): a
 * bus that is late stays late, and should not lose its trip to a later one for it.
 */
export function offsetCost(offsetM: number, options: MatcherOptions): number {
  const z = Math.min(offsetM, options.offsetCapM) / options.offsetSigmaM
  return 0.5 * z * z
}

export function headingCost(speedMps: number | null | undefined, bearingDeg: number | null | undefined, shapeBearingDeg: number, options: MatcherOptions): number {
  if (speedMps == null || bearingDeg == null || speedMps < options.headingMinSpeedMps || Number.isNaN(shapeBearingDeg)) return 0
  const difference = ((bearingDeg - shapeBearingDeg) * Math.PI) / 180
  return (options.headingWeight * (1 - Math.cos(difference))) / 2
}

/** False outside the schedule window (wider for a trip already considered): the trip cannot be the one. */
export function withinWindow(timing: TripTiming, options: MatcherOptions, isNew: boolean): boolean {
  const maxLateS = isNew ? options.maxLateS : options.keepLateS
  return timing.deviationS <= maxLateS && timing.deviationS >= -options.maxEarlyS && timing.waitingS <= options.maxWaitS
}

/**
 * What running this early costs: nothing within the tolerance, then Gaussian. A hypothesis pays it once, as its
 * earliness grows (the difference between its new and its earliest so far): a bus that runs four minutes early
 * all along its trip is one unlikely thing, not one on every fix (it would lose its trip to the one before).
 */
export function earlyCost(deviationS: number, options: MatcherOptions): number {
  const early = -deviationS - options.earlyToleranceS
  if (early <= 0) return 0
  const z = early / options.earlySigmaS
  return 0.5 * z * z
}

export function priorCost(timing: TripTiming, options: MatcherOptions): number {
  if (timing.waitingS > 0) return timing.waitingS / options.waitScaleS
  return timing.deviationS >= 0 ? timing.deviationS / options.lateScaleS : -timing.deviationS / options.earlyScaleS
}
