/**
 * Real-time correction of learned running times, after TheTransitClock's Kalman filter: each segment keeps an
 * estimate of how much slower (or faster) than its history it runs right now, as a log ratio, updated by every
 * traversal a bus completes. A traversal's weight (the Kalman gain) is large when the estimate is uncertain
 * (nothing recent: conditions may have changed) and small when one traversal is noisy next to what is known. The
 * estimate fades back to the history as it ages: a jam an hour ago says little about now.
 */
export interface SegmentKalmanOptions {
  /** Variance of the log ratio before any traversal (how far conditions wander from the history). */
  priorVariance: number
  /** Growth of the estimate's variance per minute without a traversal. */
  processVariancePerMin: number
  /** The correction halves every this many minutes without a traversal. */
  halfLifeMin: number
  /** Bounds of one traversal's noise variance (log ratio), from the segment's history spread. */
  minMeasurementVariance: number
  maxMeasurementVariance: number
  /**
   * An innovation beyond this many standard deviations is a change of conditions (an accident, a closure), not
   * noise: the estimate's variance is raised to explain it, so the filter follows at once (0: never).
   */
  jumpSigmas: number
}

export const DEFAULT_SEGMENT_KALMAN: SegmentKalmanOptions = {
  priorVariance: 0.02,
  processVariancePerMin: 0.002,
  halfLifeMin: 10,
  minMeasurementVariance: 0.005,
  maxMeasurementVariance: 0.25,
  jumpSigmas: 3,
}

interface SegmentEstimate {
  logRatio: number
  variance: number
  atMs: number
}

export class SegmentKalman {
  readonly #segments = new Map<string, SegmentEstimate>()

  constructor(private readonly options: SegmentKalmanOptions = DEFAULT_SEGMENT_KALMAN) {}

  /**
   * A bus took `observedS` over a segment expected (from history at that hour) to take `expectedS`, with a
   * history spread of `expectedVarianceS2` (seconds²) per traversal.
   */
  observe(segmentKey: string, observedS: number, expectedS: number, expectedVarianceS2: number, atMs: number): void {
    if (!(observedS > 0) || !(expectedS > 0)) return
    const o = this.options
    const z = Math.log(observedS / expectedS)
    const held = this.#segments.get(segmentKey)
    let x = 0
    let p = o.priorVariance
    if (held) {
      // a traversal reported after a later one (events detected out of order) is fused without ageing the estimate
      const ageMin = Math.max(0, atMs - held.atMs) / 60_000
      x = held.logRatio * 0.5 ** (ageMin / o.halfLifeMin)
      p = Math.min(o.priorVariance, held.variance + o.processVariancePerMin * ageMin)
    }
    const cv2 = expectedVarianceS2 / (expectedS * expectedS)
    const r = Math.min(o.maxMeasurementVariance, Math.max(o.minMeasurementVariance, cv2))
    const innovation2 = (z - x) ** 2
    if (o.jumpSigmas > 0 && innovation2 > o.jumpSigmas ** 2 * (p + r)) p = Math.max(p, innovation2 - r)
    const gain = p / (p + r)
    this.#segments.set(segmentKey, { logRatio: x + gain * (z - x), variance: (1 - gain) * p, atMs: Math.max(atMs, held?.atMs ?? atMs) })
  }

  /** How many times its history the segment takes now (1 without a recent traversal). */
  factor(segmentKey: string, atMs: number): number {
    const held = this.#segments.get(segmentKey)
    if (!held) return 1
    const ageMin = Math.max(0, (atMs - held.atMs) / 60_000)
    return Math.exp(held.logRatio * 0.5 ** (ageMin / this.options.halfLifeMin))
  }

  get size(): number {
    return this.#segments.size
  }
}
