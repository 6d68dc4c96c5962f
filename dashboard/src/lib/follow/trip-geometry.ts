import type { RouteResponse } from '@masar/model/api/routes'
import type { TripStop } from '@masar/model/api/trips'
import type { LonLat } from '../map/rider-map-data.js'
import type { PlacedStop } from './bus-whereabouts.js'

/**
 * A trip on the map: its stops placed (the route's GeoJSON has every stop of the route with its position) and the
 * one shape of the route the trip runs along (the route's directions and variants each have theirs).
 */
export function placeTripStops(stops: readonly TripStop[], route: RouteResponse['geojson']): PlacedStop[] {
  const where = new Map<string, LonLat>()
  for (const f of route.features) if (f.properties.kind === 'stop') where.set(f.properties.stopId, [f.properties.lon, f.properties.lat])
  const placed: PlacedStop[] = []
  for (const s of stops) {
    const at = where.get(s.stopId)
    if (at) placed.push({ stopId: s.stopId, name: s.name, lon: at[0], lat: at[1], passed: s.passed })
  }
  return placed
}

/** Squared distance in degrees, longitude shrunk by the latitude: enough to rank shapes, not to measure. */
function near(a: LonLat, b: LonLat): number {
  const dx = (a[0] - b[0]) * Math.cos((a[1] * Math.PI) / 180)
  const dy = a[1] - b[1]
  return dx * dx + dy * dy
}

/** The shape that passes closest to the trip's stops, by the farthest of them (at most 12 looked at); null without shapes. */
export function pickTripShape(route: RouteResponse['geojson'], stops: readonly PlacedStop[]): LonLat[] | null {
  const step = Math.max(1, Math.floor(stops.length / 12))
  const sample = stops.filter((_, i) => i % step === 0).map((s): LonLat => [s.lon, s.lat])
  let best: LonLat[] | null = null
  let bestScore = Infinity
  for (const f of route.features) {
    if (f.properties.kind !== 'shape' || f.geometry.type !== 'LineString') continue
    const line = f.geometry.coordinates as LonLat[]
    let score = 0
    for (const stop of sample) {
      let closest = Infinity
      for (const point of line) closest = Math.min(closest, near(stop, point))
      score = Math.max(score, closest)
    }
    if (score < bestScore) {
      bestScore = score
      best = line
    }
  }
  return best
}
