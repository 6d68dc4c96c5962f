import type { Random } from './random.js'
import { METRES_PER_DEGREE_LAT, metresPerDegreeLon } from '@masar/model/geo/earth'

/**
 * What a bus's GNSS receiver reports for where the bus truly is: Gaussian error of `gpsNoiseM` on each axis (east
 * and north; the horizontal RMS error is √2 × gpsNoiseM), and now and then an urban-canyon outlier, a fix thrown
 * 80–400 m off by signals reflected from buildings. Flat-earth metres around the point, exact to centimetres here.
 */
export interface GpsQuality {
  /** Standard deviation of the error on each axis. */
  gpsNoiseM: number
  /** Probability that a fix is an outlier. */
  outlierRate: number
}

export { METRES_PER_DEGREE_LAT }
export const OUTLIER_JUMP_M: readonly [number, number] = [80, 400]

export function offsetByMetres(lat: number, lon: number, eastM: number, northM: number): { lat: number; lon: number } {
  const shiftedLon = lon + eastM / metresPerDegreeLon(lat)
  return {
    lat: Math.max(-90, Math.min(90, lat + northM / METRES_PER_DEGREE_LAT)),
    lon: ((((shiftedLon + 180) % 360) + 360) % 360) - 180,
  }
}

export function measurePosition(truth: { lat: number; lon: number }, gps: GpsQuality, random: Random): { lat: number; lon: number } {
  let eastM = random.normal() * gps.gpsNoiseM
  let northM = random.normal() * gps.gpsNoiseM
  if (random.next() < gps.outlierRate) {
    const [minJumpM, maxJumpM] = OUTLIER_JUMP_M
    const jumpM = minJumpM + (maxJumpM - minJumpM) * random.next()
    const directionRad = 2 * Math.PI * random.next()
    eastM += jumpM * Math.sin(directionRad)
    northM += jumpM * Math.cos(directionRad)
  }
  return offsetByMetres(truth.lat, truth.lon, eastM, northM)
}
