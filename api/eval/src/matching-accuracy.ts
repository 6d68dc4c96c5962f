import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { placeWithin, toShapeLine, type ShapeLine } from '@masar/api/matching/shape-line'

/**
 * How well matching found the trip each bus ran, against the operator's own trip ids (the trace's, hidden from the
 * matcher or not). A ping is scored when the operator names a trip for it that the schedule knows and the bus is in
 * service on it: on that trip's route (within 150 m of its shape: a bus parked at its depot while the operator's
 * system already names its next trip is not in service) and not yet at its last stop (a bus laying over there is
 * matched to its next trip, which some operators name at the arrival and others only at the departure); from the
 * second minute of the bus's run of that trip (the first minute is the pull-out or the layover's end, where a trip
 * is not told from the next by the fixes). Right: the matched trip is the operator's, or, for frequency service, a run of
 * the same pattern leaving within one headway. Also: the time from each pull-out (a bus's first trip, or its first
 * after 30 min with none) to its first right match, and what the wrong matches were instead.
 */
export type Confusion =
  | 'unmatched'
  | 'previous trip of the bus'
  | 'next trip of the bus'
  | 'earlier trip, same route and direction'
  | 'later trip, same route and direction'
  | 'same route, other direction'
  | 'other route'
  | 'trip not in the schedule'

export interface MatchingReport {
  /** Pings naming a trip of the schedule, far from its route or at its last stop (not scored). */
  notInServicePings: number
  scoredPings: number
  rightPings: number
  /** rightPings / scoredPings (null without scored pings). */
  share: number | null
  pullOuts: number
  /** Seconds from a pull-out to the first right match: median and 90th percentile, of those ever matched right. */
  firstRightMatchMedianS: number | null
  firstRightMatchP90S: number | null
  pullOutsNeverRight: number
  confusions: Array<{ confusion: Confusion; pings: number }>
}

interface Sample {
  atMs: number
  truth: string
  matched: string | null
  inService: boolean
}

const SCORED_FROM_S = 60
const ON_ROUTE_M = 150
const AT_LAST_STOP_M = 100
const PULL_OUT_GAP_MS = 30 * 60_000

export class MatchingAccuracy {
  readonly #byVehicle = new Map<string, Sample[]>()
  readonly #lines = new Map<string, ShapeLine>()

  constructor(private readonly schedule: Schedule) {}

