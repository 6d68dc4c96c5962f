import { DEG_TO_RAD as TO_RAD, EARTH_RADIUS_M, METRES_PER_DEGREE_LAT } from './earth.js'

/**
 * Polylines (a GTFS shape, a bus's path) as parallel typed arrays, and points projected onto them. Flat-earth
 * maths around each point (metres east and north at its latitude) is exact to well under a metre over the
 * length of one shape segment, and it is fast enough to place every stop of a large feed in well under a second.
 */
export interface Polyline {
  lats: Float64Array
  lons: Float64Array
  /** Cumulative distance at each point: metres, or the feed's own shape_dist_traveled units. */
  distances: Float64Array
}

export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * TO_RAD
  const dLon = (lon2 - lon1) * TO_RAD
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * TO_RAD) * Math.cos(lat2 * TO_RAD) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)))
}

/** Cumulative great-circle metres at each point of a line. */
export function cumulativeDistancesM(lats: ArrayLike<number>, lons: ArrayLike<number>): Float64Array {
  const distances = new Float64Array(lats.length)
  for (let i = 1; i < lats.length; i++) distances[i] = distances[i - 1]! + haversineM(lats[i - 1]!, lons[i - 1]!, lats[i]!, lons[i]!)
  return distances
}

/** Where a point falls on a polyline: segment `segment` (from point `segment` to `segment + 1`) at `fraction`. */
export interface Projection {
  segment: number
  fraction: number
  /** Metres from the point to the line. */
  offsetM: number
}

/** The point's projection onto one segment. */
export function projectOntoSegment(line: Polyline, segment: number, lat: number, lon: number): Projection {
  const metresPerDegLat = METRES_PER_DEGREE_LAT
  const metresPerDegLon = metresPerDegLat * Math.cos(lat * TO_RAD)
  const ax = (line.lons[segment]! - lon) * metresPerDegLon
  const ay = (line.lats[segment]! - lat) * metresPerDegLat
  const bx = (line.lons[segment + 1]! - lon) * metresPerDegLon
  const by = (line.lats[segment + 1]! - lat) * metresPerDegLat
  const dx = bx - ax
  const dy = by - ay
  const lengthSq = dx * dx + dy * dy
  const fraction = lengthSq === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / lengthSq))
  return { segment, fraction, offsetM: Math.hypot(ax + fraction * dx, ay + fraction * dy) }
}

/** The distance along the line (in the line's units) at a projection. */
export function distanceAlong(line: Polyline, at: Projection): number {
  const start = line.distances[at.segment]!
  const end = line.distances[Math.min(at.segment + 1, line.distances.length - 1)]!
  return start + at.fraction * (end - start)
}

/** The nearest place on the whole line (the first one on a tie). */
export function projectPoint(line: Polyline, lat: number, lon: number): Projection {
  if (line.lats.length < 2) return { segment: 0, fraction: 0, offsetM: line.lats.length ? haversineM(lat, lon, line.lats[0]!, line.lons[0]!) : Infinity }
  let best = projectOntoSegment(line, 0, lat, lon)
  for (let segment = 1; segment < line.lats.length - 1; segment++) {
    const candidate = projectOntoSegment(line, segment, lat, lon)
    if (candidate.offsetM < best.offsetM) best = candidate
  }
  return best
}

const CANDIDATES_PER_STOP = 6

/**
 * The places on the line a point could be: the nearest point of each stretch of the line that passes by it
 * (the local minima of the distance to it), nearest first. A loop that passes a stop twice gives two.
 */
function candidatePlaces(line: Polyline, lat: number, lon: number): Projection[] {
  const segments = line.lats.length - 1
  const all: Projection[] = []
  for (let segment = 0; segment < segments; segment++) all.push(projectOntoSegment(line, segment, lat, lon))
  const minima = all.filter((p, i) => (i === 0 || p.offsetM <= all[i - 1]!.offsetM) && (i === segments - 1 || p.offsetM <= all[i + 1]!.offsetM))
  // A stop without coordinates stays where the stop before it was (the distances are made monotonic below).
  if (minima.length === 0) return [{ segment: 0, fraction: 0, offsetM: 0 }]
  return minima.sort((a, b) => a.offsetM - b.offsetM).slice(0, CANDIDATES_PER_STOP)
}

