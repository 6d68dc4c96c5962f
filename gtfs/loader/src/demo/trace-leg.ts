import { distanceMetres, interpolate, metresBetween, offsetByMetres, type LatLon } from './geo.js'
import { randomBetween, type Random } from '@masar/model/random/seeded-random'

/** A street drawn as a polyline between two places, with the distance from its start at each point. */
export interface TracedLeg {
  points: LatLon[]
  cumulativeMetres: number[]
  lengthMetres: number
}

const POINT_SPACING_METRES = 200
const MAX_BEND_METRES = 280
const JITTER_METRES = 10

/**
 * A winding polyline from `from` to `to`: points every ~200 m, pushed sideways by two gentle bends (zero at both
 * ends) and a little jitter, so that a street is not drawn as a ruler line. Amman's streets follow its hills.
 */
export function traceLeg(random: Random, from: LatLon, to: LatLon): TracedLeg {
  const straightMetres = distanceMetres(from, to)
  const segments = Math.max(2, Math.ceil(straightMetres / POINT_SPACING_METRES))
  const bendMetres = Math.min(MAX_BEND_METRES, 0.08 * straightMetres) * randomBetween(random, -1, 1)
  const wiggleMetres = Math.min(MAX_BEND_METRES / 2, 0.04 * straightMetres) * randomBetween(random, -1, 1)
  const { northMetres, eastMetres } = metresBetween(from, to)
  const sideNorth = -eastMetres / straightMetres
  const sideEast = northMetres / straightMetres
  const points: LatLon[] = [from]
  for (let i = 1; i < segments; i++) {
    const t = i / segments
    const sideMetres =
      bendMetres * Math.sin(Math.PI * t) +
      wiggleMetres * Math.sin(2 * Math.PI * t) +
      randomBetween(random, -JITTER_METRES, JITTER_METRES)
    points.push(offsetByMetres(interpolate(from, to, t), sideNorth * sideMetres, sideEast * sideMetres))
  }
  points.push(to)
  const cumulativeMetres = [0]
  for (let i = 1; i < points.length; i++) {
    cumulativeMetres.push(cumulativeMetres[i - 1]! + distanceMetres(points[i - 1]!, points[i]!))
  }
  return { points, cumulativeMetres, lengthMetres: cumulativeMetres[cumulativeMetres.length - 1]! }
}

/**
 * The point `alongMetres` from the start of a traced leg (linear between its points), moved `rightMetres` to the
 * right of the direction of travel from start to end (negative: to the left).
 */
export function pointAlongLeg(leg: TracedLeg, alongMetres: number, rightMetres = 0): LatLon {
  const { points, cumulativeMetres } = leg
  let i = 1
  while (i < points.length - 1 && cumulativeMetres[i]! < alongMetres) i++
  const a = points[i - 1]!
  const b = points[i]!
  const start = cumulativeMetres[i - 1]!
  const fraction = (alongMetres - start) / (cumulativeMetres[i]! - start)
  const onLine = interpolate(a, b, Math.min(1, Math.max(0, fraction)))
  const { northMetres, eastMetres } = metresBetween(a, b)
  const segmentMetres = Math.hypot(northMetres, eastMetres)
  // Turning the heading (north, east) a quarter clockwise gives the right-hand side: (−east, north).
  return offsetByMetres(onLine, (-eastMetres / segmentMetres) * rightMetres, (northMetres / segmentMetres) * rightMetres)
}
