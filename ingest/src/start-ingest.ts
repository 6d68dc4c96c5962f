import { formatSharedFilter } from '@masar/model/telemetry/topics'
import type { Logger } from 'pino'
import type pg from 'pg'
import type { IngestConfig } from './config.js'
import { buildHealthServer } from './http/health-server.js'
import { createIngestMetrics, type IngestMetrics } from './metrics.js'
import { createMqttSubscriber } from './mqtt/mqtt-subscriber.js'
import { parseBrokerUrl } from './mqtt/parse-broker-url.js'
import { BatchWriter } from './pings/batch-writer.js'
import { IngestPipeline } from './pings/ingest-pipeline.js'
import type { PingBatch } from './pings/ping-batch.js'
import { VehicleRateLimit } from '@masar/model/telemetry/vehicle-rate-limit'
import { TRACCAR_MQTT_TOPIC_FILTER } from '@masar/model/telemetry/source-endpoints'
import type { DeviceDirectory } from './sources/device-directory.js'
import { httpSourceDecoders } from './sources/http-source-decoders.js'
import { startSources, type Sources } from './sources/start-sources.js'

export interface IngestDeps {
  config: IngestConfig
  logger: Logger
  /** The pool ingest writes with; in the embedded stack it is the process's one shared pool. */
  pool: pg.Pool
  now?: () => number
  /** Serve /healthz, /readyz and /metrics on config.http (default true). */
  http?: boolean
  /** Observes each committed batch (benchmarks measure publish→stored latency with it). */
  onCommitted?: (batch: PingBatch, committedAtMs: number) => void
  /** Who may report through the sources (npm start: the demo's vehicles without a token); default: as configured. */
  sourceDirectory?: DeviceDirectory
}

export interface Ingest {
  metrics: IngestMetrics
  /** The side port's address, when served. */
  httpUrl: string | null
  /** The OsmAnd / Traccar listener's address, when it listens. */
  sourcesUrl: string | null
  notReadyReasons(): string[]
  /** Messages received and not yet acknowledged, now and at most since start. */
  bufferedMessages(): { now: number; peak: number }
  /**
   * Stops intake, stores and acknowledges what was received, disconnects. With `mqtt.leaveGroupOnStop` it leaves the
   * shared subscription first and ends its session once nothing is left for it (see MqttSubscriber.leave), so the
   * broker queues nothing for an instance that is gone; if it cannot store everything within the grace period the
   * session stays for the same client id to collect. Does not end the pool (its owner does). Idempotent.
   */
  stop(): Promise<void>
}

const DB_PROBE_INTERVAL_MS = 5_000

function sharedFilter(config: IngestConfig['mqtt'], filter: string): string {
  return config.shareGroup ? formatSharedFilter(config.shareGroup, filter) : filter
}

function topicFilterOf(config: IngestConfig['mqtt']): string {
  return sharedFilter(config, config.topicFilter)
}

const TRACCAR_TOPIC_PREFIX = 'traccar/'

