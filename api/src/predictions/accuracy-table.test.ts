import { describe, expect, it } from 'vitest'
import { quantileOfSorted, summariseOutcomes, type ScoredPrediction } from './accuracy-table.js'
import type { PredictionMethod } from './prediction-types.js'

const T0 = Date.parse('2026-11-23T05:00:00Z')

/** A prediction made horizonS before the time it predicted, the bus coming errorS later; range ±rangeS. */
function scored(method: PredictionMethod, horizonS: number, errorS: number, rangeS = 60): ScoredPrediction {
  const predictedMs = T0 + horizonS * 1000
  return { method, madeAtMs: T0, predictedMs, actualMs: predictedMs + errorS * 1000, lowMs: predictedMs - rangeS * 1000, highMs: predictedMs + rangeS * 1000 }
}
const rowOf = (table: ReturnType<typeof summariseOutcomes>, method: PredictionMethod, bucket: string) => table.rows.find((r) => r.method === method && r.bucket === bucket)!

describe('quantileOfSorted', () => {
  it('interpolates between ranks, as percentile_cont', () => {
    expect(quantileOfSorted([10, 20, 30, 40, 50], 0.5)).toBe(30)
    expect(quantileOfSorted([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46, 9)
    expect(quantileOfSorted([10, 20], 0.25)).toBeCloseTo(12.5, 9)
    expect(quantileOfSorted([10, 20, 30], 0)).toBe(10)
    expect(quantileOfSorted([10, 20, 30], 1)).toBe(30)
    expect(quantileOfSorted([7], 0.9)).toBe(7)
    expect(quantileOfSorted([], 0.5)).toBeNaN()
  })
})

describe('summariseOutcomes', () => {
  it('buckets by the predicted horizon (predicted − made), not by when the bus came', () => {
    const table = summariseOutcomes([
      scored('kalman', 179, 0), scored('kalman', 60, 600), // 0–3, however late it came
      scored('kalman', 180, 0), scored('kalman', 360, 0), scored('kalman', 599, 0), scored('kalman', 600, 0), scored('kalman', 899, 0), scored('kalman', 900, 0), scored('kalman', 1799, 0),
      scored('kalman', 1800, 0), scored('kalman', -1, 0), // outside every bucket
    ], ['kalman'])
    expect(table.rows.map((r) => [r.bucket, r.count])).toEqual([['0-3', 2], ['3-6', 1], ['6-10', 2], ['10-15', 2], ['15-30', 2]])
  })

  it('buckets by the true time to arrival (actual − made) when asked to', () => {
    const table = summariseOutcomes([scored('kalman', 60, 600), scored('kalman', 500, -400), scored('kalman', 700, 0)], ['kalman'], 'actual')
    expect(table.rows.map((r) => [r.bucket, r.count])).toEqual([['0-3', 1], ['3-6', 0], ['6-10', 0], ['10-15', 2], ['15-30', 0]])
  })

  it('gives the mean, median and 90th percentile of the absolute error and the early share', () => {
    const table = summariseOutcomes([10, -20, 30, -40, 50].map((e) => scored('learned', 300, e)), ['learned'])
    const row = rowOf(table, 'learned', '3-6')
    expect(row).toMatchObject({ method: 'learned', count: 5, maeS: 30, p50AbsErrorS: 30, earlyShare: 0.4 })
    expect(row.p90AbsErrorS).toBeCloseTo(46, 9)
  })

  it('applies the benchmark tolerance at its edges', () => {
    const zeroToThree = summariseOutcomes([-30, 90, -31, 91].map((e) => scored('kalman', 120, e)), ['kalman'])
    expect(rowOf(zeroToThree, 'kalman', '0-3').benchmarkShare).toBe(0.5)
    const tenToFifteen = summariseOutcomes([-90, 270, -91, 271, 0].map((e) => scored('kalman', 700, e)), ['kalman'])
    expect(rowOf(tenToFifteen, 'kalman', '10-15').benchmarkShare).toBeCloseTo(3 / 5, 9)
    const beyond = summariseOutcomes([scored('kalman', 1000, 0)], ['kalman'])
    expect(rowOf(beyond, 'kalman', '15-30').benchmarkShare).toBeNull() // reported, not benchmarked
  })

  it('counts arrivals inside the range given, edges included', () => {
    const table = summariseOutcomes([scored('kalman', 60, 60, 60), scored('kalman', 60, -60, 60), scored('kalman', 60, 61, 60), scored('kalman', 60, 0, 0)], ['kalman'])
    expect(rowOf(table, 'kalman', '0-3').withinRangeShare).toBe(0.75)
  })

  it('gives empty buckets nulls and no benchmark score', () => {
    const table = summariseOutcomes([scored('kalman', 60, 0), scored('kalman', 200, 0), scored('kalman', 400, 0)], ['kalman', 'schedule'])
    expect(table.rows).toHaveLength(10)
    expect(rowOf(table, 'kalman', '10-15')).toEqual({ method: 'kalman', bucket: '10-15', count: 0, maeS: null, p50AbsErrorS: null, p90AbsErrorS: null, earlyShare: null, benchmarkShare: null, withinRangeShare: null })
    expect(table.benchmarkScore).toEqual({ kalman: null, schedule: null })
  })

  it('scores a method by the unweighted mean of the four benchmark buckets', () => {
    const outcomes = [
      scored('schedule', 60, 0), // 0–3: 1
      scored('schedule', 200, 0), scored('schedule', 200, 200), // 3–6: 0.5
      scored('schedule', 400, 300), // 6–10: 0
      scored('schedule', 700, 0), scored('schedule', 700, 0), scored('schedule', 700, 0), scored('schedule', 700, -100), // 10–15: 0.75
      scored('schedule', 1000, 9999), // 15–30: not in the score
      scored('kalman', 60, 0),
    ]
    const table = summariseOutcomes(outcomes, ['schedule', 'kalman'])
    expect(table.benchmarkScore.schedule).toBeCloseTo((1 + 0.5 + 0 + 0.75) / 4, 9)
    expect(table.benchmarkScore.kalman).toBeNull()
    expect(table.rows.filter((r) => r.method === 'kalman').map((r) => r.count)).toEqual([1, 0, 0, 0, 0])
  })

  it('leaves out methods not asked for', () => {
    const table = summariseOutcomes([scored('learned', 60, 0)], ['kalman'])
    expect(table.rows.every((r) => r.method === 'kalman' && r.count === 0)).toBe(true)
    expect(table.benchmarkScore).toEqual({ kalman: null })
  })
})
