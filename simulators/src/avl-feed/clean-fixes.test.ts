import { describe, expect, it } from 'vitest'
import type { TraceRecord } from '../replay/trace-record.js'
import { cleanFixes } from './clean-fixes.js'

const record = (vehicleId: string, second: number, lat: number, lon: number): TraceRecord => ({ vehicleId, atMs: second * 1000, lat, lon, routeId: '99' })

describe('cleanFixes', () => {
  it('drops positions far from the fleet and one-fix jumps, marks stale repeats, keeps the rest in order', () => {
    const records = [
      record('a', 0, 31.95, 35.9), record('a', 40, 31.951, 35.9), record('a', 80, 31.951, 35.9),
      record('a', 120, 31.99, 35.9), // 4.3 km in 40 s, and back: a spike
      record('a', 160, 31.952, 35.9),
      record('b', 0, 31.3838, 41.0892), // Amman's glitch row, ~500 km away
      record('b', 40, 31.96, 35.91), record('b', 80, 31.961, 35.91),
    ]
    const cleaned = cleanFixes(records)
    expect(cleaned.dropped).toEqual({ farFromFleet: 1, impossibleSpeed: 1 })
    expect(cleaned.staleRepeats).toBe(1)
    const [a, b] = cleaned.tracks
    expect(a!.fixes.map((f) => [f.atMs / 1000, f.stale])).toEqual([[0, false], [40, false], [80, true], [160, false]])
    expect(b!.fixes.map((f) => f.atMs / 1000)).toEqual([40, 80])
  })
})
