import { describe, expect, it } from 'vitest'
import { knotsToMetresPerSecond } from './units.js'

describe('knotsToMetresPerSecond', () => {
  it('converts with 1 knot = 0.514444 m/s', () => {
    expect(knotsToMetresPerSecond(1)).toBeCloseTo(0.514444, 6)
    expect(knotsToMetresPerSecond(0)).toBe(0)
    // 40 knots, as in Traccar's OsmAndProtocolDecoderTest (speed=40): 20.58 m/s, 74.08 km/h
    expect(knotsToMetresPerSecond(40)).toBeCloseTo(20.5778, 4)
    expect(knotsToMetresPerSecond(40) * 3.6).toBeCloseTo(74.08, 2)
  })

  it('is the inverse of Traccar’s own m/s → knots factor (1.94384)', () => {
    expect(knotsToMetresPerSecond(18.67 * 1.94384)).toBeCloseTo(18.67, 4)
  })
})
