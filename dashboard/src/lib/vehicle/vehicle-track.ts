import type { HistoryPoint } from '@masar/model/api/fleet'

/**
 * A vehicle's history as map data: the track as a LineString, and where the bus was at any instant of it
 * (linear interpolation between the two fixes around that instant), for the playback slider.
 */
export interface TrackPoint {
  atMs: number
  lon: number
  lat: number
  bearingDeg: number | null
}

export type TrackFeatureCollection = {
  type: 'FeatureCollection'
  features: Array<{ type: 'Feature'; properties: { vehicleId: string }; geometry: { type: 'LineString'; coordinates: Array<[number, number]> } }>
}

export type ReplayPoint = { type: 'Feature'; properties: { atMs: number; bearing: number }; geometry: { type: 'Point'; coordinates: [number, number] } }

/** Valid fixes in time order (unparseable instants and non-finite coordinates dropped, one fix per instant). */
export function toTrackPoints(points: readonly HistoryPoint[]): TrackPoint[] {
  const parsed = points
    .map((p) => ({ atMs: Date.parse(p.at), lon: p.lon, lat: p.lat, bearingDeg: p.bearingDeg }))
    .filter((p) => Number.isFinite(p.atMs) && Number.isFinite(p.lon) && Number.isFinite(p.lat))
    .sort((a, b) => a.atMs - b.atMs)
  return parsed.filter((p, i) => i === 0 || p.atMs !== parsed[i - 1]!.atMs)
}

/** The track as one line; no feature under two fixes (a line needs two positions). */
export function toTrackFeatureCollection(vehicleId: string, points: readonly TrackPoint[]): TrackFeatureCollection {
  if (points.length < 2) return { type: 'FeatureCollection', features: [] }
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { vehicleId }, geometry: { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat]) } }],
  }
}

/** Where the bus was at `atMs`: clamped to the first and last fixes, interpolated between. Null for no fixes. */
export function positionAt(points: readonly TrackPoint[], atMs: number): ReplayPoint | null {
  const first = points[0]
  const last = points.at(-1)
  if (!first || !last) return null
  let lon = first.lon
  let lat = first.lat
  let bearing = first.bearingDeg
  if (atMs >= last.atMs) {
    ;({ lon, lat, bearingDeg: bearing } = last)
  } else if (atMs > first.atMs) {
    // Binary search for the last fix at or before atMs.
    let lo = 0
    let hi = points.length - 1
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (points[mid]!.atMs <= atMs) lo = mid
      else hi = mid
    }
    const a = points[lo]!
    const b = points[hi]!
    const f = (atMs - a.atMs) / (b.atMs - a.atMs)
    lon = a.lon + (b.lon - a.lon) * f
    lat = a.lat + (b.lat - a.lat) * f
    bearing = a.bearingDeg
  }
  return { type: 'Feature', properties: { atMs, bearing: bearing ?? -1 }, geometry: { type: 'Point', coordinates: [lon, lat] } }
}

/** The playback's next instant: `stepMs` on, back to the start once past the end. */
export function nextReplayMs(currentMs: number, range: { fromMs: number; toMs: number }, stepMs: number): number {
  if (currentMs >= range.toMs) return range.fromMs
  return Math.min(range.toMs, currentMs + stepMs)
}
