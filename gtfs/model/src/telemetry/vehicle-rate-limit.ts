/**
 * How many fixes each vehicle may have taken (stored by ingest, applied by the realtime engine: each keeps its own
 * buckets over the same stream, from the same settings): a token bucket per vehicle, refilled at `fixesPerSecond` up to
 * `burst` (a tracker back from an outage sends its buffer at once), on the receive clock. One tracker's login can
 * only publish its own vehicle's topics, so a flood from it costs its own vehicle's fixes and nobody else's.
 *
 * Synchronous and allocation-free per message (it runs for every one); a library limiter (rate-limiter-flexible's
 * memory limiter) answers through a promise per call, which the pipeline's per-message path cannot wait for.
 * Buckets that have refilled completely are forgotten, so the map holds only vehicles heard from lately.
 */
export interface VehicleRateLimitOptions {
  fixesPerSecond: number
  burst: number
}

interface Bucket {
  tokens: number
  atMs: number
}

export class VehicleRateLimit {
  readonly #perMs: number
  readonly #burst: number
  readonly #buckets = new Map<string, Bucket>()
  #sweptAtMs = 0

  constructor(readonly options: VehicleRateLimitOptions) {
    this.#perMs = options.fixesPerSecond / 1000
    this.#burst = options.burst
  }

  /** How many of `count` fixes the vehicle may have now (0…count); takes them from its bucket. */
  admit(vehicleKey: string, count: number, nowMs: number): number {
    this.#sweep(nowMs)
    let bucket = this.#buckets.get(vehicleKey)
    if (!bucket) {
      bucket = { tokens: this.#burst, atMs: nowMs }
      this.#buckets.set(vehicleKey, bucket)
    } else if (nowMs > bucket.atMs) {
      bucket.tokens = Math.min(this.#burst, bucket.tokens + (nowMs - bucket.atMs) * this.#perMs)
      bucket.atMs = nowMs
    }
    const admitted = Math.min(count, Math.floor(bucket.tokens))
    bucket.tokens -= admitted
    return admitted
  }

  get trackedVehicles(): number {
    return this.#buckets.size
  }

  /** At most once per refill time: drops buckets that would be full by now (as good as new). */
  #sweep(nowMs: number): void {
    const refillMs = this.#burst / this.#perMs
    if (nowMs - this.#sweptAtMs < Math.min(refillMs, 60_000)) return
    this.#sweptAtMs = nowMs
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (nowMs - bucket.atMs) * this.#perMs >= this.#burst) this.#buckets.delete(key)
    }
  }
}
