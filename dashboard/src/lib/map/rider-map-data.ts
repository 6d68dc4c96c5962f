import type { FeatureCollection, LineString, Point } from 'geojson'

/**
 * What a rider's map draws (the trip page's "follow my bus", the stop page's coming buses), as plain data the
 * page builds from the api's answers, and the GeoJSON the map's sources take.
 */
export type RiderStopState = 'passed' | 'ahead' | 'next' | 'here'

export interface RiderMapStop {
  stopId: string
  name: string
  lon: number
  lat: number
  state: RiderStopState
}

export interface RiderMapBus {
  vehicleId: string
  lon: number
  lat: number
  /** Not heard from lately: drawn grey and hollow, its age said in the text beside the map. */
  stale: boolean
  /** The route's short name, drawn on the bus. */
  label: string
}

export type LonLat = [number, number]

export function stopsCollection(stops: readonly RiderMapStop[]): FeatureCollection<Point, { stopId: string; name: string; state: RiderStopState }> {
  return {
    type: 'FeatureCollection',
    features: stops.map((s) => ({ type: 'Feature', id: s.stopId, properties: { stopId: s.stopId, name: s.name, state: s.state }, geometry: { type: 'Point', coordinates: [s.lon, s.lat] } })),
  }
}

export function busesCollection(buses: readonly RiderMapBus[]): FeatureCollection<Point, { vehicleId: string; stale: boolean; label: string }> {
  return {
    type: 'FeatureCollection',
    features: buses.map((b) => ({ type: 'Feature', id: b.vehicleId, properties: { vehicleId: b.vehicleId, stale: b.stale, label: b.label }, geometry: { type: 'Point', coordinates: [b.lon, b.lat] } })),
  }
}

export function lineCollection(line: readonly LonLat[] | null): FeatureCollection<LineString> {
  return { type: 'FeatureCollection', features: line && line.length > 1 ? [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line.map((p) => [p[0], p[1]]) } }] : [] }
}

/** The box around everything drawn, [west, south, east, north]; null when there is nothing. */
export function boxAround(points: readonly LonLat[]): [number, number, number, number] | null {
  if (!points.length) return null
  let [w, s] = points[0] as LonLat
  let [e, n] = [w, s]
  for (const [lon, lat] of points) {
    w = Math.min(w, lon)
    e = Math.max(e, lon)
    s = Math.min(s, lat)
    n = Math.max(n, lat)
  }
  return [w, s, e, n]
}