export async function startIngest(deps: IngestDeps): Promise<Ingest> {
  const { config, pool } = deps
  const logger = deps.logger.child({ component: 'ingest' })
  const now = deps.now ?? Date.now
  const metrics = createIngestMetrics({ pool })
  let databaseAvailable = true
  const setDatabaseAvailable = (available: boolean): void => {
    databaseAvailable = available
    metrics.dbUp.set(available ? 1 : 0)
  }
  setDatabaseAvailable(true)

  // Built once: limitsAt runs for every message (an object spread there cost 8 µs a message, measured).
  const { maxFutureMs, maxAgeMs, maxSpeedMps, maxPingBytes, maxBatchBytes, maxBatchPings } = config.pings
  const limitsAt = (nowMs: number) => ({ nowMs, maxFutureMs, maxAgeMs, maxSpeedMps, maxPingBytes, maxBatchBytes, maxBatchPings })
  // Backpressure: at maxBufferedMessages unacknowledged messages ingest stops reading from the broker (on top of
  // MQTT 5 Receive Maximum, which the embedded broker does not speak and Mosquitto 2.0 does not strictly keep),
  // and reads again once commits have brought it down to half.
  const resumeBelow = Math.floor(config.batch.maxBufferedMessages / 2)
  let reading = true
  let peakBufferedMessages = 0
  const setReading = (value: boolean): void => {
    reading = value
    subscriber.setReading(value)
    logger.warn({ buffered: pipeline.bufferedMessages }, value ? 'caught up: reading from the broker again' : 'buffer full: pausing reads from the broker until the database catches up')
  }
  const writer = new BatchWriter({
    pool, logger, metrics, now,
    retryMinMs: config.db.retryMinMs,
    retryMaxMs: config.db.retryMaxMs,
    rejectPayloadKeepBytes: config.pings.rejectPayloadKeepBytes,
    writeMethod: config.batch.writeMethod,
    onCommitted: (batch, committedAtMs) => {
      deps.onCommitted?.(batch, committedAtMs)
      if (!reading && pipeline.bufferedMessages <= resumeBelow) setReading(true)
    },
    onDatabaseState: setDatabaseAvailable,
  })
  const pipeline = new IngestPipeline({
    writer, metrics,
    maxRows: config.batch.maxRows,
    maxWaitMs: config.batch.maxWaitMs,
    limitsAt,
    rateLimit: new VehicleRateLimit(config.vehicleRate),
  })

  const sources: Sources | null = config.sources.http || config.sources.traccarMqtt || config.sources.feeds.length > 0
    ? await startSources({
      config, logger, metrics, now, limitsAt, decoders: httpSourceDecoders, directory: deps.sourceDirectory, pool, instance: config.mqtt.clientId,
      deadLetters: (topic, receivedAtMs, rejections) => pipeline.acceptRefused(topic, receivedAtMs, rejections),
    })
    : null

  const subscriber = createMqttSubscriber({
    url: config.mqtt.url,
    clientId: config.mqtt.clientId,
    username: config.mqtt.username,
    password: config.mqtt.password,
    protocolVersion: config.mqtt.protocolVersion,
    topicFilters: [topicFilterOf(config.mqtt), ...(config.sources.traccarMqtt ? [sharedFilter(config.mqtt, TRACCAR_MQTT_TOPIC_FILTER)] : [])],
    cleanStart: false,
    sessionExpirySeconds: config.mqtt.sessionExpirySeconds,
    receiveMaximum: config.batch.maxBufferedMessages,
    keepaliveSeconds: config.mqtt.keepaliveSeconds,
    reconnectMinMs: 250,
    reconnectMaxMs: 10_000,
    logger: logger.child({ component: 'mqtt' }),
    now,
    onMessage: (message) => {
      if (sources && message.topic.startsWith(TRACCAR_TOPIC_PREFIX)) return sources.takeTraccarMqtt(message)
      pipeline.accept(message)
      peakBufferedMessages = Math.max(peakBufferedMessages, pipeline.bufferedMessages)
      if (reading && pipeline.bufferedMessages >= config.batch.maxBufferedMessages) setReading(false)
    },
  })

  const notReadyReasons = (): string[] => {
    const reasons: string[] = []
    if (!subscriber.isConnected()) reasons.push('not connected to the MQTT broker')
    if (!databaseAvailable) reasons.push('the database is unavailable: holding received pings unacknowledged and retrying')
    if (pipeline.bufferedMessages >= config.batch.maxBufferedMessages) reasons.push(`the buffer is full (${pipeline.bufferedMessages} messages waiting for the database)`)
    if (sources) reasons.push(...sources.notReadyReasons())
    return reasons
  }

  const probeDatabase = setInterval(() => {
    metrics.bufferedMessages.set(pipeline.bufferedMessages)
    metrics.mqttConnected.set(subscriber.isConnected() ? 1 : 0)
    if (databaseAvailable || writer.queuedMessages > 0) return // the writer's own retries report the state
    pool.query('SELECT 1').then(() => setDatabaseAvailable(true), () => setDatabaseAvailable(false))
  }, DB_PROBE_INTERVAL_MS)
  probeDatabase.unref()

  const http = deps.http ?? true
  const server = http ? await buildHealthServer({ logger, registry: metrics.registry, state: { notReadyReasons } }) : null
  const httpUrl = server ? await server.listen({ host: config.http.host, port: config.http.port }) : null

  await subscriber.start()
  metrics.mqttConnected.set(1)
  await sources?.open() // only now: ingest's session is subscribed to store what the sources publish
  // the URL without the credentials it may carry (mqtt://user:password@host)
  logger.info({ broker: parseBrokerUrl(config.mqtt.url)?.displayUrl ?? 'an invalid MQTT_URL', clientId: config.mqtt.clientId, filter: topicFilterOf(config.mqtt), httpUrl }, 'ingest started')

  let summary = { received: 0, stored: 0, missing: 0 }
  const summaryTimer = setInterval(async () => {
    const received = (await metrics.pingsReceived.get()).values[0]?.value ?? 0
    const stored = (await metrics.pingsStored.get()).values[0]?.value ?? 0
    const rejected = Object.fromEntries((await metrics.pingsRejected.get()).values.filter((v) => v.value > 0).map((v) => [v.labels.reason, v.value]))
    if (received !== summary.received) logger.info({ received: received - summary.received, stored: stored - summary.stored, rejectedSoFar: rejected, buffered: pipeline.bufferedMessages }, 'ingest summary (last 30 s)')
    const missing = pipeline.sequenceGaps.missing
    if (missing > summary.missing) logger.warn({ missingNow: missing, newlyMissing: missing - summary.missing }, 'pings missing by their sequence numbers: lost before ingest (tracker, network or an overflowing broker queue)')
    summary = { received, stored, missing }
  }, 30_000)
  summaryTimer.unref()

  let stopped: Promise<void> | null = null
  const stop = async (): Promise<void> => {
    clearInterval(probeDatabase)
    clearInterval(summaryTimer)
    logger.info({ buffered: pipeline.bufferedMessages, leaveGroup: config.mqtt.leaveGroupOnStop }, 'ingest stopping: flushing received pings')
    const gaveUp = new AbortController()
    const giveUp = setTimeout(() => {
      gaveUp.abort()
      writer.abandonRetries()
    }, config.shutdownGraceMs)
    const storeReceived = async (): Promise<boolean> => {
      await pipeline.flush()
      return !gaveUp.signal.aborted
    }
    await sources?.stop() // no new HTTP fixes; those the broker took reach this instance or another
    const left = config.mqtt.leaveGroupOnStop && (await subscriber.leave(storeReceived, gaveUp.signal)) === 'left'
    if (!left) {
      subscriber.pauseIntake()
      await pipeline.flush()
      await subscriber.stop()
    }
    clearTimeout(giveUp)
    if (config.mqtt.leaveGroupOnStop && !left) {
      logger.error({ clientId: config.mqtt.clientId, gaveUp: gaveUp.signal.aborted },
        'stopped without leaving the shared subscription: the broker keeps what it queued for this session; an instance with the same client id collects it (start one if this instance is gone for good)')
    }
    await server?.close()
    logger.info('ingest stopped')
  }
  return {
    metrics,
    httpUrl,
    sourcesUrl: sources?.httpUrl ?? null,
    notReadyReasons,
    bufferedMessages: () => ({ now: pipeline.bufferedMessages, peak: peakBufferedMessages }),
    stop: () => (stopped ??= stop()),
  }
}
