import { trafficFactor, type DayKind, type TrafficProfile } from './traffic-profile.js'

/**
 * Expected running times, the one model the demo timetable is built from and the fleet simulator drives by, as a
 * real timetable is built from observed running times by hour. A bus drives each stretch between stops at its
 * route's free-flow speed times the traffic factor of the hour, and dwells at each stop on the way for a base
 * time, more where several routes stop and in the peaks. The timetable allots the mean of each.
 */
export interface DwellModel {
  /** Seconds at a stop: a base (uniform between the two), more per other route at the stop and in the peaks. */
  dwellBaseS: readonly [number, number]
  dwellPerRouteS: number
  dwellPeakExtraS: number
}

export const AMMAN_DWELL: DwellModel = { dwellBaseS: [8, 18], dwellPerRouteS: 3, dwellPeakExtraS: 14 }

/** Traffic slower than this (factor of free flow) is a peak: longer dwells. */
export const PEAK_TRAFFIC_BELOW = 0.8

export const isPeakTraffic = (factor: number): boolean => factor < PEAK_TRAFFIC_BELOW

/** The mean dwell at a stop served by `routesAtStop` routes (the peak extra is uniform from 0). */
export function expectedDwellS(model: DwellModel, routesAtStop: number, peak: boolean): number {
  const [lo, hi] = model.dwellBaseS
  return (lo + hi) / 2 + model.dwellPerRouteS * Math.max(0, routesAtStop - 1) + (peak ? model.dwellPeakExtraS / 2 : 0)
}

export interface TripTimingOptions {
  /** Metres along the trip at each stop, first to last. */
  distancesM: readonly number[]
  routesAtStop: readonly number[]
  freeFlowSpeedMps: number
  /** GTFS seconds of the departure from the first stop. */
  departureS: number
  traffic: TrafficProfile
  dayKind: DayKind
  dwell?: DwellModel
}

/**
 * Seconds from the trip's departure to each of its stops (arrival = departure; the dwell allowance is in the next
 * stretch), with the traffic of the hour each stretch is driven in. Whole seconds, as GTFS keeps them.
 */
export function expectedStopOffsetsS(options: TripTimingOptions): number[] {
  const dwell = options.dwell ?? AMMAN_DWELL
  const { distancesM, routesAtStop } = options
  const offsets = [0]
  let atS = options.departureS
  for (let i = 1; i < distancesM.length; i++) {
    const traffic = trafficFactor(options.traffic, options.dayKind, atS)
    const driveS = (distancesM[i]! - distancesM[i - 1]!) / (options.freeFlowSpeedMps * traffic)
    const last = i === distancesM.length - 1
    atS += driveS + (last ? 0 : expectedDwellS(dwell, routesAtStop[i] ?? 1, isPeakTraffic(traffic)))
    offsets.push(Math.round(atS - options.departureS))
  }
  return offsets
}
