import { describe, expect, it } from 'vitest'
import type { DayType, SegmentStatsRow, SegmentTraversal } from './prediction-types.js'
import { SegmentHistory } from './segment-history.js'

const T0 = Date.parse('2026-11-23T05:00:00Z')

function traversal(runningS: number, options: { dayType?: DayType; hour?: number; dwellS?: number | null; from?: string; to?: string } = {}): SegmentTraversal {
  return {
    feedId: 1, vehicleId: 'bus-1', routeId: 'R1', tripId: 'T1', serviceDate: '2026-11-23', fromStopId: options.from ?? 'A', toStopId: options.to ?? 'B', fromStopIndex: 2,
    departedAtMs: T0, arrivedAtMs: T0 + runningS * 1000, dwellS: options.dwellS === undefined ? null : options.dwellS, dayType: options.dayType ?? 'weekday', hourOfDay: options.hour ?? 8,
  }
}

function historyOf(traversals: SegmentTraversal[]): SegmentHistory {
  const history = new SegmentHistory()
  for (const t of traversals) history.add(t)
  return history
}

describe('SegmentHistory', () => {
  it('gives the mean and the variance of one traversal of what it was given', () => {
    const history = historyOf([traversal(100), traversal(110), traversal(120)])
    const learned = history.runningTime('A', 'B', 'weekday', 8)!
    expect(learned.count).toBe(3)
    expect(learned.meanS).toBeCloseTo(110, 9)
    expect(learned.varianceS2).toBeCloseTo(200 / 3, 6) // (100 + 0 + 100) / 3
    expect(history.traversals).toBe(3)
    expect(history.segments).toBe(1)
  })

  it('answers a repeated question from what it holds now: what it learns or loads in between changes the answer', () => {
    const history = historyOf([traversal(100), traversal(110), traversal(120)])
    expect(history.runningTime('A', 'B', 'weekday', 8)?.meanS).toBeCloseTo(110, 9)
    expect(history.dwellTime('A', 'weekday', 8)).toBeNull()
    history.add(traversal(150, { dwellS: 30 }))
    expect(history.runningTime('A', 'B', 'weekday', 8)?.meanS).toBeCloseTo(120, 9)
    history.load([{ fromStopId: 'A', toStopId: 'B', dayType: 'weekday', hourOfDay: 8, traversals: 4, runningSumS: 800, runningSumSqS: 160_000, dwells: 3, dwellSumS: 60, dwellSumSqS: 1200 }])
    expect(history.runningTime('A', 'B', 'weekday', 8)?.meanS).toBeCloseTo(200, 9)
    expect(history.dwellTime('A', 'weekday', 8)?.meanS).toBeCloseTo(20, 9)
  })

  it('knows nothing below 3 traversals, and keeps segments apart by direction', () => {
    const history = historyOf([traversal(100), traversal(110), traversal(90, { from: 'B', to: 'A' })])
    expect(history.runningTime('A', 'B', 'weekday', 8)).toBeNull()
    expect(history.runningTime('B', 'A', 'weekday', 8)).toBeNull()
    expect(history.segments).toBe(2)
    history.add(traversal(120))
    expect(history.runningTime('A', 'B', 'weekday', 8)?.meanS).toBeCloseTo(110, 9)
    expect(history.runningTime('B', 'A', 'weekday', 8)).toBeNull()
  })

  it('widens from the hour to the hours either side, to the day type, then to every day', () => {
    const history = historyOf([
      traversal(100, { hour: 7 }), traversal(110, { hour: 8 }), traversal(120, { hour: 9 }), traversal(150, { hour: 15 }),
      traversal(300, { dayType: 'weekend-1', hour: 8 }), traversal(300, { dayType: 'weekend-1', hour: 8 }),
    ])
    // hour 8 holds one: pooled with 7 and 9
    expect(history.runningTime('A', 'B', 'weekday', 8)).toMatchObject({ count: 3, meanS: 110 })
    // nothing at 11–13: the whole weekday
    expect(history.runningTime('A', 'B', 'weekday', 12)).toMatchObject({ count: 4, meanS: 120 })
    // two on Fridays at 8 are too few at every weekend-1 level: every day
    expect(history.runningTime('A', 'B', 'weekend-1', 8)).toMatchObject({ count: 6, meanS: 180 })
    expect(history.runningTime('A', 'B', 'weekend-2', 3)).toMatchObject({ count: 6, meanS: 180 })
  })

  it('prefers the hour itself once it holds enough', () => {
    const history = historyOf([traversal(100, { hour: 7 }), traversal(100, { hour: 9 }), traversal(200), traversal(200), traversal(200)])
    expect(history.runningTime('A', 'B', 'weekday', 8)).toMatchObject({ count: 3, meanS: 200, varianceS2: 0 })
    expect(history.runningTime('A', 'B', 'weekday', 7)?.count).toBe(4) // 6, 7, 8 pooled: 100 + 3 × 200
  })

  it('pools the hours either side across midnight', () => {
    const history = historyOf([traversal(60, { dayType: 'weekend-2', hour: 23 }), traversal(90, { dayType: 'weekend-2', hour: 0 }), traversal(120, { dayType: 'weekend-2', hour: 1 }),
      traversal(1000, { dayType: 'weekend-2', hour: 12 })])
    expect(history.runningTime('A', 'B', 'weekend-2', 0)).toMatchObject({ count: 3, meanS: 90 })
    expect(history.runningTime('A', 'B', 'weekend-2', 23)?.count).toBe(2 + 2) // 22–0 has two: the day type's four
  })

  it('learns dwell times from the traversals that have one, at the from-stop', () => {
    const history = historyOf([traversal(100), traversal(100), traversal(100), traversal(100, { dwellS: 20 }), traversal(100, { dwellS: 40 })])
    expect(history.dwellTime('A', 'weekday', 8)).toBeNull() // two dwells: the null ones are not zeros
    history.add(traversal(100, { dwellS: 60 }))
    expect(history.dwellTime('A', 'weekday', 8)).toMatchObject({ count: 3, meanS: 40 })
    expect(history.dwellTime('B', 'weekday', 8)).toBeNull()
    expect(history.runningTime('A', 'B', 'weekday', 8)?.count).toBe(6)
  })

  it('replaces what it was given with the stored statistics on load', () => {
    const history = historyOf([traversal(500), traversal(500), traversal(500, { dwellS: 10 }), traversal(500, { from: 'X', to: 'Y' })])
    const rows: SegmentStatsRow[] = [
      { fromStopId: 'A', toStopId: 'B', dayType: 'weekday', hourOfDay: 8, traversals: 4, runningSumS: 400, runningSumSqS: 4 * 100 * 100 + 4 * 25, dwells: 3, dwellSumS: 90, dwellSumSqS: 2700 },
      { fromStopId: 'B', toStopId: 'C', dayType: 'weekday', hourOfDay: 8, traversals: 3, runningSumS: 180, runningSumSqS: 3 * 3600, dwells: 0, dwellSumS: 0, dwellSumSqS: 0 },
    ]
    history.load(rows)
    expect(history.traversals).toBe(7)
    expect(history.segments).toBe(2)
    expect(history.runningTime('X', 'Y', 'weekday', 8)).toBeNull()
    const ab = history.runningTime('A', 'B', 'weekday', 8)!
    expect(ab.count).toBe(4)
    expect(ab.meanS).toBeCloseTo(100, 9)
    expect(ab.varianceS2).toBeCloseTo(25, 6)
    expect(history.dwellTime('A', 'weekday', 8)).toMatchObject({ count: 3, meanS: 30, varianceS2: 0 })
    expect(history.dwellTime('B', 'weekday', 8)).toBeNull()
  })
})