  /** One fix of a vehicle the operator says runs truthTripId, and the trip matching gave it (null: none). */
  observe(fix: { vehicleId: string; atMs: number; lat: number; lon: number }, truthTripId: string | null | undefined, matchedTripId: string | null | undefined): void {
    if (!truthTripId) return
    let samples = this.#byVehicle.get(fix.vehicleId)
    if (!samples) this.#byVehicle.set(fix.vehicleId, (samples = []))
    samples.push({ atMs: fix.atMs, truth: truthTripId, matched: matchedTripId ?? null, inService: this.#isInService(truthTripId, fix.lat, fix.lon) })
  }

  #isInService(tripId: string, lat: number, lon: number): boolean {
    const trip = this.schedule.trips.get(tripId)
    const shape = trip?.shapeId ? this.schedule.shapes.get(trip.shapeId) : undefined
    if (!trip || !shape) return true
    let line = this.#lines.get(shape.shapeId)
    if (!line) this.#lines.set(shape.shapeId, (line = toShapeLine(shape)))
    const endM = trip.distancesM[trip.distancesM.length - 1]!
    const place = placeWithin(line, lat, lon, { fromM: trip.distancesM[0]!, toM: endM, expectedM: trip.distancesM[0]! })
    return place === null || (place.offsetM <= ON_ROUTE_M && place.alongM < endM - AT_LAST_STOP_M)
  }

  report(): MatchingReport {
    let notInServicePings = 0
    let scoredPings = 0
    let rightPings = 0
    const confusions = new Map<Confusion, number>()
    const delaysS: number[] = []
    let pullOuts = 0
    let pullOutsNeverRight = 0
    for (const samples of this.#byVehicle.values()) {
      const runs = runsOf(samples)
      const order = new Map<string, number>()
      for (const run of runs) if (!order.has(run.truth)) order.set(run.truth, order.size)
      let previousEndMs = Number.NEGATIVE_INFINITY
      for (const run of runs) {
        const truth = this.schedule.trips.get(run.truth)
        if (!truth) {
          previousEndMs = run.samples.at(-1)!.atMs
          continue
        }
        const inService = run.samples.filter((s) => s.inService)
        notInServicePings += run.samples.length - inService.length
        if (inService.length === 0) continue
        const startMs = inService[0]!.atMs
        if (startMs - previousEndMs > PULL_OUT_GAP_MS) {
          pullOuts += 1
          const first = inService.find((s) => this.#isRight(s.matched, truth))
          if (first) delaysS.push((first.atMs - startMs) / 1000)
          else pullOutsNeverRight += 1
        }
        previousEndMs = run.samples.at(-1)!.atMs
        for (const s of inService) {
          if (s.atMs - startMs < SCORED_FROM_S * 1000) continue
          scoredPings += 1
          if (this.#isRight(s.matched, truth)) rightPings += 1
          else {
            const confusion = this.#confusionOf(s.matched, truth, order)
            confusions.set(confusion, (confusions.get(confusion) ?? 0) + 1)
          }
        }
      }
    }
    delaysS.sort((a, b) => a - b)
    const quantile = (q: number) => (delaysS.length ? delaysS[Math.min(delaysS.length - 1, Math.floor(q * delaysS.length))]! : null)
    return {
      notInServicePings, scoredPings, rightPings, share: scoredPings ? rightPings / scoredPings : null, pullOuts,
      firstRightMatchMedianS: quantile(0.5), firstRightMatchP90S: quantile(0.9), pullOutsNeverRight,
      confusions: [...confusions].map(([confusion, pings]) => ({ confusion, pings })).sort((a, b) => b.pings - a.pings),
    }
  }

  #isRight(matchedTripId: string | null, truth: ScheduleTrip): boolean {
    if (matchedTripId === truth.tripId) return true
    if (!truth.headwayBased || !matchedTripId) return false
    const matched = this.schedule.trips.get(matchedTripId)
    if (!matched || (matched.templateTripId ?? matched.shapeId) !== (truth.templateTripId ?? truth.shapeId)) return false
    return Math.abs(matched.departures[0]! - truth.departures[0]!) <= (truth.headwayS ?? 0)
  }

  #confusionOf(matchedTripId: string | null, truth: ScheduleTrip, order: ReadonlyMap<string, number>): Confusion {
    if (!matchedTripId) return 'unmatched'
    const matched = this.schedule.trips.get(matchedTripId)
    if (!matched) return 'trip not in the schedule'
    const own = order.get(matchedTripId)
    const truthAt = order.get(truth.tripId)!
    if (own !== undefined) return own < truthAt ? 'previous trip of the bus' : 'next trip of the bus'
    if (matched.routeId !== truth.routeId) return 'other route'
    if (directionOf(matched) !== directionOf(truth)) return 'same route, other direction'
    return matched.departures[0]! < truth.departures[0]! ? 'earlier trip, same route and direction' : 'later trip, same route and direction'
  }
}

/** A trip's direction: its direction_id, else its headsign, else its terminals. */
function directionOf(trip: ScheduleTrip): string {
  if (trip.directionId !== null) return String(trip.directionId)
  return trip.headsign ?? `${trip.stopIds[0]}→${trip.stopIds.at(-1)}`
}

/** A vehicle's samples in time order, cut into runs of one operator trip. */
function runsOf(samples: Sample[]): Array<{ truth: string; samples: Sample[] }> {
  samples.sort((a, b) => a.atMs - b.atMs)
  const runs: Array<{ truth: string; samples: Sample[] }> = []
  for (const s of samples) {
    const last = runs.at(-1)
    if (last?.truth === s.truth) last.samples.push(s)
    else runs.push({ truth: s.truth, samples: [s] })
  }
  return runs
}

export function formatMatchingReport(report: MatchingReport): string {
  const percent = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : '–')
  const lines = [
    `Matching: ${report.rightPings} of ${report.scoredPings} in-service pings on the operator's trip (${percent(report.rightPings, report.scoredPings)}), from the second minute of each trip (not scored: ${report.notInServicePings} pings far from their trip's route or at its last stop)`,
    `First right match after a pull-out: median ${report.firstRightMatchMedianS ?? '–'} s, p90 ${report.firstRightMatchP90S ?? '–'} s (${report.pullOuts} pull-outs, ${report.pullOutsNeverRight} never matched right)`,
  ]
  if (report.confusions.length) lines.push(`Wrong matches: ${report.confusions.map((c) => `${c.confusion} ${c.pings} (${percent(c.pings, report.scoredPings)})`).join('; ')}`)
  return lines.join('\n')
}
