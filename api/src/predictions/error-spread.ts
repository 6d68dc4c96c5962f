import { RecentValues } from './recent-values.js'
import type { AnyPredictionMethod } from './prediction-types.js'

/**
 * Each method's recent errors by horizon, learned from the scored outcomes: for the p10–p90 range given with every
 * prediction, and, for the methods it corrects, a bias to add to the prediction itself (the median of the errors
 * at that horizon), so that errors do not drift one way as the horizon grows (a model that under-counts running
 * times is a little early at 5 min and more so at 15). It keeps the last errors of each horizon bin as they would
 * have been without its correction (actual − uncorrected prediction): the correction is their median, and the range
 * their 10th and 90th percentiles around it. Before a bin has enough errors: no correction, and a prior range that
 * widens with the horizon.
 */
const BIN_EDGES_MIN = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60] as const
const KEEP = 10_000
const MIN_SEEN = 40

export interface Spread {
  /** Seconds to add to the (corrected) predicted time for its p10 and p90 (p10 ≤ 0 ≤ p90 is not assumed). */
  p10S: number
  p90S: number
}

const binOf = (horizonMs: number) => {
  const minutes = horizonMs / 60_000
  const i = BIN_EDGES_MIN.findIndex((edge) => minutes < edge)
  return i === -1 ? BIN_EDGES_MIN.length : i
}

/** Before errors are seen: −(20 s + 8 %) … +(30 s + 20 %) of the horizon (buses run late more than early). */
export function priorSpread(horizonMs: number): Spread {
  const s = Math.max(0, horizonMs) / 1000
  return { p10S: -(20 + 0.08 * s), p90S: 30 + 0.2 * s }
}

/**
 * How fast the range's quantile levels move to hold 80 % of arrivals (adaptive conformal inference, Gibbs and
 * Candès 2021): each arrival outside the range it was given widens them by 4/1000, each one inside narrows them by
 * 1/1000, so they settle where one in five falls outside, whatever the errors' shape or their drift from day to day.
 */
const LEVEL_STEP = 0.005
const TARGET_MISS = 0.2
const MAX_WIDEN = 0.099
const MAX_NARROW = 0.09

interface Bin {
  /** Errors as they would have been without the correction. */
  errors: RecentValues
  /** Added to 0.9 and taken from 0.1 for the range's quantiles (see LEVEL_STEP). */
  widen: number
  cached: { biasS: number; spread: Spread } | null
}

export class ErrorSpread {
  readonly #bins = new Map<string, Bin>()

  /** @param corrected the methods whose predictions get the learned bias added (see biasS) */
  constructor(private readonly corrected: ReadonlySet<AnyPredictionMethod> = new Set()) {}

  /**
   * A scored prediction of `method` made `horizonMs` ahead: `errorS` = actual − predicted, the prediction as given
   * (with the correction of its bin at the time, which is added back: the correction learns from uncorrected errors);
   * `inRange`: whether the arrival fell inside the range given with it (absent: the range's levels do not move).
   */
  observe(method: AnyPredictionMethod, horizonMs: number, errorS: number, inRange?: boolean): void {
    const key = `${method}\u0000${binOf(horizonMs)}`
    const rawErrorS = errorS + this.biasS(method, horizonMs)
    let bin = this.#bins.get(key)
    if (!bin) this.#bins.set(key, (bin = { errors: new RecentValues(KEEP), widen: 0, cached: null }))
    bin.errors.add(rawErrorS)
    if (inRange !== undefined && bin.errors.count > MIN_SEEN) bin.widen = Math.min(MAX_WIDEN, Math.max(-MAX_NARROW, bin.widen + LEVEL_STEP * ((inRange ? 0 : 1) - TARGET_MISS)))
    bin.cached = null
  }

  /** Seconds to add to a prediction of `method` made `horizonMs` ahead (0 for a method not corrected). */
  biasS(method: AnyPredictionMethod, horizonMs: number): number {
    return this.#learned(method, horizonMs)?.biasS ?? 0
  }

  /** The p10 and p90 of the error around the corrected prediction. */
  spread(method: AnyPredictionMethod, horizonMs: number): Spread {
    return this.#learned(method, horizonMs)?.spread ?? priorSpread(horizonMs)
  }

  #learned(method: AnyPredictionMethod, horizonMs: number): Bin['cached'] {
    const bin = this.#bins.get(`${method}\u0000${binOf(horizonMs)}`)
    if (!bin || bin.errors.count < MIN_SEEN) return null
    if (!bin.cached) {
      const biasS = this.corrected.has(method) ? bin.errors.quantile(0.5) : 0
      bin.cached = { biasS, spread: { p10S: bin.errors.quantile(0.1 - bin.widen) - biasS, p90S: bin.errors.quantile(0.9 + bin.widen) - biasS } }
    }
    return bin.cached
  }
}
