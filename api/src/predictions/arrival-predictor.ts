import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { serviceDayOriginMs } from '@masar/model/gtfs/service-day'
import type { VehicleMatch } from '../matching/vehicle-match.js'
import type { StopEvent } from '../stop-events/detect-stop-events.js'
import { dayTypeOf, LocalHours } from './day-type.js'
import { DepartureFloor } from './departure-floor.js'
import { ErrorSpread } from './error-spread.js'
import type { DayType, PredictionMethod, SegmentTraversal } from './prediction-types.js'
import { DEFAULT_RECENT_SEGMENT_TIMES, RecentSegmentTimes, type RecentSegmentTimesOptions } from './recent-segment-times.js'
import { SegmentHistory } from './segment-history.js'
import { DEFAULT_SEGMENT_KALMAN, SegmentKalman, type SegmentKalmanOptions } from './segment-kalman.js'
import type { TripPrediction } from './trip-prediction.js'

/**
 * Arrival and departure predictions for a matched vehicle at the remaining stops of its trip and of the later
 * trips of its block, up to a horizon, by one of three methods:
 * - schedule: the timetable moved by the current deviation; a late bus starts its next trip after its minimum
 *   layover, or on time if the layover absorbs the delay (the baseline).
 * - learned: running times per segment and dwell times per stop learned from the stop events, by day type and
 *   local hour, falling back to the timetable where history is thin; a bus leaves a stop no earlier than its
 *   route's learned departure floor and a terminal no earlier than its timetable (headway-based trips excepted).
 * - kalman: learned, with each segment's running time corrected by the most recent buses over it, and by the bus's
 *   own pace: how much faster or slower than that it has run its last segments (a driver, a bus, the traffic it is
 *   in), which fades with the time until the bus reaches a segment.
 * Every predicted arrival gets a p10–p90 range from the method's recent errors at that horizon.
 */
export interface PredictorOptions {
  horizonMs: number
  /** The shortest turnaround at a terminal (seconds). */
  minLayoverS: number
  /** Within this distance of a stop a bus is at it (metres). */
  atStopM: number
  kalman: SegmentKalmanOptions
  /** The per-bus pace filter (keyed by vehicle instead of segment); null: no per-bus pace. */
  pace: SegmentKalmanOptions | null
  /**
   * How many traversals the timetable counts as against the learned running time of a segment: a few same-day
   * traversals (a quiet stretch before a jam builds) do not outweigh it at once; 0: the learned time alone.
   */
  timetablePriorTraversals: number
  /**
   * What corrects a segment's learned running time with the last buses through it in the kalman method: the
   * segment filter (a mean of log ratios), or the median of the last few traversals blended with the history by
   * how fresh it is (see RecentSegmentTimes). Measured 2026-12-07 (README): the median did not win; the filter stays.
   */
  segmentEvidence: 'filter' | 'recent-median'
  recent: RecentSegmentTimesOptions
  /**
   * Methods whose predictions get the bias learned per horizon from their scored errors (see ErrorSpread). Measured
   * 2026-12-07 (README): it lowered the benchmark (it lags a jam by the horizon itself); none by default.
   */
  correctedMethods: readonly PredictionMethod[]
}

/**
 * A bus's pace as the segments' filter, but it does not jump (a driver does not change pace at once: a big
 * innovation is a misplaced stop event more often than a new pace), and one traversal says less than the segment's
 * history spread suggests: its noise is at least 0.05 (about ±22 %), and more where its stop events are placed
 * between fixes far apart (see timingVarianceS2).
 */
/** The pace in the current segment counts once this share of it is behind the bus, and within these bounds. */
const MIN_COVERED_FOR_PACE = 0.25
const MIN_SEGMENT_PACE = 0.5
const MAX_SEGMENT_PACE = 4

export const DEFAULT_BUS_PACE: SegmentKalmanOptions = { ...DEFAULT_SEGMENT_KALMAN, jumpSigmas: 0, minMeasurementVariance: 0.05, maxMeasurementVariance: 1 }

