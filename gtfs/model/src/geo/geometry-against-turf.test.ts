import { along } from '@turf/along'
import { distance } from '@turf/distance'
import { earthRadius, lineString } from '@turf/helpers'
import { nearestPointOnLine } from '@turf/nearest-point-on-line'
import { describe, expect, it } from 'vitest'
import { EARTH_RADIUS_M, METRES_PER_DEGREE_LAT } from './earth.js'
import { distanceAlong, haversineM, pointAtDistance, projectPoint } from './polyline.js'
import { windingLine } from './winding-line.js'

/** The hand-written geometry kept on hot paths (the matcher's per-fix projection) gives turf's answers. */
describe('hand-written geometry against turf', () => {
  const { line, fixes } = windingLine(400, 300)
  const turfLine = lineString(Array.from(line.lats, (lat, i) => [line.lons[i]!, lat]))

  it('uses turf’s Earth radius, the one radius of the code base', () => {
    expect(EARTH_RADIUS_M).toBe(earthRadius)
    expect(EARTH_RADIUS_M).toBe(6_371_008.8)
    expect(METRES_PER_DEGREE_LAT).toBeCloseTo(111_195.08, 2)
  })

  it('haversineM is turf’s distance', () => {
    for (const fix of fixes) {
      const turfM = distance([35.91, 31.95], [fix.lon, fix.lat], { units: 'meters' })
      expect(Math.abs(haversineM(31.95, 35.91, fix.lat, fix.lon) - turfM)).toBeLessThan(1e-6 * turfM + 1e-9)
    }
  })

  it('projectPoint finds turf’s nearest point on the line: the same offset and distance along within 5 cm', () => {
    let worstOffset = 0
    let worstAlong = 0
    for (const fix of fixes) {
      const mine = projectPoint(line, fix.lat, fix.lon)
      const turf = nearestPointOnLine(turfLine, [fix.lon, fix.lat], { units: 'meters' })
      worstOffset = Math.max(worstOffset, Math.abs(mine.offsetM - turf.properties.dist))
      worstAlong = Math.max(worstAlong, Math.abs(distanceAlong(line, mine) - turf.properties.location))
    }
    expect(worstOffset).toBeLessThan(0.05)
    expect(worstAlong).toBeLessThan(0.05)
  })

  it('pointAtDistance is turf’s along within 5 cm', () => {
    const lengthM = line.distances[line.distances.length - 1]!
    for (let d = 0; d <= lengthM; d += lengthM / 97) {
      const mine = pointAtDistance(line, d)
      const [lon, lat] = along(turfLine, d, { units: 'meters' }).geometry.coordinates as [number, number]
      expect(haversineM(mine.lat, mine.lon, lat, lon)).toBeLessThan(0.05)
    }
  })
})
