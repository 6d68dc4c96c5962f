import { parsePositionMessage, type PingRejection } from '@masar/model/telemetry/parse-position-message'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import type { PingLimits } from '@masar/model/telemetry/ping-limits'
import type { IngestMetrics } from '../metrics.js'
import { rowsOf, type IngestedMessage, type PingBatch } from './ping-batch.js'
import { SequenceGaps } from './sequence-gaps.js'
import type { VehicleRateLimit } from '@masar/model/telemetry/vehicle-rate-limit'

export interface RawMessage {
  topic: string
  payload: Uint8Array
  receivedAtMs: number
  /** Called detached from the message, once its batch has committed. */
  readonly ack: () => void
}

/** Where sealed batches go (the BatchWriter). */
export interface BatchSink {
  enqueue(batch: PingBatch): void
  readonly queuedMessages: number
  idle(): Promise<void>
}

export interface IngestPipelineOptions {
  writer: BatchSink
  metrics: IngestMetrics
  maxRows: number
  maxWaitMs: number
  limitsAt: (nowMs: number) => PingLimits
  /** Each vehicle's fixes beyond its rate are refused as `rate_limited` (kept in ping_rejects); none: no limit. */
  rateLimit?: VehicleRateLimit
}

const utf8Encoder = new TextEncoder()

/**
 * Parses each message as it arrives and gathers messages into batches, sealed at maxRows rows or maxWaitMs after
 * the first message, whichever comes first; sealed batches go to the writer. A message is never split across
 * batches, so its acknowledgement waits for exactly one commit.
 */
export class IngestPipeline {
  readonly #options: IngestPipelineOptions
  #open: PingBatch = { messages: [], rowCount: 0 }
  #timer: NodeJS.Timeout | null = null
  /** Pings lost upstream, found by their sequence numbers. */
  readonly sequenceGaps = new SequenceGaps()

  constructor(options: IngestPipelineOptions) {
    this.#options = options
  }

  /** Messages received and not yet acknowledged: the open batch plus those the writer holds. */
  get bufferedMessages(): number {
    return this.#open.messages.length + this.#options.writer.queuedMessages
  }

  accept(raw: RawMessage): void {
    const { metrics, limitsAt } = this.#options
    const { pings, rejections } = parsePositionMessage(raw.topic, raw.payload, limitsAt(raw.receivedAtMs))
    if (this.#options.rateLimit && pings.length > 0) this.#limitRate(raw, pings, rejections)
    const message: IngestedMessage = { topic: raw.topic, receivedAtMs: raw.receivedAtMs, pings, rejections, ack: raw.ack }
    for (const ping of pings) {
      metrics.fixToReceivedSeconds.observe(Math.max(0, raw.receivedAtMs - ping.recordedAtMs) / 1000)
      if (ping.seq === null) continue
      const { newlyMissing, recovered } = this.sequenceGaps.observe(`${ping.agencyId}/${ping.vehicleId}`, ping.seq)
      if (newlyMissing) metrics.pingsMissing.inc(newlyMissing)
      if (recovered) metrics.pingsRecovered.inc()
    }
    this.#open.messages.push(message)
    this.#open.rowCount += rowsOf(message)
    if (this.#open.rowCount >= this.#options.maxRows) this.seal()
    else this.#timer ??= setTimeout(() => this.seal(), this.#options.maxWaitMs)
  }

  /**
   * Keeps refusals made before the MQTT path (a source's fix that named no provisioned device, a body in no known
   * format) in the dead letters, under the topic `source/{kind}`, batched with everything else.
   */
  acceptRefused(topic: string, receivedAtMs: number, rejections: PingRejection[]): void {
    this.#open.messages.push({ topic, receivedAtMs, pings: [], rejections, ack: () => {} })
    this.#open.rowCount += rejections.length
    if (this.#open.rowCount >= this.#options.maxRows) this.seal()
    else this.#timer ??= setTimeout(() => this.seal(), this.#options.maxWaitMs)
  }

  /** Moves the vehicle's fixes beyond its rate from `pings` to `rejections` (the whole payload for a single fix). */
  #limitRate(raw: RawMessage, pings: VehiclePing[], rejections: PingRejection[]): void {
    const rateLimit = this.#options.rateLimit!
    const { agencyId, vehicleId } = pings[0]!
    const admitted = rateLimit.admit(`${agencyId}/${vehicleId}`, pings.length, raw.receivedAtMs)
    if (admitted === pings.length) return
    const single = pings.length === 1 && rejections.length === 0
    const detail = `${vehicleId} is over its rate of ${rateLimit.options.fixesPerSecond} fixes/s (burst ${rateLimit.options.burst})`
    for (const ping of pings.splice(admitted)) {
      rejections.push({ reason: 'rate_limited', detail, payload: single ? raw.payload : utf8Encoder.encode(JSON.stringify(ping)) })
    }
  }

  /** Hands the open batch to the writer now. */
  seal(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    if (this.#open.messages.length === 0) return
    // Counted per batch rather than per message: this runs for every ping, so every allocation shows.
    this.#options.metrics.messagesReceived.inc(this.#open.messages.length)
    this.#options.metrics.pingsReceived.inc(this.#open.rowCount)
    this.#options.writer.enqueue(this.#open)
    this.#open = { messages: [], rowCount: 0 }
  }

  /** Seals what is open and waits for the writer to finish everything it holds. */
  async flush(): Promise<void> {
    this.seal()
    await this.#options.writer.idle()
  }
}
