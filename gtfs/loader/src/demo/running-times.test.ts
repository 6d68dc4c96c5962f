import { describe, expect, it } from 'vitest'
import { AMMAN_DWELL, expectedDwellS, expectedStopOffsetsS } from './running-times.js'
import { AMMAN_TRAFFIC } from './traffic-profile.js'

const trip = (departureS: number, dayKind: 'workday' | 'friday' = 'workday') =>
  expectedStopOffsetsS({ distancesM: [0, 500, 1000, 1500], routesAtStop: [1, 1, 3, 1], freeFlowSpeedMps: 6, departureS, traffic: AMMAN_TRAFFIC, dayKind })

describe('expectedStopOffsetsS', () => {
  it('drives at free flow times the hour’s traffic and allots the mean dwell at each stop on the way, not at the ends', () => {
    // 01:00 on a workday: traffic factor 1.15 all along
    const driveS = 500 / (6 * 1.15)
    expect(trip(3600)).toEqual([0, Math.round(driveS + 13), Math.round(2 * driveS + 13 + 19), Math.round(3 * driveS + 13 + 19)])
  })

  it('runs longer in the workday afternoon peak than at noon, and than on a Friday afternoon', () => {
    expect(trip(15.5 * 3600).at(-1)!).toBeGreaterThan(trip(12 * 3600).at(-1)!)
    expect(trip(15.5 * 3600).at(-1)!).toBeGreaterThan(trip(15.5 * 3600, 'friday').at(-1)!)
  })
})

describe('expectedDwellS', () => {
  it('is the mean base, more per other route at the stop, more in the peaks', () => {
    expect(expectedDwellS(AMMAN_DWELL, 1, false)).toBe(13)
    expect(expectedDwellS(AMMAN_DWELL, 3, false)).toBe(19)
    expect(expectedDwellS(AMMAN_DWELL, 1, true)).toBe(20)
  })
})
