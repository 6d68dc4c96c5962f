import { sourceOfTraccarTopic } from '@masar/model/telemetry/source-endpoints'
import type { PingRejection } from '@masar/model/telemetry/parse-position-message'
import type { PingLimits } from '@masar/model/telemetry/ping-limits'
import type { Logger } from 'pino'
import type { IngestConfig } from '../config.js'
import type { IngestMetrics } from '../metrics.js'
import type { RawMessage } from '../pings/ingest-pipeline.js'
import { openDeviceDirectory, watchProvisionedDirectory, type DeviceDirectory } from './device-directory.js'
import { startFixPublisher } from './fix-publisher.js'
import type { HttpSourceDecoders } from './sources-server.js'
import { buildSourcesServer } from './sources-server.js'
import { SourceGateway } from './source-gateway.js'
import { DeclaredTrips } from './driver/declared-trips.js'
import type { SourceKind } from './source-fix.js'
import { FeedPoller, type FeedHealth } from './feeds/feed-poller.js'
import { writeSourceHealth } from './feeds/source-health.repository.js'
import type pg from 'pg'

export interface SourcesDeps {
  config: IngestConfig
  logger: Logger
  metrics: IngestMetrics
  now: () => number
  decoders: HttpSourceDecoders & { traccarMqtt(payload: Uint8Array): ReturnType<HttpSourceDecoders['traccarJson']> }
  /** The MQTT path's limits at a receive time. */
  limitsAt: (nowMs: number) => PingLimits
  /** Where refusals go: the ingest pipeline's dead letters. */
  deadLetters(topic: string, receivedAtMs: number, rejections: PingRejection[]): void
  /** Where the feeds' health goes (source_health), for the dispatcher. */
  pool: pg.Pool
  /** This instance's name in source_health. */
  instance: string
  /** The demo's directory (its vehicles report without a token); otherwise built from the configuration. */
  directory?: DeviceDirectory
}

export interface Sources {
  /**
   * Starts taking fixes: the listener listens and the feeds are polled. Called once ingest's own subscriber is
   * subscribed: a fix published before then (a broker without ingest's session yet) would be taken by the broker,
   * answered 200 or counted as handed on, and stored nowhere.
   */
  open(): Promise<void>
  /** The listener's URL, once open, when it listens. */
  readonly httpUrl: string | null
  directory: DeviceDirectory
  /** Takes a message of Traccar's MQTT forwarder; acknowledges it once its fixes are with the broker. */
  takeTraccarMqtt(message: RawMessage): void
  /** The vendor feeds' health, by feed id. */
  feedHealth(): Record<string, FeedHealth>
  notReadyReasons(): string[]
  stop(): Promise<void>
}

/** How often the feeds' health is written to source_health. */
const HEALTH_WRITE_INTERVAL_MS = 5_000

/** The directory the configuration asks for: the provisioned files, watched, or the open demo one. */
async function directoryOf(deps: SourcesDeps): Promise<{ directory: DeviceDirectory; stop(): void }> {
  const { sources } = deps.config
  if (deps.directory) return { directory: deps.directory, stop: () => {} }
  if (sources.auth === 'open') return { directory: openDeviceDirectory({ agencyId: sources.agencyId, vehicleIds: [], autoRegister: sources.autoRegister }), stop: () => {} }
  return watchProvisionedDirectory(sources.credentialsDir!, { intervalMs: 5_000, onError: (err) => deps.logger.warn({ err }, 'could not reread the provisioned logins: keeping the last ones read') })
}

/**
 * The sources other than Masar's MQTT contract, started as configured: the OsmAnd / Traccar listener, Traccar's MQTT
 * forwarder (its messages come in on ingest's own subscription) and the vendor feeds' pollers.
 */
