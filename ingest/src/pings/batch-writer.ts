import type { Logger } from 'pino'
import type pg from 'pg'
import { classifyDbError } from '../db/classify-db-error.js'
import type { IngestMetrics } from '../metrics.js'
import type { IngestedMessage, PingBatch } from './ping-batch.js'
import { copyBatch } from './positions-copy.repository.js'
import { writeBatch, type BatchRows, type WriteBatchResult } from './positions.repository.js'

export interface BatchWriterOptions {
  pool: pg.Pool
  logger: Logger
  metrics: IngestMetrics
  retryMinMs: number
  retryMaxMs: number
  rejectPayloadKeepBytes: number
  /** copy: COPY, falling back to the idempotent INSERT when a batch holds duplicates (real servers only); insert: always INSERT. */
  writeMethod: 'copy' | 'insert'
  now: () => number
  /** Called after each batch is committed and acknowledged. */
  onCommitted?: (batch: PingBatch, committedAtMs: number) => void
  onDatabaseState?: (available: boolean) => void
}

/**
 * Writes sealed batches to the database one at a time, in arrival order, and acknowledges each batch's MQTT
 * messages only after it commits. While the database is unavailable it keeps the batch and retries with
 * exponential backoff; nothing it holds is acknowledged, so nothing is lost. Rows the database refuses
 * (a data error) are found by writing message by message and kept in the dead-letter table as storage_rejected.
 */
export class BatchWriter {
  readonly #options: BatchWriterOptions
  readonly #queue: PingBatch[] = []
  readonly #knownVehicles = new Set<string>()
  #running: Promise<void> | null = null
  #stopping = false
  #wakeRetry: (() => void) | null = null
  #queuedMessages = 0

  constructor(options: BatchWriterOptions) {
    this.#options = options
  }

  /** Messages held in sealed batches not yet committed. */
  get queuedMessages(): number {
    return this.#queuedMessages
  }

  enqueue(batch: PingBatch): void {
    this.#queue.push(batch)
    this.#queuedMessages += batch.messages.length
    this.#running ??= this.#drainQueue().finally(() => {
      this.#running = null
    })
  }

  /** Resolves when every enqueued batch is committed (or, if stopping with the database down, abandoned unacknowledged). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running
  }

  /** Stop retrying: batches still unwritten stay unacknowledged, and the broker redelivers them. */
  abandonRetries(): void {
    this.#stopping = true
    this.#wakeRetry?.()
  }

  async #drainQueue(): Promise<void> {
    let batch: PingBatch | undefined
    while ((batch = this.#queue[0]) !== undefined) {
      const written = await this.#writeWithRetry(batch)
      this.#queue.shift()
      this.#queuedMessages -= batch.messages.length
      if (!written) continue
      for (const message of batch.messages) message.ack()
      this.#options.onCommitted?.(batch, this.#options.now())
    }
  }

  async #writeWithRetry(batch: PingBatch): Promise<boolean> {
    let delayMs = this.#options.retryMinMs
    /** Set once the database refused the batch as a whole: from then on it is written message by message. */
    let oneByOne: { next: number } | null = null
    for (let attempt = 1; ; attempt += 1) {
      if (this.#stopping) return false
      try {
        if (oneByOne) await this.#writeEachMessage(batch, oneByOne)
        else await this.#write(batch)
        if (attempt > 1 && delayMs > this.#options.retryMinMs) this.#options.logger.info({ attempts: attempt }, 'database writes resumed')
        this.#options.onDatabaseState?.(true)
        return true
      } catch (err) {
        if (!oneByOne && classifyDbError(err) === 'data') {
          oneByOne = { next: 0 }
          continue
        }
        this.#options.metrics.dbWriteFailures.inc()
        this.#options.onDatabaseState?.(false)
        this.#options.logger.warn({ err, attempt, retryInMs: delayMs, heldMessages: this.#queuedMessages }, 'database write failed; holding the batch unacknowledged and retrying')
        await this.#sleep(delayMs * (0.8 + Math.random() * 0.4))
        delayMs = Math.min(delayMs * 2, this.#options.retryMaxMs)
      }
    }
  }

  async #write(batch: PingBatch, method = this.#options.writeMethod): Promise<void> {
    const newVehicles = new Map<string, string>()
    for (const message of batch.messages) {
      for (const ping of message.pings) if (!this.#knownVehicles.has(ping.vehicleId)) newVehicles.set(ping.vehicleId, ping.agencyId)
    }
    const started = performance.now()
    const result = await this.#writeRows(method, { messages: batch.messages, newVehicles, rejectPayloadKeepBytes: this.#options.rejectPayloadKeepBytes })
    this.#record(batch, result, (performance.now() - started) / 1000)
    for (const vehicleId of newVehicles.keys()) this.#knownVehicles.add(vehicleId)
  }

  async #writeRows(method: 'copy' | 'insert', rows: BatchRows): Promise<WriteBatchResult> {
    if (method === 'copy') {
      const copied = await copyBatch(this.#options.pool, rows)
      if (copied !== 'duplicates') return copied
    }
    return writeBatch(this.#options.pool, rows)
  }

  /** A data error in a batch: write each message alone; one the database refuses goes to the dead-letter table. */
  async #writeEachMessage(batch: PingBatch, progress: { next: number }): Promise<void> {
    for (; progress.next < batch.messages.length; progress.next += 1) {
      const message = batch.messages[progress.next]!
      const single: PingBatch = { messages: [message], rowCount: message.pings.length + message.rejections.length }
      try {
        await this.#write(single, 'insert')
      } catch (err) {
        if (classifyDbError(err) !== 'data') throw err
        this.#options.logger.warn({ err, topic: message.topic }, 'database refused a ping; keeping it as storage_rejected')
        const refused: IngestedMessage = {
          ...message,
          pings: [],
          rejections: [
            ...message.rejections,
            ...message.pings.map((ping) => ({
              reason: 'storage_rejected' as const,
              detail: `the database refused it: ${(err as Error).message}`.slice(0, 500),
              payload: new TextEncoder().encode(JSON.stringify(ping)),
            })),
          ],
        }
        await this.#write({ messages: [refused], rowCount: refused.rejections.length }, 'insert')
      }
    }
  }

  #record(batch: PingBatch, result: WriteBatchResult, seconds: number): void {
    const { metrics } = this.#options
    metrics.batchRows.observe(batch.rowCount)
    metrics.batchWriteSeconds.observe(seconds)
    metrics.pingsStored.inc(result.storedPings)
    const pings = batch.messages.reduce((sum, m) => sum + m.pings.length, 0)
    metrics.pingsDuplicate.inc(pings - result.storedPings)
    const nowMs = this.#options.now()
    for (const message of batch.messages) {
      metrics.receiveToStoredSeconds.observe((nowMs - message.receivedAtMs) / 1000)
      for (const rejection of message.rejections) metrics.pingsRejected.inc({ reason: rejection.reason })
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wakeRetry = null
        resolve()
      }, ms)
      this.#wakeRetry = () => {
        clearTimeout(timer)
        this.#wakeRetry = null
        resolve()
      }
    })
  }
}
