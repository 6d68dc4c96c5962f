import type { ScheduleShape } from '@masar/gtfs/schedule/schedule'
import { distanceAlong, haversineM, pointAtDistance, projectOntoSegment, type Polyline } from '@masar/model/geo/polyline'

/**
 * A shape as the matcher uses it: its polyline in metres and the compass bearing of each segment, made once per
 * shape. Places on it are found within a stretch of distance, which is how progress along a trip stays monotonic
 * and how a loop that passes the same street twice is told apart.
 */
export interface ShapeLine {
  shapeId: string
  line: Polyline
  /** Bearing of segment i (point i to i + 1), degrees clockwise from north; a zero-length one takes its neighbour's. */
  bearingsDeg: Float64Array
  lengthM: number
}

/** A place on a shape: metres along it, metres from the fix to it, and the segment it lies on. */
export interface ShapePlace {
  alongM: number
  offsetM: number
  segment: number
}

const TO_RAD = Math.PI / 180

export function toShapeLine(shape: ScheduleShape): ShapeLine {
  const line: Polyline = { lats: shape.lats, lons: shape.lons, distances: shape.distancesM }
  const segments = Math.max(1, shape.lats.length - 1)
  const bearingsDeg = new Float64Array(segments).fill(Number.NaN)
  for (let i = 0; i < shape.lats.length - 1; i++) {
    const dy = shape.lats[i + 1]! - shape.lats[i]!
    const dx = (shape.lons[i + 1]! - shape.lons[i]!) * Math.cos(shape.lats[i]! * TO_RAD)
    if (dx !== 0 || dy !== 0) bearingsDeg[i] = (Math.atan2(dx, dy) / TO_RAD + 360) % 360
  }
  for (let i = 1; i < segments; i++) if (Number.isNaN(bearingsDeg[i]!)) bearingsDeg[i] = bearingsDeg[i - 1]!
  for (let i = segments - 2; i >= 0; i--) if (Number.isNaN(bearingsDeg[i]!)) bearingsDeg[i] = bearingsDeg[i + 1]!
  return { shapeId: shape.shapeId, line, bearingsDeg, lengthM: shape.distancesM[shape.distancesM.length - 1] ?? 0 }
}

/** The first segment whose end lies at or beyond a distance. */
function segmentAt(distances: Float64Array, alongM: number): number {
  let low = 0
  let high = distances.length - 1
  while (high - low > 1) {
    const mid = (low + high) >> 1
    if (distances[mid]! <= alongM) low = mid
    else high = mid
  }
  return low
}

/**
 * The place on the shape between fromM and toM nearest the fix; of places about as near, the one closest to
 * expectedM (a loop's two passes of one street). Null for a shape without segments.
 */
export function placeWithin(shape: ShapeLine, lat: number, lon: number, range: { fromM: number; toM: number; expectedM: number }): ShapePlace | null {
  const { line } = shape
  const last = line.lats.length - 1
  if (last < 1) return null
  const fromM = Math.max(0, Math.min(range.fromM, shape.lengthM))
  const toM = Math.max(fromM, Math.min(range.toM, shape.lengthM))
  let best: ShapePlace | null = null
  let bestScore = Infinity
  for (let segment = segmentAt(line.distances, fromM); segment < last && line.distances[segment]! <= toM; segment++) {
    const projection = projectOntoSegment(line, segment, lat, lon)
    let alongM = distanceAlong(line, projection)
    let offsetM = projection.offsetM
    if (alongM < fromM || alongM > toM) {
      alongM = Math.min(toM, Math.max(fromM, alongM))
      const point = pointAtDistance(line, alongM)
      offsetM = haversineM(lat, lon, point.lat, point.lon)
    }
    const score = offsetM + 0.01 * Math.abs(alongM - range.expectedM)
    if (score < bestScore) {
      bestScore = score
      best = { alongM, offsetM, segment }
    }
  }
  return best
}
