import { DEG_TO_RAD, METRES_PER_DEGREE_LAT, metresPerDegreeLon } from '@masar/model/geo/earth'
import { distance } from '@turf/distance'

export interface LatLon {
  lat: number
  lon: number
}

/** Great-circle distance (turf's: built once, when the demo feed is generated, so no hot path). */
export function distanceMetres(a: LatLon, b: LatLon): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' })
}

/** The point a short way north and east of p (flat-earth approximation, fine over a few kilometres). */
export function offsetByMetres(p: LatLon, northMetres: number, eastMetres: number): LatLon {
  return { lat: p.lat + northMetres / METRES_PER_DEGREE_LAT, lon: p.lon + eastMetres / metresPerDegreeLon(p.lat) }
}

/** North and east metres from a to b (flat-earth approximation). */
export function metresBetween(a: LatLon, b: LatLon): { northMetres: number; eastMetres: number } {
  return { northMetres: (b.lat - a.lat) * METRES_PER_DEGREE_LAT, eastMetres: (b.lon - a.lon) * METRES_PER_DEGREE_LAT * Math.cos(((a.lat + b.lat) / 2) * DEG_TO_RAD) }
}

export function interpolate(a: LatLon, b: LatLon, fraction: number): LatLon {
  return { lat: a.lat + (b.lat - a.lat) * fraction, lon: a.lon + (b.lon - a.lon) * fraction }
}
