import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { serviceDayOriginMs } from '@masar/model/gtfs/service-day'
import type { VehicleMatch } from '../matching/vehicle-match.js'
import type { ArrivalPredictor, PredictOptions } from './arrival-predictor.js'
import { dayTypeOf, LocalHours } from './day-type.js'
import type { BaselineMethod, SegmentTraversal } from './prediction-types.js'
import { SameDaySegmentTimes } from './same-day-segment-times.js'
import type { TripPrediction } from './trip-prediction.js'

/**
 * The naive baselines Masar's methods are judged against (issue #18), for the eval only: never served nor stored.
 * - timetable: the schedule alone, no deviation; a stop whose timetable time has passed while the bus has not
 *   reached it is predicted now (never in the past), the block's later trips at their timetable.
 * - segments: from the bus's current position, each stop-to-stop segment's median of its last 3 traversals that
 *   service day (fewer while fewer are seen), the timetable's running time while a segment has none yet that day;
 *   plus the learned dwell at each stop (the timetable's where none is learned); a trip leaves its first stop no
 *   earlier than its timetable (headway-based trips excepted), a later trip of the block after the minimum layover.
 * They share the learned predictor's dwell history, error spread (ranges: p10–p90 of their own recent errors) and
 * options (horizon, layover, at-stop distance), and see the traversals it learns.
 */
const FALLBACK_SPEED_MPS = 7

export class BaselinePredictor {
  readonly sameDay = new SameDaySegmentTimes()
  readonly #hours: LocalHours
  readonly #origins = new Map<string, number>()

  constructor(readonly schedule: Schedule, private readonly learned: ArrivalPredictor) {
    this.#hours = new LocalHours(schedule.timeZone)
  }

  /** Traversals as the learned predictor completes them (in the order they happened). */
  observe(traversals: readonly SegmentTraversal[]): void {
    for (const t of traversals) this.sameDay.observe(t)
  }

  predict(match: VehicleMatch, method: BaselineMethod, nowMs: number, options: PredictOptions = {}): TripPrediction[] {
    if (!match.tripId || !match.serviceDate || (match.status !== 'in-service' && match.status !== 'layover')) return []
    const trip = this.schedule.trips.get(match.tripId)
    if (!trip) return []
    const block = trip.blockId === null ? [trip] : this.schedule.tripsOfBlock(trip.serviceId, trip.blockId)
    const position = Math.max(0, block.indexOf(trip))
    const timed = method === 'timetable' ? this.#byTimetable(match, block, position, nowMs) : this.#bySegments(match, block, position, nowMs, options.standingForMs)
    return this.#finish(timed, match, method, nowMs, options.stale ?? false)
  }

