import { METRES_PER_DEGREE_LAT, metresPerDegreeLon } from './earth.js'
import { cumulativeDistancesM, type Polyline } from './polyline.js'

/**
 * A bus route's worth of line for geometry tests and benches: `points` points about 40 m apart, winding north-east
 * from a point in Amman, and a fix beside it at each of `fixes` places (seeded, so every run sees the same ones).
 */
export function windingLine(points: number, fixes: number): { line: Polyline; fixes: { lat: number; lon: number }[] } {
  const origin = { lat: 31.95, lon: 35.91 }
  const lats = new Float64Array(points)
  const lons = new Float64Array(points)
  let east = 0
  let north = 0
  for (let i = 0; i < points; i++) {
    const heading = 0.8 + 0.9 * Math.sin(i / 15)
    east += 40 * Math.sin(heading)
    north += 40 * Math.cos(heading)
    lats[i] = origin.lat + north / METRES_PER_DEGREE_LAT
    lons[i] = origin.lon + east / metresPerDegreeLon(origin.lat)
  }
  const line = { lats, lons, distances: cumulativeDistancesM(lats, lons) }
  let seed = 1
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
  const at = Array.from({ length: fixes }, () => {
    const i = Math.floor(random() * (points - 1))
    return { lat: lats[i]! + (random() - 0.5) * 0.0006, lon: lons[i]! + (random() - 0.5) * 0.0006 }
  })
  return { line, fixes: at }
}
