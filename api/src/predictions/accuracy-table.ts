import { HORIZON_BUCKETS, horizonBucketOf, withinBenchmark, type HorizonBucket } from './horizon-buckets.js'
import type { PredictionMethod, PredictionOutcome } from './prediction-types.js'

/**
 * Accuracy of scored predictions by method and horizon bucket (the predicted minutes to arrival when the
 * prediction was made): count, mean absolute error, median and 90th percentile of the absolute error, the share of
 * buses that came earlier than predicted, the share inside the benchmark tolerance, the share inside the p10–p90
 * range given. The overall ETA Accuracy Benchmark score is the unweighted mean of the four benchmark buckets.
 */
export interface AccuracyRow<M extends string = PredictionMethod> {
  method: M
  bucket: HorizonBucket['label']
  count: number
  maeS: number | null
  p50AbsErrorS: number | null
  p90AbsErrorS: number | null
  /** Share of arrivals earlier than predicted (a rider told "5 min" who finds the bus gone). */
  earlyShare: number | null
  /** Share within the ETA Accuracy Benchmark tolerance (null for 15–30, outside the benchmark). */
  benchmarkShare: number | null
  /** Share of arrivals inside the p10–p90 range given with the prediction (calibration: about 0.8). */
  withinRangeShare: number | null
}

export interface AccuracyTable<M extends string = PredictionMethod> {
  rows: AccuracyRow<M>[]
  /** Per method: the mean of the four benchmark buckets' shares (null when one of them has no predictions). */
  benchmarkScore: Partial<Record<M, number | null>>
}

/** What scoring needs of an outcome; the eval also scores other systems' predictions (an operator's). */
export type ScoredPrediction<M extends string = PredictionMethod> = Pick<PredictionOutcome, 'madeAtMs' | 'predictedMs' | 'actualMs' | 'lowMs' | 'highMs'> & { method: M }

/** The q-quantile of sorted values, interpolated between ranks (as PostgreSQL's percentile_cont). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = q * (sorted.length - 1)
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo)
}

/**
 * What a prediction's horizon is: its predicted time to arrival (the benchmark's buckets: what the rider was told),
 * or the true time to arrival (the same for every system predicting one arrival at one moment: pairs of
 * predictions stay in one bucket).
 */
export type HorizonBy = 'predicted' | 'actual'

export const horizonMsOf = (o: ScoredPrediction<string>, by: HorizonBy) => (by === 'predicted' ? o.predictedMs : o.actualMs) - o.madeAtMs

export function summariseOutcomes<M extends string = PredictionMethod>(outcomes: Iterable<ScoredPrediction<string>>, methods: readonly M[], horizonBy: HorizonBy = 'predicted'): AccuracyTable<M> {
  const groups = new Map<string, ScoredPrediction<string>[]>()
  for (const o of outcomes) {
    const bucket = horizonBucketOf(horizonMsOf(o, horizonBy))
    if (!bucket) continue
    const key = `${o.method}\u0000${bucket.label}`
    const list = groups.get(key)
    if (list) list.push(o)
    else groups.set(key, [o])
  }
  const rows: AccuracyRow<M>[] = []
  const benchmarkScore: AccuracyTable<M>['benchmarkScore'] = {}
  for (const method of methods) {
    const shares: number[] = []
    for (const bucket of HORIZON_BUCKETS) {
      const list = groups.get(`${method}\u0000${bucket.label}`) ?? []
      const errors = list.map((o) => (o.actualMs - o.predictedMs) / 1000)
      const abs = Float64Array.from(errors, Math.abs).sort()
      const n = list.length
      const share = (test: (o: ScoredPrediction<string>, errorS: number) => boolean) => (n === 0 ? null : list.filter((o, i) => test(o, errors[i]!)).length / n)
      const benchmarkShare = bucket.earlyMin === null ? null : share((_, e) => withinBenchmark(bucket, e))
      if (bucket.earlyMin !== null && benchmarkShare !== null) shares.push(benchmarkShare)
      rows.push({
        method, bucket: bucket.label, count: n,
        maeS: n === 0 ? null : abs.reduce((a, b) => a + b, 0) / n,
        p50AbsErrorS: n === 0 ? null : quantileOfSorted(abs, 0.5),
        p90AbsErrorS: n === 0 ? null : quantileOfSorted(abs, 0.9),
        earlyShare: share((_, e) => e < 0),
        benchmarkShare,
        withinRangeShare: share((o) => o.actualMs >= o.lowMs && o.actualMs <= o.highMs),
      })
    }
    benchmarkScore[method] = shares.length === 4 ? shares.reduce((a, b) => a + b, 0) / 4 : null
  }
  return { rows, benchmarkScore }
}
