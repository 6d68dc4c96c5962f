import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { describeMatch } from './describe-match.js'
import { DEFAULT_MATCHER_OPTIONS, type MatcherOptions } from './matcher-options.js'
import { MatchingIndex } from './matching-index.js'
import { STANDING_STILL, standingPlaceAfter, type StandingPlace } from './standing-since.js'
import { stepHypotheses } from './step-hypotheses.js'
import type { TripHypothesis } from './trip-hypothesis.js'
import { tripKey } from './trip-key.js'
import type { VehicleFix, VehicleMatch } from './vehicle-match.js'

/**
 * Matches each vehicle to a block and trip from its fixes, one fix at a time: pure and synchronous, the evidence
 * of each vehicle kept here between fixes. A fix not newer than the vehicle's last is answered with the last match
 * (late and repeated fixes never move a vehicle back); after a silence longer than `restartAfterS` the vehicle is
 * matched afresh. A trip one vehicle declares (its tracker or the operator's system says so) is not matched to
 * another for an hour after; a trip one vehicle is matched to in service costs any other vehicle that matches it
 * too (`runByAnotherCost` a fix), while the first runs it: two buses on one street a headway apart are on two trips,
 * not both on the one whose timetable suits them best. The schedule is indexed once, when the matcher is made.
 */
export interface VehicleMatcher {
  observe(fix: VehicleFix): VehicleMatch
  matchOf(vehicleId: string): VehicleMatch | undefined
  /** Drops a vehicle's evidence (it went offline or off duty). */
  forget(vehicleId: string): void
  readonly vehicleCount: number
}

export interface VehicleMatcherOptions extends Partial<MatcherOptions> {
  /** Seconds without a fix after which a vehicle's evidence is stale. */
  restartAfterS?: number
}

interface VehicleEvidence {
  hypotheses: TripHypothesis[]
  lastFixMs: number
  fixesSinceSearch: number
  standing: StandingPlace | null
  match: VehicleMatch | null
  /** The trip and day it runs in service, as a trip key (null: none). */
  runningKey: string | null
}

const DEFAULT_RESTART_AFTER_S = 3600
/** How often (in fixes) declarations older than restartAfterS are dropped. */
const PRUNE_DECLARATIONS_EVERY = 10_000
const NO_EVIDENCE: VehicleEvidence = { hypotheses: [], lastFixMs: Number.NEGATIVE_INFINITY, fixesSinceSearch: 0, standing: null, match: null, runningKey: null }

export function createVehicleMatcher(schedule: Schedule, options: VehicleMatcherOptions = {}): VehicleMatcher {
  const { restartAfterS = DEFAULT_RESTART_AFTER_S, ...tunables } = options
  const settings: MatcherOptions = { ...DEFAULT_MATCHER_OPTIONS, ...tunables }
  const index = new MatchingIndex(schedule, settings)
  const vehicles = new Map<string, VehicleEvidence>()
  // trip id → the vehicle that last declared it, and when: that trip is not another vehicle's
  const declarations = new Map<string, { vehicleId: string; atMs: number }>()
  // trip key → the vehicle that runs it (its match, in service): another vehicle pays for matching it too
  const runners = new Map<string, string>()
  let fixesSincePrune = 0

  function noteDeclaration(fix: VehicleFix): void {
    if (fix.declaredTripId) declarations.set(fix.declaredTripId, { vehicleId: fix.vehicleId, atMs: fix.atMs })
    if (++fixesSincePrune < PRUNE_DECLARATIONS_EVERY) return
    fixesSincePrune = 0
    for (const [tripId, d] of declarations) if (fix.atMs - d.atMs > restartAfterS * 1000) declarations.delete(tripId)
    for (const [key, vehicleId] of runners) if (!isRunning(vehicleId, key, fix.atMs)) runners.delete(key)
  }

  /** The vehicle still runs the trip: matched to it in service, and heard from lately. */
  function isRunning(vehicleId: string, key: string, atMs: number): boolean {
    const held = vehicles.get(vehicleId)
    return held?.runningKey === key && atMs - held.lastFixMs <= settings.runnerSilenceS * 1000
  }

  /** The first vehicle matched to a trip keeps it while it runs it. */
  function noteRunner(vehicleId: string, key: string | null, atMs: number): void {
    if (key === null) return
    const runner = runners.get(key)
    if (runner === undefined || (runner !== vehicleId && !isRunning(runner, key, atMs))) runners.set(key, vehicleId)
  }

  function observe(fix: VehicleFix): VehicleMatch {
    const held = vehicles.get(fix.vehicleId)
    if (held?.match && fix.atMs <= held.lastFixMs) return held.match
    noteDeclaration(fix)
    const declaredByAnother = (tripId: string): boolean => {
      const d = declarations.get(tripId)
      return d !== undefined && d.vehicleId !== fix.vehicleId && fix.atMs - d.atMs <= restartAfterS * 1000
    }
    const evidence = !held || fix.atMs - held.lastFixMs > restartAfterS * 1000 ? NO_EVIDENCE : held
    const best = evidence.hypotheses[0]
    const search = !best || evidence.fixesSinceSearch + 1 >= settings.searchEveryFixes || best.lastEvidenceCost > settings.weakEvidenceCost
    const standing = standingPlaceAfter(evidence.standing, fix, { radiusM: STANDING_STILL.radiusM, standingSpeedMps: settings.standingSpeedMps })
    const dtS = evidence === NO_EVIDENCE ? 0 : (fix.atMs - evidence.lastFixMs) / 1000
    const runByAnother = (key: string): boolean => {
      const runner = runners.get(key)
      return runner !== undefined && runner !== fix.vehicleId && isRunning(runner, key, fix.atMs)
    }
    const hypotheses = stepHypotheses(evidence.hypotheses, { fix, dtS, standingSinceMs: standing.sinceMs }, { index, options: settings, search, declaredByAnother, runByAnother })
    const match = describeMatch(fix, hypotheses, index, settings)
    const runningKey = match.status === 'in-service' && match.confidence >= settings.runnerConfidence && match.tripId && match.serviceDate ? tripKey(match.serviceDate, match.tripId) : null
    vehicles.set(fix.vehicleId, { hypotheses, lastFixMs: fix.atMs, fixesSinceSearch: search ? 0 : evidence.fixesSinceSearch + 1, standing, match, runningKey })
    noteRunner(fix.vehicleId, runningKey, fix.atMs)
    return match
  }

  return {
    observe,
    matchOf: (vehicleId) => vehicles.get(vehicleId)?.match ?? undefined,
    forget: (vehicleId) => void vehicles.delete(vehicleId),
    get vehicleCount() {
      return vehicles.size
    },
  }
}
