import { RecentValues } from './recent-values.js'
import type { AnyPredictionMethod } from './prediction-types.js'

/**
 * The spread of each method's recent errors by horizon, for the p10–p90 range given with every prediction: the
 * last errors seen in each horizon bin (actual − predicted), their 10th and 90th percentiles. Before a bin has
 * enough, a prior that widens with the horizon.
 */
const BIN_EDGES_MIN = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60] as const
const KEEP = 10_000
const MIN_SEEN = 40

export interface Spread {
  /** Seconds to add to the predicted time for its p10 and p90 (p10 ≤ 0 ≤ p90 is not assumed). */
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

interface Bin {
  errors: RecentValues
  cached: Spread | null
}

export class ErrorSpread {
  readonly #bins = new Map<string, Bin>()

  observe(method: AnyPredictionMethod, horizonMs: number, errorS: number): void {
    const key = `${method}\u0000${binOf(horizonMs)}`
    let bin = this.#bins.get(key)
    if (!bin) this.#bins.set(key, (bin = { errors: new RecentValues(KEEP), cached: null }))
    bin.errors.add(errorS)
    bin.cached = null
  }

  spread(method: AnyPredictionMethod, horizonMs: number): Spread {
    const bin = this.#bins.get(`${method}\u0000${binOf(horizonMs)}`)
    if (!bin || bin.errors.count < MIN_SEEN) return priorSpread(horizonMs)
    bin.cached ??= { p10S: bin.errors.quantile(0.1), p90S: bin.errors.quantile(0.9) }
    return bin.cached
  }
}
