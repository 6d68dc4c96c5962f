import { describe, expect, it } from 'vitest'
import type { TraceRecord } from '../replay/trace-record.js'
import { reportNearestStops } from './report-nearest-stops.js'

const stops = [
  { stopId: 'A', name: 'A St', lat: 43.7, lon: -79.4 },
  { stopId: 'B', name: 'B St', lat: 43.701, lon: -79.4 }, // 111 m north of A
]
const at = (second: number, lat: number, direction = '10_0_10'): TraceRecord => ({ vehicleId: 'v', atMs: second * 1000, lat, lon: -79.4, direction })

describe('reportNearestStops', () => {
  it('gives each record the published stop it came within 30 m of last, carried forward until the next', () => {
    const reported = reportNearestStops([at(0, 43.6995), at(20, 43.70005), at(40, 43.7005), at(60, 43.70098), at(80, 43.7015)], stops)
    expect(reported.map((r) => r.stopId)).toEqual([undefined, 'A', 'A', 'B', 'B'])
  })

  it('forgets the stop when the direction tag changes (a new trip starts)', () => {
    const reported = reportNearestStops([at(0, 43.7), at(20, 43.7005, '10_1_10')], stops)
    expect(reported.map((r) => r.stopId)).toEqual(['A', undefined])
  })
})
