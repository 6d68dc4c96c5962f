import { distance, point } from '@turf/turf'
import type { Fix } from './clean-fixes.js'
import { median } from './median.js'
import type { DirectionPattern } from './order-stations.js'
import type { ObservedTrip } from './segment-trips.js'

export interface LocatedStation {
  /** The id the trace reports. */
  stopId: string
  /** The direction whose visits located it (a station id can stand for a different platform in each direction). */
  direction: string
  lat: number
  lon: number
  /** Visits whose standing place was used. */
  visits: number
  /** Median metres from those standing places to the located station. */
  medianSpreadM: number
}

/** A fix followed within this distance by the bus's next fix is a bus standing still. */
export const STANDING_M = 15
/** Where a bus stands this long after it reports a new station is that station (not a traffic light further on). */
const ARRIVAL_WINDOW_MS = 120_000

const metresBetween = (a: Fix, b: Fix) => distance(point([a.lon, a.lat]), point([b.lon, b.lat])) * 1000

/** The place one visit says the station is: where the bus first stood after reporting it; at the terminal a trip starts from, where it stood last before leaving. */
function standingPlace(fixes: readonly Fix[], fromEnd: boolean): Fix {
  const ordered = fromEnd ? [...fixes].reverse() : fixes
  const first = ordered[0]!
  for (let i = 0; i + 1 < ordered.length; i++) {
    if (!fromEnd && ordered[i]!.atMs - first.atMs > ARRIVAL_WINDOW_MS) break
    if (metresBetween(ordered[i]!, ordered[i + 1]!) <= STANDING_M) return ordered[i]!
  }
  return first
}

/**
 * Locates each station of each direction from the buses' own reports: Amman's buses switch to a station's id as
 * they reach it, so the place a bus first stands still after switching is the platform; the station is the
 * median of those places over every visit (robust to visits where the bus was polled only after leaving, or
 * stood at a light). Returns each direction's stations in its order.
 */
export function locateStations(trips: readonly ObservedTrip[], patterns: readonly DirectionPattern[]): Map<string, LocatedStation[]> {
  const places = new Map<string, Fix[][]>(patterns.map((p) => [p.direction, p.stopIds.map(() => [])]))
  trips.forEach((trip) => {
    const lists = places.get(trip.direction)!
    trip.visits.forEach((visit, i) => lists[visit.stationIndex]!.push(standingPlace(visit.fixes, i === 0)))
  })
  return new Map(patterns.map((pattern) => [pattern.direction, pattern.stopIds.map((stopId, i) => {
    const list = places.get(pattern.direction)![i]!
    const lat = median(list.map((f) => f.lat))
    const lon = median(list.map((f) => f.lon))
    const spread = median(list.map((f) => distance(point([lon, lat]), point([f.lon, f.lat])) * 1000))
    return { stopId, direction: pattern.direction, lat, lon, visits: list.length, medianSpreadM: spread }
  })]))
}