export const DEFAULT_PREDICTOR: PredictorOptions = {
  horizonMs: 60 * 60_000, minLayoverS: 120, atStopM: 20, kalman: DEFAULT_SEGMENT_KALMAN, pace: DEFAULT_BUS_PACE, timetablePriorTraversals: 0,
  segmentEvidence: 'filter', recent: DEFAULT_RECENT_SEGMENT_TIMES, correctedMethods: [],
}

/** A traversal this far beyond its timetable (a breakdown, a bus parked mid-route) teaches nothing about running times. */
const isOutlier = (runningS: number, scheduledS: number) => runningS > 3 * Math.max(scheduledS, 30) + 180
/**
 * ...nor does one faster than a bus can go (stop events misplaced where a route loops back past itself, or placed by
 * interpolation between sparse fixes): 30 m/s, 108 km/h, along the shape between the stops.
 */
const MAX_SPEED_MPS = 30
const isTooFast = (runningS: number, metres: number) => Number.isFinite(metres) && runningS * MAX_SPEED_MPS < metres
/**
 * How uncertain a traversal's running time is from where its stop events were placed: each end lies somewhere
 * between two fixes `fixGapS` apart (a dwell or a slow stretch in between is not seen), about uniformly: gap²/12 for
 * each of the two ends. Negligible for fixes every 10–15 s; for fixes 2 min apart it outweighs a short segment.
 */
const timingVarianceS2 = (fixGapS: number) => (fixGapS * fixGapS) / 6
const MAX_DWELL_S = 900
/** Running time of a segment the timetable gives no time for (same minute at both stops): at 25 km/h. */
const FALLBACK_SPEED_MPS = 7

const segmentKey = (from: string, to: string) => `${from}\u0000${to}`

export interface PredictOptions {
  /** Not heard from for a while: predicted from its last fix, flagged, the range widened by the silence. */
  stale?: boolean
  /** How long the vehicle has stood where it is (see StandingPlace). */
  standingForMs?: number
}

/** Standing this long between stops is a stall, not traffic. */
const STALLED_AFTER_MS = 3 * 60_000
const MAX_STALL_MS = 30 * 60_000

export class ArrivalPredictor {
  readonly history = new SegmentHistory()
  readonly kalman: SegmentKalman
  /**
   * Each bus's pace against the segment-corrected running times, as a log ratio: the same filter as the segments',
   * fed with the bus's own traversals. Its gain is large while little is known of the bus (the first traversals of
   * its shift, or of the day when the history is thin and the timetable is all there is) and small once it is; the
   * pace fades with the time until the bus reaches a segment, so it shapes the next few stops more than the far ones.
   */
  readonly pace: SegmentKalman | null
  readonly recent: RecentSegmentTimes
  readonly floors = new DepartureFloor()
  readonly spread: ErrorSpread
  readonly options: PredictorOptions
  readonly #hours: LocalHours
  readonly #lastEvent = new Map<string, StopEvent>()
  readonly #origins = new Map<string, number>()
  readonly #dayTypes = new Map<string, DayType>()
  readonly #fixes = new Map<string, { atMs: number; gapMs: number }>()

  constructor(readonly schedule: Schedule, options: Partial<PredictorOptions> = {}) {
    this.options = { ...DEFAULT_PREDICTOR, ...options }
    this.kalman = new SegmentKalman(this.options.kalman)
    this.pace = this.options.pace ? new SegmentKalman(this.options.pace) : null
    this.recent = new RecentSegmentTimes(this.options.recent)
    this.spread = new ErrorSpread(new Set(this.options.correctedMethods))
    this.#hours = new LocalHours(schedule.timeZone)
  }

  /** A vehicle's fix: how far apart its fixes come tells how precisely its stop events are placed. */
  noteFix(vehicleId: string, atMs: number): void {
    const last = this.#fixes.get(vehicleId)
    if (!last) this.#fixes.set(vehicleId, { atMs, gapMs: 0 })
    else if (atMs > last.atMs) this.#fixes.set(vehicleId, { atMs, gapMs: atMs - last.atMs })
  }

