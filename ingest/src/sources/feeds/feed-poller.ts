import type { FeedHealth as ModelFeedHealth } from '@masar/model/telemetry/feed-health'
import type { DecodedFixes, SourceRejection } from '../source-fix.js'
import { isBodyRejection } from './body-rejection.js'
import { requestFeed, type FeedAnswer, type FeedValidators, type FetchFn } from './feed-request.js'
import { decodeGtfsRtVehiclePositions } from './gtfs-rt-vehicle-positions.js'
import { nextPollDelayMs } from './poll-backoff.js'
import { decodeSiriVm, type SiriVmOptions } from './siri-vm.js'
import { splitUnchanged } from './unchanged-fixes.js'

export type FeedKind = 'gtfs-rt' | 'siri-vm'

export interface FeedPollerOptions {
  url: string
  kind: FeedKind
  intervalMs: number
  /** The longest wait after errors in a row (default 5 minutes, never less than intervalMs). */
  maxBackoffMs?: number
  /** One request, from sending it to the body's last byte (default 10 s). */
  timeoutMs?: number
  /** The vendor's key, sent as a header on every request: e.g. { header: 'x-api-key', value } or { header: 'Authorization', value: 'Bearer …' }. */
  apiKey?: { header: string; value: string }
  siri?: SiriVmOptions
  /** Takes each poll's news (fixes not handed on before, rejections); the next poll waits for it. */
  onDecoded: (decoded: DecodedFixes) => Promise<void>
  fetch?: FetchFn
  now?: () => number
}

/** The poller's counters (the contract source_health is written and read by). */
export type FeedHealth = ModelFeedHealth<FeedKind>

export interface PollOutcome {
  ok: boolean
  nextDelayMs: number
}

/**
 * Polls one GTFS-Realtime VehiclePositions or SIRI-VM URL: conditional requests (ETag / Last-Modified, a 304 is a
 * success with nothing new), a timeout per request, exponential backoff on errors (network, timeout, non-2xx, HTML,
 * empty or undecodable answers) back to the interval after a success. Each poll's fixes, less those already handed
 * on, and its rejections go to onDecoded, awaited before the next poll; an answer refused whole becomes one rejection.
 */
export class FeedPoller {
  readonly #options: FeedPollerOptions
  readonly #fetch: FetchFn
  readonly #now: () => number
  readonly #health: FeedHealth
  #validators: FeedValidators = {}
  #lastTimes: ReadonlyMap<string, string> = new Map()
  #running = false
  #timer: ReturnType<typeof setTimeout> | undefined
  #inFlight: Promise<PollOutcome> | undefined

  constructor(options: FeedPollerOptions) {
    this.#options = options
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init))
    this.#now = options.now ?? Date.now
    this.#health = {
      url: options.url, kind: options.kind, lastSuccessAtMs: null, lastErrorAtMs: null, lastError: null,
      polls: 0, errors: 0, consecutiveErrors: 0, fixes: 0, unchanged: 0, rejected: 0,
    }
  }

  health(): FeedHealth {
    return { ...this.#health }
  }

  /** Polls now, then every intervalMs (or the backoff) until stop(). */
  start(): void {
    if (this.#running) return
    this.#running = true
    this.#schedule(0)
  }

  /** No poll after this; resolves once a poll in flight (and its onDecoded) has finished. */
  async stop(): Promise<void> {
    this.#running = false
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#inFlight
  }

  /** One poll (the loop's, or a caller's "poll now"); never rejects. A poll already in flight is shared. */
  pollOnce(): Promise<PollOutcome> {
    this.#inFlight ??= this.#poll().finally(() => {
      this.#inFlight = undefined
    })
    return this.#inFlight
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.pollOnce().then((outcome) => {
        if (this.#running) this.#schedule(outcome.nextDelayMs)
      })
    }, delayMs)
  }

  async #poll(): Promise<PollOutcome> {
    this.#health.polls++
    const { url, timeoutMs = 10_000, apiKey } = this.#options
    const answer = await requestFeed({ url, fetch: this.#fetch, timeoutMs, validators: this.#validators, headers: apiKey ? { [apiKey.header]: apiKey.value } : {} })
    if (answer.kind === 'not-modified') return this.#succeeded()
    if (answer.kind === 'failed') {
      if (answer.rejection) await this.#handOn({ fixes: [], rejections: [answer.rejection] })
      return this.#failed(answer.error)
    }
    return this.#handOnBody(answer)
  }

  async #handOnBody(answer: Extract<FeedAnswer, { kind: 'body' }>): Promise<PollOutcome> {
    const decoded = this.#decode(answer.body, answer.contentType)
    const refusedWhole = decoded.fixes.length === 0 && decoded.rejections.length > 0 && decoded.rejections.every(isBodyRejection)
    const split = splitUnchanged(decoded.fixes, this.#lastTimes)
    const handed = await this.#handOn({ fixes: split.changed, rejections: decoded.rejections })
    if (handed !== true) return this.#failed(handed)
    this.#health.unchanged += split.unchanged
    if (refusedWhole) return this.#failed(decoded.rejections[0]?.detail ?? 'answer refused')
    // Only once handed on: a poll whose fixes did not reach onDecoded is not a reason to call them unchanged or 304.
    this.#lastTimes = split.seen
    this.#validators = answer.validators
    return this.#succeeded()
  }

  #decode(body: Uint8Array, contentType: string | undefined): DecodedFixes {
    if (this.#options.kind === 'siri-vm') return decodeSiriVm(body, contentType, this.#options.siri)
    const { fixes, rejections } = decodeGtfsRtVehiclePositions(body)
    return { fixes, rejections }
  }

  /** true once onDecoded took the news (nothing to take counts), else why it failed. */
  async #handOn(decoded: { fixes: DecodedFixes['fixes']; rejections: SourceRejection[] }): Promise<true | string> {
    if (decoded.fixes.length === 0 && decoded.rejections.length === 0) return true
    try {
      await this.#options.onDecoded(decoded)
    } catch (error) {
      return `onDecoded failed: ${(error as Error).message}`
    }
    this.#health.fixes += decoded.fixes.length
    this.#health.rejected += decoded.rejections.length
    return true
  }

  #succeeded(): PollOutcome {
    this.#health.lastSuccessAtMs = this.#now()
    this.#health.consecutiveErrors = 0
    return { ok: true, nextDelayMs: this.#options.intervalMs }
  }

  #failed(error: string): PollOutcome {
    this.#health.errors++
    this.#health.consecutiveErrors++
    this.#health.lastErrorAtMs = this.#now()
    this.#health.lastError = error
    const { intervalMs, maxBackoffMs = 300_000 } = this.#options
    return { ok: false, nextDelayMs: nextPollDelayMs(intervalMs, maxBackoffMs, this.#health.consecutiveErrors) }
  }
}
