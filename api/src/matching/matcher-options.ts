import { STANDING_STILL } from './standing-since.js'

/**
 * The matcher's tunables. Costs are negative log-likelihoods (unitless): a fix adds the cost of its evidence to
 * each hypothesis, and the cheapest hypothesis wins.
 */
export interface MatcherOptions {
  /** A trip is a candidate only where the fix is this close to its shape. */
  candidateMaxOffsetM: number
  /** Spread of GPS and shape error: an offset of this many metres costs 0.5. */
  offsetSigmaM: number
  /** Offsets beyond this cost no more (GPS outliers, detours). */
  offsetCapM: number
  /** Farther than this from the shape for offRouteAfterFixes fixes in a row: off-route. */
  offRouteM: number
  offRouteAfterFixes: number
  /** A hypothesis off its route this long is dropped (the bus left its trip). */
  dropOffRouteAfterS: number
  /**
   * A fix's distance and heading weigh in full when it comes fixEvidenceS or more after the last, in proportion
   * when sooner: fixes seconds apart err alike (a detour, a shape drawn off the street), they are not independent.
   */
  fixEvidenceS: number
  /** Below this speed the reported bearing is not trusted. */
  headingMinSpeedMps: number
  /** Cost of driving exactly against the shape's direction. */
  headingWeight: number
  /** Schedule window: a trip is considered from this early to this late; once matched, kept until keepLateS late. */
  maxEarlyS: number
  maxLateS: number
  keepLateS: number
  /** Running early beyond the tolerance costs 0.5 per earlySigmaS more, on every fix (buses hold at stops). */
  earlyToleranceS: number
  earlySigmaS: number
  /** Prior on a new hypothesis: lateness costs 1 per lateScaleS, waiting at a first stop 1 per waitScaleS. */
  lateScaleS: number
  earlyScaleS: number
  waitScaleS: number
  /** Longest wait at a trip's first stop before its departure. */
  maxWaitS: number
  /**
   * Trips near the fix are looked for on every searchEveryFixes-th fix, and on every fix while the best hypothesis
   * is missing or a fix costs it more than weakEvidenceCost (its evidence degrades: time to look for another).
   */
  searchEveryFixes: number
  weakEvidenceCost: number
  /**
   * A bus ready at its first stop leaves on time: standing there longer than departureGraceS past its departure
   * time, or past its arrival when it came late, costs lateDeparturePerMinute a minute.
   */
  departureGraceS: number
  lateDeparturePerMinute: number
  /** Cost of a hypothesis that does not continue the current ones (a re-match). */
  switchCost: number
  /** Cost of a hypothesis going on from a later place of its trip than it can drive to (a part of the route left out). */
  skipAheadCost: number
  /** Hypotheses costing this much more than the best are dropped; at most maxHypotheses are kept. */
  beamCost: number
  maxHypotheses: number
  /** Progress: at most maxSpeedMps between fixes, and back by at most jitterM (GPS noise). */
  maxSpeedMps: number
  jitterM: number
  /** Within this of a stop the vehicle is at it (dwelling, arrived, waiting). */
  atStopM: number
  /** Within this of a trip's last stop, the block's next trip is considered. */
  terminalRadiusM: number
  /**
   * A trip without a block is followed by the trips leaving within followerRadiusM of its last stop up to
   * maxLayoverS after its arrival (a bus that finished one trip runs one of those next, not a trip elsewhere);
   * one of another route costs otherRouteFollowerCost more. A bus still at the end of such a trip pays
   * endedTripCost a fix: it is laying over for one of its followers.
   */
  followerRadiusM: number
  maxLayoverS: number
  otherRouteFollowerCost: number
  endedTripCost: number
  /** Cost, on each fix, of a trip other than a consistent declared one (or of another route than the declared). */
  declaredTripCost: number
  declaredRouteCost: number
  /** A declared trip farther than this from its shape is not consistent (unless it is already the match). */
  declaredMaxOffsetM: number
  /** Cost, on each fix, of a trip another vehicle runs (matched to it in service, heard from within runnerSilenceS). */
  runByAnotherCost: number
  runnerSilenceS: number
  /** A vehicle runs a trip only when matched to it with at least this confidence. */
  runnerConfidence: number
  /** Below this speed the vehicle is standing (layover, dwell). */
  standingSpeedMps: number
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  candidateMaxOffsetM: 80,
  offsetSigmaM: 20,
  offsetCapM: 60,
  offRouteM: 100,
  offRouteAfterFixes: 3,
  dropOffRouteAfterS: 900,
  fixEvidenceS: 30,
  headingMinSpeedMps: 2,
  headingWeight: 4,
  maxEarlyS: 600,
  maxLateS: 1800,
  keepLateS: 3600,
  earlyToleranceS: 120,
  earlySigmaS: 120,
  lateScaleS: 300,
  earlyScaleS: 120,
  waitScaleS: 600,
  maxWaitS: 1800,
  searchEveryFixes: 6,
  weakEvidenceCost: 1.5,
  departureGraceS: 120,
  lateDeparturePerMinute: 1,
  switchCost: 8,
  skipAheadCost: 3,
  beamCost: 14,
  maxHypotheses: 20,
  maxSpeedMps: 25,
  jitterM: 40,
  atStopM: 20,
  terminalRadiusM: 60,
  declaredTripCost: 6,
  declaredRouteCost: 2,
  declaredMaxOffsetM: 150,
  followerRadiusM: 300,
  maxLayoverS: 5400,
  otherRouteFollowerCost: 2,
  endedTripCost: 1,
  runByAnotherCost: 1,
  runnerSilenceS: 600,
  runnerConfidence: 0.7,
  standingSpeedMps: STANDING_STILL.standingSpeedMps,
}
