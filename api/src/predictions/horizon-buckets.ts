/**
 * Horizon buckets of prediction accuracy (minutes before the predicted arrival) and the ETA Accuracy Benchmark's
 * tolerance in each: a prediction is accurate when the bus arrives no more than `earlyMin` before and no more than
 * `lateMin` after the predicted time. 15–30 min is reported but not part of the benchmark score.
 */
export interface HorizonBucket {
  label: '0-3' | '3-6' | '6-10' | '10-15' | '15-30'
  fromMin: number
  toMin: number
  /** Benchmark tolerance, minutes; null outside the benchmark. */
  earlyMin: number | null
  lateMin: number | null
}

export const HORIZON_BUCKETS: readonly HorizonBucket[] = [
  { label: '0-3', fromMin: 0, toMin: 3, earlyMin: 0.5, lateMin: 1.5 },
  { label: '3-6', fromMin: 3, toMin: 6, earlyMin: 1, lateMin: 2.5 },
  { label: '6-10', fromMin: 6, toMin: 10, earlyMin: 1, lateMin: 3.5 },
  { label: '10-15', fromMin: 10, toMin: 15, earlyMin: 1.5, lateMin: 4.5 },
  { label: '15-30', fromMin: 15, toMin: 30, earlyMin: null, lateMin: null },
]

/** The bucket of a prediction made `horizonMs` before the arrival it predicts; null beyond 30 min (or negative). */
export function horizonBucketOf(horizonMs: number): HorizonBucket | null {
  const minutes = horizonMs / 60_000
  if (minutes < 0) return null
  return HORIZON_BUCKETS.find((b) => minutes >= b.fromMin && minutes < b.toMin) ?? null
}

/** Within the benchmark's tolerance for its bucket (errorS = actual − predicted, seconds). */
export function withinBenchmark(bucket: HorizonBucket, errorS: number): boolean {
  if (bucket.earlyMin === null || bucket.lateMin === null) return false
  return errorS >= -bucket.earlyMin * 60 && errorS <= bucket.lateMin * 60
}