const position = (p: Projection) => p.segment + p.fraction

/**
 * Places a trip's stops on its shape in order: each stop at one of its candidate places, never behind the stop
 * before it, choosing the sequence with the least total distance from stops to line (dynamic programming over
 * the candidates). This is what keeps a loop route's second visit to a stop on the second pass, and a stop
 * beside two parallel stretches of a route on the right one. Returns the distance along the line (line units).
 */
export function projectStopsAlong(line: Polyline, stops: ReadonlyArray<{ lat: number; lon: number }>): Float64Array {
  const along = new Float64Array(stops.length)
  if (stops.length === 0) return along
  if (line.lats.length < 2) return along.fill(line.distances[0] ?? 0)
  const candidates = stops.map((stop) => candidatePlaces(line, stop.lat, stop.lon))
  const cost: number[][] = []
  const from: number[][] = []
  cost.push(candidates[0]!.map((c) => c.offsetM))
  from.push(candidates[0]!.map(() => -1))
  for (let i = 1; i < stops.length; i++) {
    const rowCost: number[] = []
    const rowFrom: number[] = []
    for (const candidate of candidates[i]!) {
      let best = Infinity
      let bestFrom = -1
      candidates[i - 1]!.forEach((previous, j) => {
        // A candidate behind the previous stop is allowed only at a heavy price, so a chain always exists.
        const behind = position(previous) > position(candidate) ? 1e7 : 0
        const total = cost[i - 1]![j]! + behind
        if (total < best) [best, bestFrom] = [total, j]
      })
      rowCost.push(best + candidate.offsetM)
      rowFrom.push(bestFrom)
    }
    cost.push(rowCost)
    from.push(rowFrom)
  }
  let choice = cost[stops.length - 1]!.indexOf(Math.min(...cost[stops.length - 1]!))
  for (let i = stops.length - 1; i >= 0; i--) {
    along[i] = distanceAlong(line, candidates[i]![choice]!)
    choice = from[i]![choice]!
  }
  for (let i = 1; i < along.length; i++) along[i] = Math.max(along[i]!, along[i - 1]!)
  return along
}

/** The line's metres at a distance in its own units (the feed's shape_dist_traveled), interpolated. */
export function metresAtDistance(feedDistances: Float64Array, metres: Float64Array, distance: number): number {
  const n = feedDistances.length
  if (n === 0) return Number.NaN
  if (distance <= feedDistances[0]!) return metres[0]!
  if (distance >= feedDistances[n - 1]!) return metres[n - 1]!
  let low = 0
  let high = n - 1
  while (high - low > 1) {
    const mid = (low + high) >> 1
    if (feedDistances[mid]! <= distance) low = mid
    else high = mid
  }
  const span = feedDistances[high]! - feedDistances[low]!
  const fraction = span === 0 ? 0 : (distance - feedDistances[low]!) / span
  return metres[low]! + fraction * (metres[high]! - metres[low]!)
}

/** The point at a distance along a line (in the line's units), clamped to its ends. */
export function pointAtDistance(line: Polyline, distance: number): { lat: number; lon: number } {
  const n = line.lats.length
  if (n === 0) return { lat: Number.NaN, lon: Number.NaN }
  if (distance <= line.distances[0]!) return { lat: line.lats[0]!, lon: line.lons[0]! }
  if (distance >= line.distances[n - 1]!) return { lat: line.lats[n - 1]!, lon: line.lons[n - 1]! }
  let low = 0
  let high = n - 1
  while (high - low > 1) {
    const mid = (low + high) >> 1
    if (line.distances[mid]! <= distance) low = mid
    else high = mid
  }
  const span = line.distances[high]! - line.distances[low]!
  const f = span === 0 ? 0 : (distance - line.distances[low]!) / span
  return { lat: line.lats[low]! + f * (line.lats[high]! - line.lats[low]!), lon: line.lons[low]! + f * (line.lons[high]! - line.lons[low]!) }
}
