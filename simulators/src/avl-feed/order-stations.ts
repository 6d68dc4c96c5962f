import { compareText, type VehicleTrack } from './clean-fixes.js'

/** The stations one direction of a route serves, in the order buses reach them. */
export interface DirectionPattern {
  direction: string
  stopIds: string[]
}

export interface StationOrderOptions {
  /** A station belongs to a direction when buses report it at least this share of the direction's median visits. */
  minShareOfMedianVisits: number
  /** Two reports of a bus further apart than this are not one journey. */
  maxGapMs: number
}

export const DEFAULT_STATION_ORDER_OPTIONS: StationOrderOptions = { minShareOfMedianVisits: 0.1, maxGapMs: 10 * 60_000 }

/**
 * Learns each direction's station order from the stop ids buses report (Amman: the station each bus reached last).
 * Every change of reported station within a direction is a vote "A comes before B"; for each pair only the
 * majority vote counts (a bus labelled with the wrong direction votes backwards, and is outvoted), and the stations
 * are ordered by Eades' greedy feedback-arc-set heuristic on the weighted votes: sinks go last, sources first,
 * otherwise the station with the most outgoing over incoming weight goes next. Stations rarely reported in a
 * direction (a few wrong labels) are left out.
 */
export function orderStations(tracks: readonly VehicleTrack[], options: StationOrderOptions = DEFAULT_STATION_ORDER_OPTIONS): DirectionPattern[] {
  const votes = new Map<string, Map<string, number>>() // direction → "A\0B" → count
  const visits = new Map<string, Map<string, number>>() // direction → station → runs
  for (const track of tracks) {
    let previous: (typeof track.fixes)[number] | undefined
    for (const fix of track.fixes) {
      if (fix.stopId === undefined || fix.direction === undefined) continue
      const sameRun = previous && previous.direction === fix.direction && previous.stopId === fix.stopId && fix.atMs - previous.atMs <= options.maxGapMs
      if (!sameRun) increment(mapOf(visits, fix.direction), fix.stopId)
      if (previous && !sameRun && previous.direction === fix.direction && fix.atMs - previous.atMs <= options.maxGapMs) {
        increment(mapOf(votes, fix.direction), `${previous.stopId}\u0000${fix.stopId}`)
      }
      previous = fix
    }
  }
  return [...visits.keys()].sort(compareText).map((direction) => {
    const counts = visits.get(direction)!
    const typical = medianOf([...counts.values()])
    const stations = [...counts].filter(([, n]) => n >= options.minShareOfMedianVisits * typical).map(([id]) => id).sort(compareText)
    return { direction, stopIds: orderByVotes(stations, votes.get(direction) ?? new Map()) }
  })
}

function orderByVotes(stations: readonly string[], votes: ReadonlyMap<string, number>): string[] {
  const edges = new Map<string, Map<string, number>>(stations.map((s) => [s, new Map()]))
  for (const a of stations) {
    for (const b of stations) {
      if (a === b) continue
      const forward = votes.get(`${a}\u0000${b}`) ?? 0
      const backward = votes.get(`${b}\u0000${a}`) ?? 0
      if (forward > backward) edges.get(a)!.set(b, forward - backward)
    }
  }
  const remaining = new Set(stations)
  const head: string[] = []
  const tail: string[] = []
  const weight = (station: string, incoming: boolean) => {
    let sum = 0
    for (const other of remaining) {
      if (other !== station) sum += (incoming ? edges.get(other)!.get(station) : edges.get(station)!.get(other)) ?? 0
    }
    return sum
  }
  while (remaining.size > 0) {
    const ordered = [...remaining].sort(compareText)
    const sink = ordered.find((s) => weight(s, false) === 0)
    if (sink !== undefined) {
      tail.unshift(sink)
      remaining.delete(sink)
      continue
    }
    const source = ordered.find((s) => weight(s, true) === 0)
    const next = source ?? ordered.reduce((best, s) => (weight(s, false) - weight(s, true) > weight(best, false) - weight(best, true) ? s : best))
    head.push(next)
    remaining.delete(next)
  }
  return [...head, ...tail]
}

function mapOf<V>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let map = maps.get(key)
  if (!map) maps.set(key, (map = new Map()))
  return map
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1] ?? 0
}
