import { describe, expect, it } from 'vitest'
import { cumulativeDistancesM, haversineM, metresAtDistance, pointAtDistance, projectPoint, projectStopsAlong, type Polyline } from './polyline.js'
import { METRES_PER_DEGREE_LAT, metresPerDegreeLon } from './earth.js'

/** A line through points given in metres east/north of a point in Amman (31.95 N, 35.91 E). */
function lineThrough(points: Array<[east: number, north: number]>): Polyline {
  const toLat = (north: number) => 31.95 + north / METRES_PER_DEGREE_LAT
  const toLon = (east: number) => 35.91 + east / metresPerDegreeLon(31.95)
  const lats = Float64Array.from(points, ([, n]) => toLat(n))
  const lons = Float64Array.from(points, ([e]) => toLon(e))
  return { lats, lons, distances: cumulativeDistancesM(lats, lons) }
}
const at = (east: number, north: number) => ({
  lat: 31.95 + north / METRES_PER_DEGREE_LAT,
  lon: 35.91 + east / metresPerDegreeLon(31.95),
})

describe('distances along a line', () => {
  it('measures great-circle metres (one degree of latitude is 111.2 km)', () => {
    expect(haversineM(31, 35, 32, 35)).toBeCloseTo(111_195, -1)
    const line = lineThrough([[0, 0], [300, 0], [300, 400]])
    expect(line.distances[1]).toBeCloseTo(300, 0)
    expect(line.distances[2]).toBeCloseTo(700, 0)
  })

  it('projects a point onto the nearest place, with its offset', () => {
    const line = lineThrough([[0, 0], [1000, 0]])
    const projection = projectPoint(line, at(250, 40).lat, at(250, 40).lon)
    expect(projection.segment).toBe(0)
    expect(projection.fraction).toBeCloseTo(0.25, 3)
    expect(projection.offsetM).toBeCloseTo(40, 0)
  })

  it('converts the feed’s own units (km here) into metres along the line', () => {
    const metres = Float64Array.of(0, 300, 700)
    const km = Float64Array.of(0, 0.3, 0.7)
    expect(metresAtDistance(km, metres, 0.5)).toBeCloseTo(500, 6)
    expect(metresAtDistance(km, metres, 9)).toBe(700)
  })

  it('finds the point at a distance along the line', () => {
    const line = lineThrough([[0, 0], [300, 0], [300, 400]])
    const point = pointAtDistance(line, 500)
    expect(haversineM(point.lat, point.lon, at(300, 200).lat, at(300, 200).lon)).toBeLessThan(0.5)
    expect(pointAtDistance(line, -5)).toEqual({ lat: line.lats[0], lon: line.lons[0] })
  })
})

describe('stops placed along their shape in order', () => {
  it('puts a loop route’s second visit to a stop on the second pass', () => {
    // Out along the street, round a block, and back past the same stop: A B C B A on a line that doubles back.
    const line = lineThrough([[0, 0], [1000, 0], [1000, 30], [0, 30]])
    const a = at(100, 15)
    const b = at(500, 15)
    const c = at(1000, 15)
    const along = projectStopsAlong(line, [a, b, c, b, a])
    expect(along[0]).toBeCloseTo(100, -1)
    expect(along[1]).toBeCloseTo(500, -1)
    expect(along[2]).toBeCloseTo(1015, -1)
    expect(along[3]).toBeCloseTo(1030 + 500, -1)
    expect(along[4]).toBeCloseTo(1030 + 900, -1)
  })

  it('keeps stops in order where the nearest place would be behind the previous stop', () => {
    // A hairpin: the third stop is nearer the outbound leg, but the bus reaches it on the way back.
    const line = lineThrough([[0, 0], [800, 0], [800, 60], [0, 60]])
    const along = projectStopsAlong(line, [at(100, 0), at(700, 0), at(400, 25)])
    expect(along[0]).toBeLessThan(along[1]!)
    expect(along[2]).toBeGreaterThan(860)
  })

  it('gives distances that never go backwards, even for stops off the line', () => {
    const line = lineThrough([[0, 0], [500, 0], [1000, 0]])
    const along = projectStopsAlong(line, [at(0, 0), at(600, 300), at(400, -300), at(1000, 0)])
    for (let i = 1; i < along.length; i++) expect(along[i]).toBeGreaterThanOrEqual(along[i - 1]!)
  })
})
