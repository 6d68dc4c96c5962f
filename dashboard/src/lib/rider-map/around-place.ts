import { lengthToDegrees } from '@turf/helpers'
import type { NearbyStop } from '@masar/model/api/stops'

export interface Place {
  lat: number
  lon: number
}

/** How far around the rider the home page looks for stops (the api allows up to 2 km). */
export const NEARBY_RADIUS_M = 800
/** Buses are shown this far around the rider: far enough to see the bus coming before it reaches a nearby stop. */
export const BUSES_RADIUS_M = 2500

/**
 * The live stream's `bbox` filter (minLon,minLat,maxLon,maxLat) for a square about `radiusM` either side of a place,
 * turf's Earth radius for the degrees, longitude widened by the latitude's cosine.
 */
export function liveBoxAround(place: Place, radiusM: number): string {
  const dLat = lengthToDegrees(radiusM, 'meters')
  const dLon = dLat / Math.max(0.01, Math.cos((place.lat * Math.PI) / 180))
  return [place.lon - dLon, place.lat - dLat, place.lon + dLon, place.lat + dLat].map((n) => n.toFixed(5)).join(',')
}

export interface StopFeature {
  type: 'Feature'
  id: number
  properties: { stopId: string; name: string; saved: boolean }
  geometry: { type: 'Point'; coordinates: [number, number] }
}

/** The nearby stops as the map's GeoJSON source (a circle layer, not DOM markers); saved ones marked to stand out. */
export function stopsGeoJson(stops: readonly NearbyStop[], isSaved: (stopId: string) => boolean): { type: 'FeatureCollection'; features: StopFeature[] } {
  return {
    type: 'FeatureCollection',
    features: stops.map((stop, i) => ({
      type: 'Feature',
      id: i,
      properties: { stopId: stop.stopId, name: stop.name, saved: isSaved(stop.stopId) },
      geometry: { type: 'Point', coordinates: [stop.lon, stop.lat] },
    })),
  }
}
