import { cleanCoords, lineString, simplify } from '@turf/turf'
import { cumulativeDistancesM, distanceAlong, projectPoint, type Polyline } from '@masar/model/geo/polyline'
import type { Fix } from './clean-fixes.js'
import { median } from './median.js'

export interface ShapeOptions {
  /** Fixes farther than this from the line being refined are off the route (a detour, a depot run). */
  maxOffsetM: number
  /** Positions are pooled in bins of this length along the route. */
  binM: number
  /** A bin needs this many fixes to count. */
  minFixesPerBin: number
  /** Refinements: each projects every fix onto the line the previous one made. */
  passes: number
  /** Douglas–Peucker tolerance of the written shape, degrees (1e-5 ≈ 1 m). */
  simplifyDeg: number
}

export const DEFAULT_SHAPE_OPTIONS: ShapeOptions = { maxOffsetM: 150, binM: 20, minFixesPerBin: 3, passes: 2, simplifyDeg: 0.00003 }

export type LonLat = [number, number]

/**
 * A direction's shape from its buses' own tracks. Every moving fix of every trip is projected onto a first guess
 * (the stations joined in order) and pooled by distance along it; the median position of each bin is a point of
 * the road, many buses' fixes filling in the corners a single bus polled every 40 s would cut. The line of bin
 * medians becomes the next guess; then it is simplified and tied to the first and last stations.
 */
export function buildShape(stations: readonly LonLat[], fixes: readonly Fix[], options: ShapeOptions = DEFAULT_SHAPE_OPTIONS): LonLat[] {
  let line: LonLat[] = dedupe([...stations])
  if (line.length < 2) return line
  for (let pass = 0; pass < options.passes; pass++) {
    const guess = toPolyline(line)
    const bins = new Map<number, Fix[]>()
    for (const fix of fixes) {
      const nearest = projectPoint(guess, fix.lat, fix.lon)
      if (nearest.offsetM > options.maxOffsetM) continue
      const bin = Math.floor(distanceAlong(guess, nearest) / options.binM)
      const list = bins.get(bin)
      if (list) list.push(fix)
      else bins.set(bin, [fix])
    }
    const points = [...bins].filter(([, list]) => list.length >= options.minFixesPerBin).sort((a, b) => a[0] - b[0])
      .map(([, list]): LonLat => [median(list.map((f) => f.lon)), median(list.map((f) => f.lat))])
    if (points.length < 2) break
    line = dedupe([stations[0]!, ...points, stations.at(-1)!])
  }
  const simplified = simplify(cleanCoords(lineString(line)), { tolerance: options.simplifyDeg, highQuality: true })
  return dedupe((simplified.geometry.coordinates as number[][]).map((position) => [round6(position[0]!), round6(position[1]!)] as LonLat))
}

/**
 * The model's flat-earth projection, not turf's nearestPointOnLine: every fix of every trip is projected onto a
 * line of a few hundred points twice per direction, and turf took about a minute for route 99 (40,000 fixes) where
 * this takes well under a second. It is the projection the loader places stops with.
 */
function toPolyline(line: readonly LonLat[]): Polyline {
  const lats = Float64Array.from(line, (p) => p[1])
  const lons = Float64Array.from(line, (p) => p[0])
  return { lats, lons, distances: cumulativeDistancesM(lats, lons) }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

function dedupe(line: LonLat[]): LonLat[] {
  return line.filter((p, i) => i === 0 || p[0] !== line[i - 1]![0] || p[1] !== line[i - 1]![1])
}
