import { describe, expect, it } from 'vitest'
import { RecentSegmentTimes } from './recent-segment-times.js'

const MIN = 60_000

describe('RecentSegmentTimes', () => {
  it('gives the median of the last three traversals: one bus held at a light does not move it', () => {
    const recent = new RecentSegmentTimes({ keep: 3, halfLifeMin: 30 })
    recent.observe('a-b', 100, 0)
    recent.observe('a-b', 600, 5 * MIN) // an outlier: a mean of the three would say 267 s
    recent.observe('a-b', 110, 10 * MIN)
    expect(recent.recent('a-b', 10 * MIN)).toEqual({ medianS: 110, weight: 1 })
  })

  it('forgets all but the last `keep` traversals, in the order the buses arrived', () => {
    const recent = new RecentSegmentTimes({ keep: 3, halfLifeMin: 30 })
    recent.observe('a-b', 300, 0)
    recent.observe('a-b', 300, 1 * MIN)
    recent.observe('a-b', 90, 3 * MIN)
    recent.observe('a-b', 100, 4 * MIN)
    recent.observe('a-b', 95, 2 * MIN) // reported late: older than the last two
    expect(recent.recent('a-b', 4 * MIN)?.medianS).toBe(95)
  })

  it('trusts the median less as it ages (half each half-life) and when fewer than `keep` traversals are held', () => {
    const recent = new RecentSegmentTimes({ keep: 3, halfLifeMin: 30 })
    expect(recent.recent('a-b', 0)).toBeNull()
    recent.observe('a-b', 120, 0)
    expect(recent.recent('a-b', 0)?.weight).toBeCloseTo(1 / 3, 9)
    recent.observe('a-b', 140, 0)
    recent.observe('a-b', 130, 0)
    expect(recent.recent('a-b', 30 * MIN)?.weight).toBeCloseTo(0.5, 9)
    expect(recent.recent('a-b', 60 * MIN)?.weight).toBeCloseTo(0.25, 9)
    expect(recent.recent('b-c', 0)).toBeNull()
  })
})