  /** Learns from stop events (in the order they happened); returns the segment traversals they complete. */
  learn(events: readonly StopEvent[]): SegmentTraversal[] {
    const traversals: SegmentTraversal[] = []
    for (const e of events) {
      const previous = this.#lastEvent.get(e.vehicleId)
      this.#lastEvent.set(e.vehicleId, e)
      const trip = this.schedule.trips.get(e.tripId)
      if (!trip) continue
      const i = e.stopIndex - 1
      const origin = this.#originOf(e.serviceDate)
      if (e.observed && i > 0 && i < trip.stopIds.length - 1) this.floors.observe(trip.routeId, (e.departureMs - (origin + trip.departures[i]! * 1000)) / 1000)
      if (!previous || previous.tripId !== e.tripId || previous.serviceDate !== e.serviceDate || previous.stopIndex !== e.stopIndex - 1) continue
      const runningS = (e.arrivalMs - previous.departureMs) / 1000
      if (!(runningS > 0) || isOutlier(runningS, this.#scheduledRunningS(trip, i - 1)) || isTooFast(runningS, trip.distancesM[i]! - trip.distancesM[i - 1]!)) continue
      const dwellS = previous.stopIndex === 1 ? null : previous.observed ? (previous.departureMs - previous.arrivalMs) / 1000 : 0
      const dayType = this.#dayTypeOf(e.serviceDate)
      const hourOfDay = this.#hours.hourOf(previous.departureMs)
      const expected = this.#expectedRunning(trip, i - 1, dayType, hourOfDay)
      const key = segmentKey(previous.stopId, e.stopId)
      // the bus against what the kalman method expected of the segment before this traversal taught it
      const fixGapS = (this.#fixes.get(e.vehicleId)?.gapMs ?? 0) / 1000
      this.pace?.observe(e.vehicleId, runningS, this.#segmentNowS(key, expected.meanS, e.arrivalMs), expected.varianceS2 + timingVarianceS2(fixGapS), e.arrivalMs)
      this.kalman.observe(key, runningS, expected.meanS, expected.varianceS2, e.arrivalMs)
      this.recent.observe(key, runningS, e.arrivalMs)
      const traversal: SegmentTraversal = {
        feedId: this.schedule.feedId, vehicleId: e.vehicleId, routeId: trip.routeId, tripId: trip.tripId, serviceDate: e.serviceDate,
        fromStopId: previous.stopId, toStopId: e.stopId, fromStopIndex: previous.stopIndex, departedAtMs: previous.departureMs, arrivedAtMs: e.arrivalMs,
        dwellS: dwellS !== null && dwellS > MAX_DWELL_S ? null : dwellS, dayType, hourOfDay,
      }
      this.history.add(traversal)
      traversals.push(traversal)
    }
    return traversals
  }

  /** A vehicle's trips from where it is now, by one method; empty unless it works a trip in service or on layover. */
  predict(match: VehicleMatch, method: PredictionMethod, nowMs: number, options: PredictOptions = {}): TripPrediction[] {
    if (!match.tripId || !match.serviceDate || (match.status !== 'in-service' && match.status !== 'layover')) return []
    const trip = this.schedule.trips.get(match.tripId)
    if (!trip) return []
    const block = trip.blockId === null ? [trip] : this.schedule.tripsOfBlock(trip.serviceId, trip.blockId)
    const position = Math.max(0, block.indexOf(trip))
    const timed = method === 'schedule' ? this.#bySchedule(match, block, position, nowMs) : this.#byRunningTimes(match, block, position, method, nowMs, options.standingForMs)
    // A bus standing still between stops for minutes (a breakdown, an accident ahead) is expected to stand about as
    // long again (what has lasted long tends to last): its times move on by that, and their range widens by it.
    const stalledMs = method !== 'schedule' && match.status === 'in-service' && !this.#atStop(match) && (options.standingForMs ?? 0) >= STALLED_AFTER_MS ? Math.min(options.standingForMs!, MAX_STALL_MS) : 0
    return this.#finish(timed, match, method, nowMs, options.stale ?? false, stalledMs)
  }

  #bySchedule(match: VehicleMatch, block: readonly ScheduleTrip[], position: number, nowMs: number): TimedTrip[] {
    const serviceDate = match.serviceDate!
    const origin = this.#originOf(serviceDate)
    const trips: TimedTrip[] = []
    let delayS = Math.round(match.scheduleDeviationS ?? 0)
    const untilMs = nowMs + this.options.horizonMs
    for (let k = position; k < block.length; k++) {
      const trip = block[k]!
      const fromIndex = k === position ? (match.status === 'layover' ? 0 : (match.nextStopIndex ?? trip.stopIds.length)) : 0
      const arrivals: number[] = []
      const departures: number[] = []
      for (let i = fromIndex; i < trip.stopIds.length; i++) {
        arrivals.push(origin + (trip.arrivals[i]! + delayS) * 1000)
        departures.push(origin + (trip.departures[i]! + delayS) * 1000)
      }
      if (arrivals.length) trips.push({ trip, fromIndex, arrivals, departures })
      const endMs = arrivals.at(-1) ?? match.atMs
      const next = block[k + 1]
      if (!next || endMs > untilMs) break
      delayS = Math.max(0, (endMs - origin) / 1000 + this.options.minLayoverS - next.departures[0]!)
      if (origin + (next.departures[0]! + delayS) * 1000 > untilMs) break // the next trip starts beyond the horizon
    }
    return trips
  }

  #byRunningTimes(match: VehicleMatch, block: readonly ScheduleTrip[], position: number, method: PredictionMethod, nowMs: number, standingForMs: number | undefined): TimedTrip[] {
    const serviceDate = match.serviceDate!
    const origin = this.#originOf(serviceDate)
    const dayType = this.#dayTypeOf(serviceDate)
    const useKalman = method === 'kalman'
    const untilMs = nowMs + this.options.horizonMs
    const trips: TimedTrip[] = []
    const t = match.atMs
    const first = block[position]!
    let fromIndex: number
    let arrivalMs: number // at the stop fromIndex
    let atStopNow = false
    if (match.status === 'layover') {
      fromIndex = 0
      arrivalMs = t
      atStopNow = true
    } else if (match.nextStopIndex === null) {
      fromIndex = first.stopIds.length // past the last stop: only later trips remain
      arrivalMs = t
    } else {
      fromIndex = match.nextStopIndex
      const d = match.distanceAlongTripM ?? first.distancesM[fromIndex]!
      const stopM = first.distancesM[fromIndex]!
      if (fromIndex === 0 || Math.abs(stopM - d) <= this.options.atStopM || !Number.isFinite(stopM)) {
        arrivalMs = t
        atStopNow = Math.abs(stopM - d) <= this.options.atStopM
      } else {
        const prevM = first.distancesM[fromIndex - 1]!
        const remaining = stopM > prevM ? Math.min(1, Math.max(0, (stopM - d) / (stopM - prevM))) : 0
        const runningS = this.#runningS(first, fromIndex - 1, dayType, t, useKalman, nowMs, match.vehicleId)
        const pace = useKalman ? this.#paceInSegment(match.vehicleId, first.tripId, serviceDate, fromIndex, t, 1 - remaining, runningS) : 1
        arrivalMs = t + remaining * runningS * pace * 1000
      }
    }
    let lastArrivalMs = arrivalMs
    for (let k = position; k < block.length; k++) {
      const trip = block[k]!
      const start = k === position ? fromIndex : 0
      if (k > position) {
        // the next trip of the block starts after a turnaround, not before its timetable (unless headway-based)
        arrivalMs = lastArrivalMs
      }
      const arrivals: number[] = []
      const departures: number[] = []
      const floorS = trip.headwayBased ? null : this.floors.earliestS(trip.routeId)
      for (let i = start; i < trip.stopIds.length; i++) {
        const last = i === trip.stopIds.length - 1
        let departureMs: number
        if (last) departureMs = arrivalMs
        else if (i === 0) {
          // a bus that has just come in to the terminal turns round first
          const inSinceMs = standingForMs === undefined || match.status !== 'layover' ? null : nowMs - standingForMs
          const ready = k > position ? arrivalMs + this.options.minLayoverS * 1000 : inSinceMs === null ? arrivalMs : Math.max(arrivalMs, inSinceMs + this.options.minLayoverS * 1000)
          departureMs = trip.headwayBased ? ready : Math.max(ready, origin + trip.departures[0]! * 1000)
        } else {
          const dwellS = this.#dwellS(trip, i, dayType, arrivalMs)
          // standing at the stop now: what is left of its dwell (half of it when how long is not known)
          const leftS = k === position && i === start && atStopNow ? (standingForMs === undefined ? dwellS / 2 : Math.max(0, dwellS - standingForMs / 1000)) : dwellS
          departureMs = arrivalMs + leftS * 1000
          if (floorS !== null) departureMs = Math.max(departureMs, origin + (trip.departures[i]! - floorS) * 1000)
        }
        arrivals.push(arrivalMs)
        departures.push(departureMs)
        if (arrivalMs > untilMs) break
        if (!last) arrivalMs = departureMs + this.#runningS(trip, i, dayType, departureMs, useKalman, nowMs, match.vehicleId) * 1000
      }
      if (arrivals.length) trips.push({ trip, fromIndex: start, arrivals, departures })
      lastArrivalMs = arrivals.at(-1) ?? arrivalMs
      if (lastArrivalMs > untilMs) break
    }
    return trips
  }

  /**
   * How the bus is doing in the segment it is in, against the running time expected of it: the time since it left
   * the segment's first stop over the time that part should have taken, trusted as much as the share of the
   * segment covered (a bus crawling in a jam is slower still to come; one that has barely left says little).
   */
  #paceInSegment(vehicleId: string, tripId: string, serviceDate: string, toIndex: number, atMs: number, covered: number, runningS: number): number {
    const left = this.#lastEvent.get(vehicleId)
    if (!left || left.tripId !== tripId || left.serviceDate !== serviceDate || left.stopIndex !== toIndex || covered < MIN_COVERED_FOR_PACE || !(runningS > 0)) return 1
    const elapsedS = (atMs - left.departureMs) / 1000
    if (!(elapsedS > 0)) return 1
    const soFar = Math.min(MAX_SEGMENT_PACE, Math.max(MIN_SEGMENT_PACE, elapsedS / (covered * runningS)))
    return 1 - covered + covered * soFar
  }

  /** Seconds from stop i to stop i + 1 of a trip for a vehicle leaving at atMs. */
  #runningS(trip: ScheduleTrip, i: number, dayType: DayType, atMs: number, useKalman: boolean, nowMs: number, vehicleId: string): number {
    const expected = this.#expectedRunning(trip, i, dayType, this.#hours.hourOf(atMs))
    if (!useKalman) return expected.meanS
    const pace = this.pace ? this.pace.factor(vehicleId, Math.max(atMs, nowMs)) : 1
    return this.#segmentNowS(segmentKey(trip.stopIds[i]!, trip.stopIds[i + 1]!), expected.meanS, nowMs) * pace
  }

