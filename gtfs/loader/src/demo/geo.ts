export interface LatLon {
  lat: number
  lon: number
}

const EARTH_RADIUS_METRES = 6_371_000
const METRES_PER_DEGREE_LAT = 111_320
const toRadians = (degrees: number) => (degrees * Math.PI) / 180

/** Great-circle (haversine) distance. */
export function distanceMetres(a: LatLon, b: LatLon): number {
  const dLat = toRadians(b.lat - a.lat)
  const dLon = toRadians(b.lon - a.lon)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.sqrt(h))
}

/** The point a short way north and east of p (flat-earth approximation, fine over a few kilometres). */
export function offsetByMetres(p: LatLon, northMetres: number, eastMetres: number): LatLon {
  return {
    lat: p.lat + northMetres / METRES_PER_DEGREE_LAT,
    lon: p.lon + eastMetres / (METRES_PER_DEGREE_LAT * Math.cos(toRadians(p.lat))),
  }
}

/** North and east metres from a to b (flat-earth approximation). */
export function metresBetween(a: LatLon, b: LatLon): { northMetres: number; eastMetres: number } {
  return {
    northMetres: (b.lat - a.lat) * METRES_PER_DEGREE_LAT,
    eastMetres: (b.lon - a.lon) * METRES_PER_DEGREE_LAT * Math.cos(toRadians((a.lat + b.lat) / 2)),
  }
}

export function interpolate(a: LatLon, b: LatLon, fraction: number): LatLon {
  return { lat: a.lat + (b.lat - a.lat) * fraction, lon: a.lon + (b.lon - a.lon) * fraction }
}
