import { distance, point } from '@turf/turf'
import type { Fix } from './clean-fixes.js'
import type { LocatedStation } from './locate-stations.js'
import { median } from './median.js'
import type { ObservedTrip, StationVisit } from './segment-trips.js'

/** A bus's fix within this distance of a station is the bus at that station (a BRT platform with its queue). */
export const AT_STATION_M = 40
/** Segments seen fewer times than this take their time from the route's typical speed instead. */
const MIN_TRAVERSALS = 3

/** When one visit began and ended, epoch ms (NaN where the trace cannot say). */
export interface VisitTimes {
  arrivalMs: number
  departureMs: number
}

/**
 * A visit's times. The station id changes between two polls as the bus arrives: arrival is their midpoint. It
 * left between its last fix at the station and the next one: departure is their midpoint. A bus never polled at
 * the station (it passed between two polls) left as it arrived.
 */
export function timeVisit(visit: StationVisit, station: { lat: number; lon: number }): VisitTimes {
  const first = visit.fixes[0]!
  const arrivalMs = visit.before ? (visit.before.atMs + first.atMs) / 2 : Number.NaN
  const fixes = visit.after ? [...visit.fixes, visit.after] : visit.fixes
  let lastAt = -1
  for (let i = 0; i < visit.fixes.length; i++) if (metresTo(visit.fixes[i]!, station) <= AT_STATION_M) lastAt = i
  if (lastAt === -1) return { arrivalMs, departureMs: arrivalMs }
  const next = fixes[lastAt + 1]
  return { arrivalMs, departureMs: next ? (fixes[lastAt]!.atMs + next.atMs) / 2 : Number.NaN }
}

const metresTo = (fix: Fix, station: { lat: number; lon: number }) => distance(point([fix.lon, fix.lat]), point([station.lon, station.lat])) * 1000

/** The template of one direction: seconds from the first departure to each station's arrival and departure. */
export interface LearnedTimes {
  arrivalS: number[]
  departureS: number[]
  /** Traversals behind each segment's running time (0: taken from the typical speed). */
  traversals: number[]
  dwellSamples: number[]
}

/**
 * Median running time of each station-to-station segment (from departure to the next arrival, over trips that
 * saw both stations) and median dwell at each station (over every timed arrival; a bus not polled at the
 * station counts as a dwell of 0, so fleeting stops are not left out).
 */
export function learnRunningTimes(trips: readonly ObservedTrip[], stations: readonly LocatedStation[]): LearnedTimes {
  const running: number[][] = stations.slice(1).map(() => [])
  const dwell: number[][] = stations.map(() => [])
  for (const trip of trips) {
    const times = trip.visits.map((visit) => timeVisit(visit, stations[visit.stationIndex]!))
    trip.visits.forEach((visit, i) => {
      const { arrivalMs, departureMs } = times[i]!
      if (!Number.isNaN(arrivalMs) && !Number.isNaN(departureMs) && i + 1 < trip.visits.length) dwell[visit.stationIndex]!.push((departureMs - arrivalMs) / 1000)
      const next = trip.visits[i + 1]
      if (!next || next.stationIndex !== visit.stationIndex + 1) return
      const leftMs = Number.isNaN(departureMs) ? arrivalMs : departureMs
      const reachedMs = times[i + 1]!.arrivalMs
      if (!Number.isNaN(leftMs) && reachedMs > leftMs) running[visit.stationIndex]!.push((reachedMs - leftMs) / 1000)
    })
  }
  const gapsM = stations.slice(1).map((s, i) => distance(point([stations[i]!.lon, stations[i]!.lat]), point([s.lon, s.lat])) * 1000)
  const observed = running.flatMap((list, i) => (list.length >= MIN_TRAVERSALS ? [median(list) / Math.max(1, gapsM[i]!)] : []))
  const secondsPerMetre = observed.length > 0 ? median(observed) : 1 / 6
  const arrivalS = [0]
  const departureS = [0]
  for (let i = 1; i < stations.length; i++) {
    const list = running[i - 1]!
    const runS = list.length >= MIN_TRAVERSALS ? median(list) : gapsM[i - 1]! * secondsPerMetre
    const arrival = departureS[i - 1]! + Math.round(runS)
    const dwellS = i === stations.length - 1 || dwell[i]!.length === 0 ? 0 : Math.round(median(dwell[i]!))
    arrivalS.push(arrival)
    departureS.push(arrival + dwellS)
  }
  return { arrivalS, departureS, traversals: running.map((l) => (l.length >= MIN_TRAVERSALS ? l.length : 0)), dwellSamples: dwell.map((l) => l.length) }
}