  /** A segment's running time now: its learned time corrected by the last buses through it. */
  #segmentNowS(key: string, learnedS: number, nowMs: number): number {
    if (this.options.segmentEvidence === 'filter') return learnedS * this.kalman.factor(key, nowMs)
    const recent = this.recent.recent(key, nowMs)
    return recent ? recent.weight * recent.medianS + (1 - recent.weight) * learnedS : learnedS
  }

  /**
   * A segment's running time: what the stop events taught, drawn toward the timetable while they are few (the
   * timetable counts as timetablePriorTraversals traversals; the spread stays the traversals' own, which the
   * segment's filter weighs its last traversal against), the timetable ±30 % where there are none.
   */
  #expectedRunning(trip: ScheduleTrip, i: number, dayType: DayType, hour: number): { meanS: number; varianceS2: number } {
    const learned = this.history.runningTime(trip.stopIds[i]!, trip.stopIds[i + 1]!, dayType, hour)
    const scheduledS = this.#scheduledRunningS(trip, i)
    if (!learned) return { meanS: scheduledS, varianceS2: (0.3 * scheduledS) ** 2 }
    const priorCount = this.options.timetablePriorTraversals
    if (priorCount <= 0) return learned
    const w = learned.count / (learned.count + priorCount)
    return { meanS: w * learned.meanS + (1 - w) * scheduledS, varianceS2: learned.varianceS2 }
  }

  #scheduledRunningS(trip: ScheduleTrip, i: number): number {
    const s = trip.arrivals[i + 1]! - trip.departures[i]!
    if (s > 0) return s
    const metres = trip.distancesM[i + 1]! - trip.distancesM[i]!
    return Number.isFinite(metres) && metres > 0 ? metres / FALLBACK_SPEED_MPS : 30
  }

  #dwellS(trip: ScheduleTrip, i: number, dayType: DayType, atMs: number): number {
    const learned = this.history.dwellTime(trip.stopIds[i]!, dayType, this.#hours.hourOf(atMs))
    return learned ? learned.meanS : Math.max(0, trip.departures[i]! - trip.arrivals[i]!)
  }

  /** Nothing predicted before now (a bus not yet seen at its next stop is arriving, not gone), ranges attached. */
  #finish(timed: TimedTrip[], match: VehicleMatch, method: PredictionMethod, nowMs: number, stale: boolean, stalledMs: number): TripPrediction[] {
    const firstAt = timed[0]?.arrivals[0]
    const shiftMs = (firstAt === undefined ? 0 : Math.max(0, nowMs - firstAt)) + stalledMs
    const staleExtraMs = stale ? Math.max(0, nowMs - match.atMs) : 0
    const untilMs = nowMs + this.options.horizonMs
    const predictions: TripPrediction[] = []
    for (const { trip, fromIndex, arrivals, departures } of timed) {
      const origin = this.#originOf(match.serviceDate!)
      const p: TripPrediction = { method, vehicleId: match.vehicleId, trip, serviceDate: match.serviceDate!, fromIndex, arrivalsMs: [], departuresMs: [], lowMs: [], highMs: [], stale, fixAtMs: match.atMs, delayS: 0 }
      for (let k = 0; k < arrivals.length; k++) {
        const uncorrectedMs = arrivals[k]! + shiftMs
        const biasMs = this.spread.biasS(method, uncorrectedMs - nowMs) * 1000
        const at = Math.round(Math.max(nowMs, uncorrectedMs + biasMs))
        if (at > untilMs) break
        const spread = this.spread.spread(method, at - nowMs)
        p.arrivalsMs.push(at)
        p.departuresMs.push(Math.max(at, Math.round(departures[k]! + shiftMs + biasMs)))
        p.lowMs.push(Math.round(at + Math.min(0, spread.p10S) * 1000))
        p.highMs.push(Math.round(at + Math.max(0, spread.p90S) * 1000 + staleExtraMs + stalledMs))
      }
      if (p.arrivalsMs.length === 0) break
      p.delayS = Math.round((p.arrivalsMs[0]! - (origin + trip.arrivals[fromIndex]! * 1000)) / 1000)
      predictions.push(p)
    }
    return predictions
  }

  /** Within atStopM of a stop of its trip (dwelling, or holding: not stalled). */
  #atStop(match: VehicleMatch): boolean {
    const trip = match.tripId ? this.schedule.trips.get(match.tripId) : undefined
    if (!trip || match.distanceAlongTripM === null || match.nextStopIndex === null) return true
    const d = match.distanceAlongTripM
    const near = (i: number) => i >= 0 && i < trip.distancesM.length && Math.abs(trip.distancesM[i]! - d) <= this.options.atStopM * 2
    return near(match.nextStopIndex) || near(match.nextStopIndex - 1)
  }

  #originOf(serviceDate: string): number {
    let origin = this.#origins.get(serviceDate)
    if (origin === undefined) {
      origin = serviceDayOriginMs(serviceDate, this.schedule.timeZone)
      this.#origins.set(serviceDate, origin)
    }
    return origin
  }

  #dayTypeOf(serviceDate: string): DayType {
    let dayType = this.#dayTypes.get(serviceDate)
    if (dayType === undefined) {
      dayType = dayTypeOf(serviceDate, this.schedule.timeZone)
      this.#dayTypes.set(serviceDate, dayType)
    }
    return dayType
  }
}

interface TimedTrip {
  trip: ScheduleTrip
  fromIndex: number
  arrivals: number[]
  departures: number[]
}