  #byTimetable(match: VehicleMatch, block: readonly ScheduleTrip[], position: number, nowMs: number): TimedTrip[] {
    const origin = this.#originOf(match.serviceDate!)
    const untilMs = nowMs + this.learned.options.horizonMs
    const trips: TimedTrip[] = []
    for (let k = position; k < block.length; k++) {
      const trip = block[k]!
      const fromIndex = k === position ? this.#fromIndex(match, trip) : 0
      const arrivals: number[] = []
      const departures: number[] = []
      for (let i = fromIndex; i < trip.stopIds.length; i++) {
        arrivals.push(Math.max(nowMs, origin + trip.arrivals[i]! * 1000))
        departures.push(Math.max(nowMs, origin + trip.departures[i]! * 1000))
      }
      if (arrivals.length) trips.push({ trip, fromIndex, arrivals, departures })
      if ((arrivals.at(-1) ?? nowMs) > untilMs) break
    }
    return trips
  }

  #bySegments(match: VehicleMatch, block: readonly ScheduleTrip[], position: number, nowMs: number, standingForMs: number | undefined): TimedTrip[] {
    const { serviceDate } = match as { serviceDate: string }
    const origin = this.#originOf(serviceDate)
    const { horizonMs, minLayoverS, atStopM } = this.learned.options
    const untilMs = nowMs + horizonMs
    const first = block[position]!
    const fromIndex = this.#fromIndex(match, first)
    let arrivalMs = match.atMs // at the stop fromIndex
    let atStopNow = match.status === 'layover'
    if (match.status === 'in-service' && fromIndex > 0 && fromIndex < first.stopIds.length) {
      const stopM = first.distancesM[fromIndex]!
      const prevM = first.distancesM[fromIndex - 1]!
      const d = match.distanceAlongTripM ?? stopM
      atStopNow = Number.isFinite(stopM) && Math.abs(stopM - d) <= atStopM
      if (!atStopNow && Number.isFinite(stopM) && stopM > prevM) {
        const remaining = Math.min(1, Math.max(0, (stopM - d) / (stopM - prevM)))
        arrivalMs += remaining * this.#runningS(first, fromIndex - 1, serviceDate) * 1000
      }
    }
    const trips: TimedTrip[] = []
    for (let k = position; k < block.length; k++) {
      const trip = block[k]!
      const start = k === position ? fromIndex : 0
      const arrivals: number[] = []
      const departures: number[] = []
      for (let i = start; i < trip.stopIds.length; i++) {
        const last = i === trip.stopIds.length - 1
        let departureMs = arrivalMs
        if (i === 0 && !last) {
          const ready = k > position ? arrivalMs + minLayoverS * 1000 : arrivalMs
          departureMs = trip.headwayBased ? ready : Math.max(ready, origin + trip.departures[0]! * 1000)
        } else if (!last) {
          const dwellS = this.#dwellS(trip, i, serviceDate, arrivalMs)
          const standingS = (standingForMs ?? 0) / 1000
          departureMs = arrivalMs + (k === position && i === start && atStopNow ? Math.max(0, dwellS - standingS) : dwellS) * 1000
        }
        arrivals.push(arrivalMs)
        departures.push(departureMs)
        if (arrivalMs > untilMs) break
        if (!last) arrivalMs = departureMs + this.#runningS(trip, i, serviceDate) * 1000
      }
      if (arrivals.length) trips.push({ trip, fromIndex: start, arrivals, departures })
      if (arrivalMs > untilMs) break
    }
    return trips
  }

  /** The first stop still ahead of the bus on its current trip (past the last: only later trips remain). */
  #fromIndex(match: VehicleMatch, trip: ScheduleTrip): number {
    return match.status === 'layover' ? 0 : (match.nextStopIndex ?? trip.stopIds.length)
  }

  /** Seconds from stop i to stop i + 1: the median of the segment's last 3 that day, else the timetable's. */
  #runningS(trip: ScheduleTrip, i: number, serviceDate: string): number {
    const sameDay = this.sameDay.medianS(trip.stopIds[i]!, trip.stopIds[i + 1]!, serviceDate)
    if (sameDay !== null) return sameDay
    const scheduledS = trip.arrivals[i + 1]! - trip.departures[i]!
    if (scheduledS > 0) return scheduledS
    const metres = trip.distancesM[i + 1]! - trip.distancesM[i]!
    return Number.isFinite(metres) && metres > 0 ? metres / FALLBACK_SPEED_MPS : 30
  }

  #dwellS(trip: ScheduleTrip, i: number, serviceDate: string, atMs: number): number {
    const learned = this.learned.history.dwellTime(trip.stopIds[i]!, dayTypeOf(serviceDate, this.schedule.timeZone), this.#hours.hourOf(atMs))
    return learned ? learned.meanS : Math.max(0, trip.departures[i]! - trip.arrivals[i]!)
  }

  /** As the learned methods: nothing before now, ranges from the method's own recent errors, wider when stale. */
  #finish(timed: TimedTrip[], match: VehicleMatch, method: BaselineMethod, nowMs: number, stale: boolean): TripPrediction[] {
    const firstAt = timed[0]?.arrivals[0]
    const shiftMs = firstAt === undefined ? 0 : Math.max(0, nowMs - firstAt)
    const staleExtraMs = stale ? Math.max(0, nowMs - match.atMs) : 0
    const untilMs = nowMs + this.learned.options.horizonMs
    const origin = this.#originOf(match.serviceDate!)
    const predictions: TripPrediction[] = []
    for (const { trip, fromIndex, arrivals, departures } of timed) {
      const p: TripPrediction = { method, vehicleId: match.vehicleId, trip, serviceDate: match.serviceDate!, fromIndex, arrivalsMs: [], departuresMs: [], lowMs: [], highMs: [], stale, fixAtMs: match.atMs, delayS: 0 }
      for (let k = 0; k < arrivals.length; k++) {
        const at = Math.round(arrivals[k]! + shiftMs)
        if (at > untilMs) break
        const spread = this.learned.spread.spread(method, at - nowMs)
        p.arrivalsMs.push(at)
        p.departuresMs.push(Math.max(at, Math.round(departures[k]! + shiftMs)))
        p.lowMs.push(Math.round(at + Math.min(0, spread.p10S) * 1000))
        p.highMs.push(Math.round(at + Math.max(0, spread.p90S) * 1000 + staleExtraMs))
      }
      if (p.arrivalsMs.length === 0) break
      p.delayS = Math.round((p.arrivalsMs[0]! - (origin + trip.arrivals[fromIndex]! * 1000)) / 1000)
      predictions.push(p)
    }
    return predictions
  }

  #originOf(serviceDate: string): number {
    let origin = this.#origins.get(serviceDate)
    if (origin === undefined) this.#origins.set(serviceDate, (origin = serviceDayOriginMs(serviceDate, this.schedule.timeZone)))
    return origin
  }
}

interface TimedTrip {
  trip: ScheduleTrip
  fromIndex: number
  arrivals: number[]
  departures: number[]
}
