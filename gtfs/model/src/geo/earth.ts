import { earthRadius } from '@turf/helpers'

/**
 * The one Earth radius of the code base: turf's mean radius (6,371,008.8 m), so a hand-written formula on a hot
 * path and turf give the same metres. Every formula that is not turf's own uses these.
 */
export const EARTH_RADIUS_M: number = earthRadius
export const DEG_TO_RAD = Math.PI / 180
/** Metres in one degree of latitude (and of longitude at the equator) on that sphere: about 111,195 m. */
export const METRES_PER_DEGREE_LAT = EARTH_RADIUS_M * DEG_TO_RAD
/** Metres in one degree of longitude at a latitude. */
export const metresPerDegreeLon = (lat: number): number => METRES_PER_DEGREE_LAT * Math.cos(lat * DEG_TO_RAD)