export async function startSources(deps: SourcesDeps): Promise<Sources> {
  const { config, logger, metrics, now, decoders } = deps
  const log = logger.child({ component: 'sources' })
  const { directory, stop: stopDirectory } = await directoryOf(deps)
  const publisher = await startFixPublisher({
    url: config.mqtt.url, clientId: `${config.mqtt.clientId}-gateway`.slice(0, 128), username: config.mqtt.username, password: config.mqtt.password,
    protocolVersion: config.mqtt.protocolVersion, publishTimeoutMs: config.sources.publishTimeoutMs,
  })
  const declaredTrips = new DeclaredTrips(deps.pool, (err) => log.warn({ err }, 'could not reread the declared trips: keeping the last ones read'))
  await declaredTrips.start(5_000)
  const gateway = new SourceGateway({
    directory, publisher, metrics, logger: log, limitsAt: deps.limitsAt, declaredTripOf: (vehicleId) => declaredTrips.tripOf(vehicleId),
    deadLetters: (source: SourceKind, receivedAtMs, rejections) => deps.deadLetters(`source/${source}`, receivedAtMs, rejections),
  })

  const server = config.sources.http ? await buildSourcesServer({ gateway, directory, decoders, logger: log, bodyLimitBytes: config.sources.bodyLimitBytes, now, declaredTrips }) : null
  let httpUrl: string | null = null

  // The vendor feeds: each poll's fixes go through the gateway as a source's, the feed's own grant; a poll whose fixes
  // the broker did not take fails, so the poller sends them again next time instead of calling them unchanged.
  const pollers = config.sources.feeds.map((feed) => {
    const grant = { sourceId: feed.id, agencyId: feed.agencyId, autoRegister: feed.autoRegister }
    const poller = new FeedPoller({
      url: feed.url, kind: feed.kind, intervalMs: feed.intervalMs, ...(feed.header ? { apiKey: { header: feed.header.name, value: feed.header.value } } : {}),
      onDecoded: async (decoded) => {
        const outcome = await gateway.fromSource(feed.kind, grant, decoded, now())
        if (outcome.notQueued) throw outcome.notQueued
      },
    })
    return { id: feed.id, intervalMs: feed.intervalMs, poller }
  })
  /** Each feed's poll count when its health was last written: a feed that has not polled since is not rewritten. */
  const writtenAtPoll = new Map<string, number>()
  const writeHealth = async (): Promise<void> => {
    for (const { id, intervalMs, poller } of pollers) {
      const health = poller.health()
      if (writtenAtPoll.get(id) === health.polls) continue
      await writeSourceHealth(deps.pool, { sourceId: id, instance: deps.instance, intervalMs, health, nowMs: now() })
      writtenAtPoll.set(id, health.polls)
    }
  }
  const healthTimer = pollers.length > 0 ? setInterval(() => { writeHealth().catch((err: unknown) => log.warn({ err }, 'could not write the feeds\' health')) }, HEALTH_WRITE_INTERVAL_MS) : null
  healthTimer?.unref()

  const takeTraccarMqtt = (message: RawMessage): void => {
    const sourceId = sourceOfTraccarTopic(message.topic) ?? ''
    const granted = directory.sourceNamed(sourceId)
    const taking = granted.ok
      ? gateway.fromSource('traccar-mqtt', granted.source, decoders.traccarMqtt(message.payload), message.receivedAtMs)
      : Promise.resolve(gateway.refuse('traccar-mqtt', { reason: granted.reason, detail: granted.detail, payload: message.payload }, message.receivedAtMs))
    // acknowledged once its fixes are with the broker (or refused for good); the broker redelivers it otherwise
    taking.then((outcome) => { if (!outcome.notQueued) message.ack() }, (err: unknown) => log.error({ err }, 'a Traccar MQTT message failed'))
  }

  return {
    get httpUrl() { return httpUrl },
    open: async () => {
      httpUrl = server && config.sources.http ? await server.listen({ host: config.sources.http.host, port: config.sources.http.port }) : null
      for (const { poller } of pollers) poller.start()
      log.info({ httpUrl, traccarMqtt: config.sources.traccarMqtt, feeds: config.sources.feeds.map((f) => f.id), auth: directory.description }, 'sources started')
    },
    directory, takeTraccarMqtt,
    feedHealth: () => Object.fromEntries(pollers.map(({ id, poller }) => [id, poller.health()])),
    notReadyReasons: () => (publisher.isConnected() ? [] : ['the sources\' publisher is not connected to the broker']),
    stop: async () => {
      stopDirectory()
      declaredTrips.stop()
      if (healthTimer) clearInterval(healthTimer)
      await Promise.all(pollers.map(({ poller }) => poller.stop()))
      await writeHealth().catch((err: unknown) => log.warn({ err }, 'could not write the feeds\' health'))
      await server?.close()
      await publisher.stop()
    },
  }
}
