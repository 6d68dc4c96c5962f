import type { AnyPredictionMethod, PredictionOutcome } from './prediction-types.js'
import type { TripPrediction } from './trip-prediction.js'
import { tripKey } from '../matching/trip-key.js'

/** The stopIndex-th (1-based) stop of a trip on a service day. */
const stopOfTripKey = (serviceDate: string, tripId: string, stopIndex: number) => `${tripKey(serviceDate, tripId)}\u0000${stopIndex}`

/**
 * Predictions sampled at fixed horizons and scored when the bus arrives. For each method, trip and stop, a
 * prediction is kept the first time the predicted minutes to arrival drop to or below each sampling horizon (so
 * each stop is scored at about those horizons, however often predictions are made). The stop's actual arrival
 * turns the kept predictions into outcomes; predictions of stops never reached (skipped, cancelled, a bus taken
 * off) are dropped after `keepMs`.
 */
export interface PredictionLogOptions {
  /** Minutes before the predicted arrival at which a prediction is kept, ascending. */
  sampleHorizonsMin: readonly number[]
  keepMs: number
}

/** One per benchmark bucket (its middle) and 15–30: what the live api keeps. */
export const LIVE_SAMPLE_HORIZONS_MIN = [1.5, 4.5, 8, 12.5, 22.5] as const
/** Every minute up to 10, then every few: what the eval keeps. */
export const DENSE_SAMPLE_HORIZONS_MIN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 25, 30] as const

interface Pending {
  method: AnyPredictionMethod
  vehicleId: string
  stopId: string
  madeAtMs: number
  predictedMs: number
  lowMs: number
  highMs: number
}

interface StopLog {
  pending: Pending[]
  /** Per method: the smallest sampling horizon already kept (its index; Infinity before any). */
  sampled: Map<AnyPredictionMethod, number>
  createdAtMs: number
}

export class PredictionLog {
  readonly #stops = new Map<string, StopLog>()
  readonly #horizonsMs: number[]
  #lastSweepMs = 0

  constructor(private readonly options: PredictionLogOptions = { sampleHorizonsMin: LIVE_SAMPLE_HORIZONS_MIN, keepMs: 3 * 3600_000 }) {
    this.#horizonsMs = options.sampleHorizonsMin.map((m) => m * 60_000)
  }

  /** Keeps what is due of predictions made at madeAtMs. */
  record(predictions: readonly TripPrediction[], madeAtMs: number): void {
    const largest = this.#horizonsMs.at(-1) ?? 0
    for (const p of predictions) {
      for (let k = 0; k < p.arrivalsMs.length; k++) {
        const horizon = p.arrivalsMs[k]! - madeAtMs
        if (horizon > largest) break
        if (horizon < 0) continue
        // the smallest sampling horizon at or above this one
        let h = 0
        while (this.#horizonsMs[h]! < horizon) h++
        const key = stopOfTripKey(p.serviceDate, p.trip.tripId, p.fromIndex + k + 1)
        let log = this.#stops.get(key)
        if (!log) {
          log = { pending: [], sampled: new Map(), createdAtMs: madeAtMs }
          this.#stops.set(key, log)
        }
        if ((log.sampled.get(p.method) ?? Number.POSITIVE_INFINITY) <= h) continue
        log.sampled.set(p.method, h)
        log.pending.push({ method: p.method, vehicleId: p.vehicleId, stopId: p.trip.stopIds[p.fromIndex + k]!, madeAtMs, predictedMs: p.arrivalsMs[k]!, lowMs: p.lowMs[k]!, highMs: p.highMs[k]! })
      }
    }
    this.#sweep(madeAtMs)
  }

  /** A bus arrived at the stopIndex-th (1-based) stop of a trip: the predictions kept for it, scored. */
  arrived(tripId: string, serviceDate: string, stopIndex: number, actualMs: number): PredictionOutcome[] {
    const key = stopOfTripKey(serviceDate, tripId, stopIndex)
    const log = this.#stops.get(key)
    if (!log) return []
    this.#stops.delete(key)
    return log.pending.map((p) => ({ ...p, tripId, serviceDate, stopIndex, actualMs }))
  }

  get pending(): number {
    return this.#stops.size
  }

  #sweep(nowMs: number): void {
    if (nowMs - this.#lastSweepMs < 60_000) return
    this.#lastSweepMs = nowMs
    for (const [key, log] of this.#stops) if (nowMs - log.createdAtMs > this.options.keepMs) this.#stops.delete(key)
  }
}
