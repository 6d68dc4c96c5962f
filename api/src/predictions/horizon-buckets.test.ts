import { describe, expect, it } from 'vitest'
import { HORIZON_BUCKETS, horizonBucketOf, withinBenchmark } from './horizon-buckets.js'

const MIN = 60_000
const bucket = (label: string) => HORIZON_BUCKETS.find((b) => b.label === label)!

describe('horizonBucketOf', () => {
  it('puts a horizon in the bucket that starts at or below it', () => {
    expect(horizonBucketOf(0)?.label).toBe('0-3')
    expect(horizonBucketOf(3 * MIN - 1)?.label).toBe('0-3')
    expect(horizonBucketOf(3 * MIN)?.label).toBe('3-6')
    expect(horizonBucketOf(6 * MIN)?.label).toBe('6-10')
    expect(horizonBucketOf(10 * MIN)?.label).toBe('10-15')
    expect(horizonBucketOf(15 * MIN)?.label).toBe('15-30')
    expect(horizonBucketOf(30 * MIN - 1)?.label).toBe('15-30')
  })

  it('gives no bucket past 30 min or before 0', () => {
    expect(horizonBucketOf(30 * MIN)).toBeNull()
    expect(horizonBucketOf(-1)).toBeNull()
  })
})

describe('withinBenchmark', () => {
  // ETA Accuracy Benchmark tolerances: 0–3 −0.5/+1.5, 3–6 −1/+2.5, 6–10 −1/+3.5, 10–15 −1.5/+4.5 min
  it.each([
    ['0-3', -30, 90],
    ['3-6', -60, 150],
    ['6-10', -60, 210],
    ['10-15', -90, 270],
  ])('in %s accepts %i s early to %i s late, inclusive', (label, earlyS, lateS) => {
    const b = bucket(label)
    expect(withinBenchmark(b, earlyS)).toBe(true)
    expect(withinBenchmark(b, lateS)).toBe(true)
    expect(withinBenchmark(b, 0)).toBe(true)
    expect(withinBenchmark(b, earlyS - 1)).toBe(false)
    expect(withinBenchmark(b, lateS + 1)).toBe(false)
  })

  it('never counts the 15–30 bucket, outside the benchmark', () => {
    expect(withinBenchmark(bucket('15-30'), 0)).toBe(false)
  })
})
