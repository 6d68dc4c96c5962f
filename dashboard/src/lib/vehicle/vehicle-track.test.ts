import { describe, expect, it } from 'vitest'
import type { HistoryPoint } from '@masar/model/api/fleet'
import { nextReplayMs, positionAt, toTrackFeatureCollection, toTrackPoints } from './vehicle-track.js'

const T0 = Date.parse('2027-01-15T08:00:00Z')
const fix = (s: number, lon: number, lat: number, bearingDeg: number | null = 90): HistoryPoint => ({ at: new Date(T0 + s * 1000).toISOString(), lon, lat, speedMps: 5, bearingDeg })

describe('vehicle track', () => {
  it('orders the fixes by time and drops invalid ones and repeated instants', () => {
    const points = toTrackPoints([fix(20, 35.92, 31.96), { ...fix(5, 0, 0), at: 'yesterday' }, fix(0, 35.9, 31.95), fix(20, 35.99, 31.99), { ...fix(30, 35.93, 31.97), lat: Number.NaN }])
    expect(points.map((p) => (p.atMs - T0) / 1000)).toEqual([0, 20])
    expect(points[1]).toMatchObject({ lon: 35.92, lat: 31.96 })
  })

  it('draws the track as one line in [lon, lat] order', () => {
    const fc = toTrackFeatureCollection('bus-7', toTrackPoints([fix(0, 35.9, 31.95), fix(10, 35.91, 31.96)]))
    expect(fc.features).toHaveLength(1)
    expect(fc.features[0]!.properties.vehicleId).toBe('bus-7')
    expect(fc.features[0]!.geometry.coordinates).toEqual([[35.9, 31.95], [35.91, 31.96]])
  })

  it('draws no line for a single fix', () => {
    expect(toTrackFeatureCollection('bus-7', toTrackPoints([fix(0, 35.9, 31.95)])).features).toEqual([])
  })

  it('interpolates the position between two fixes', () => {
    const points = toTrackPoints([fix(0, 35.9, 31.9), fix(10, 36.0, 32.0, 45), fix(20, 36.0, 32.2, 0)])
    const at = positionAt(points, T0 + 2500)!
    expect(at.geometry.coordinates[0]).toBeCloseTo(35.925, 10)
    expect(at.geometry.coordinates[1]).toBeCloseTo(31.925, 10)
    expect(at.properties.bearing).toBe(90)
    const later = positionAt(points, T0 + 15_000)!
    expect(later.geometry.coordinates).toEqual([36.0, 32.1])
    expect(later.properties.bearing).toBe(45)
  })

  it('lands exactly on a fix and clamps outside the track', () => {
    const points = toTrackPoints([fix(0, 35.9, 31.9, null), fix(10, 36.0, 32.0), fix(20, 36.1, 32.1)])
    expect(positionAt(points, T0 + 10_000)!.geometry.coordinates).toEqual([36.0, 32.0])
    expect(positionAt(points, T0 - 60_000)!.geometry.coordinates).toEqual([35.9, 31.9])
    expect(positionAt(points, T0 - 60_000)!.properties.bearing).toBe(-1)
    expect(positionAt(points, T0 + 99_000)!.geometry.coordinates).toEqual([36.1, 32.1])
    expect(positionAt([], T0)).toBeNull()
  })

  it('steps the playback and wraps to the start after the end', () => {
    const range = { fromMs: 0, toMs: 100 }
    expect(nextReplayMs(10, range, 30)).toBe(40)
    expect(nextReplayMs(90, range, 30)).toBe(100)
    expect(nextReplayMs(100, range, 30)).toBe(0)
  })
})
