import { VehicleRateLimit } from '@masar/model/telemetry/vehicle-rate-limit'
import { watchActiveFeed, type ActiveFeedWatcher } from '@masar/gtfs/activation/watch-active-feed'
import { loadSchedule } from '@masar/gtfs/schedule/load-schedule'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { parsePositionMessage } from '@masar/model/telemetry/parse-position-message'
import mqtt, { type MqttClient } from 'mqtt'
import { hostname } from 'node:os'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { VehicleState } from '../fleet/fleet-state.js'
import type { RealtimeConfig } from './realtime-config.js'
import { createRealtimeEngine, type RealtimeEngine } from './realtime-engine.js'
import { electLeader, type LeaderElection, type Leadership } from './leader-election.js'
import { encodeFeedMessage, encodeVehicleMessage, parseCommand, REALTIME_FEED_NAMES, realtimeTopics, type RealtimeFeedName } from './realtime-messages.js'

/** A vehicle's latest state goes to the readers at most this often (its fixes in between are coalesced). */
const VEHICLE_FLUSH_MS = 50
/** Every vehicle also goes in the state this often, so a reader converges whatever it missed. */
const VEHICLES_SNAPSHOT_EVERY_MS = 10_000

export interface RealtimeService {
  /** Resolves when this instance leads and its engine runs. */
  readonly leading: Promise<void>
  readonly isLeader: boolean
  /** The engine now (null while standing by). */
  readonly engine: RealtimeEngine | null
  readonly connected: boolean
  /** Pings applied and ignored (not newer than the one held) since this instance started leading. */
  readonly counts: { applied: number; ignored: number; refused: number; published: number; scheduleSwitches: number }
  /** When each feed was last built (epoch ms, the engine's clock), for its age. */
  readonly feedBuiltAtMs: Partial<Record<RealtimeFeedName, number>>
  /** Called with each prediction round's duration in seconds (metrics). */
  onPredictionRound?: (seconds: number) => void
  notReadyReasons(): string[]
  /** Publishes now (tests; the service publishes every publishIntervalMs on its own). */
  publishNow(): Promise<void>
  stop(): Promise<void>
}

export interface StartRealtimeOptions {
  config: RealtimeConfig
  logger: Logger
  pool: pg.Pool
  now?: () => number
  election: LeaderElection
  /** Called when leadership is lost (the connection holding the lock failed): the process should exit. */
  onLeadershipLost?: (err: Error) => void
}

/**
 * The realtime service: waits to lead (one leader per engine key, the others on hot standby), then restores the
 * fleet from the database, follows the tracker stream with a persistent session at QoS 1 under a client id that is
 * the same in every instance and release (what arrives while no leader runs is queued by the broker for the next),
 * derives everything with one engine, publishes the state and the encoded feeds to the readers (retained), and
 * switches to a new timetable when one is activated.
 */
export async function startRealtime(options: StartRealtimeOptions): Promise<RealtimeService> {
  const { config, pool } = options
  const now = options.now ?? Date.now
  const logger = options.logger.child({ component: 'realtime' })
  const topics = realtimeTopics(config.engineKey)
  const engineId = `${hostname()}:${process.pid}`
  const counts = { applied: 0, ignored: 0, refused: 0, published: 0, scheduleSwitches: 0 }
  const rateLimit = new VehicleRateLimit(config.vehicleRate)
  let engine: RealtimeEngine | null = null
  let client: MqttClient | null = null
  let stopped = false
  const timers: NodeJS.Timeout[] = []
  let feedWatcher: ActiveFeedWatcher | null = null
  const leadership: Leadership = electLeader(options.election, { logger, now, onLost: (err) => options.onLeadershipLost?.(err) })

  const loadActiveSchedule = async (): Promise<Schedule | null> => loadSchedule(pool).catch((err: unknown) => {
    logger.warn({ err }, 'no active GTFS feed: vehicles are tracked but not matched to trips (import one with gtfs:import)')
    return null
  })
  // Each vehicle goes to the readers as the engine derives it, its latest state at most every VEHICLE_FLUSH_MS: a
  // burst (a replay, a tracker sending a backlog) sends each vehicle once per flush, not each fix, so no broker
  // queue overflows (Mosquitto drops beyond max_queued_messages). The state carries every vehicle now and then too,
  // so a reader that missed a message still converges.
  const pendingVehicles = new Map<string, VehicleState>()
  let flushTimer: NodeJS.Timeout | null = null
  const flushVehicles = () => {
    flushTimer = null
    if (!client) return
    for (const vehicle of pendingVehicles.values()) {
      client.publish(topics.vehicle(vehicle.vehicleId), encodeVehicleMessage(engineId, vehicle), { qos: 1, retain: true }, (err) => {
        if (err) logger.warn({ err, vehicleId: vehicle.vehicleId }, 'could not publish a vehicle')
      })
    }
    counts.published += pendingVehicles.size
    pendingVehicles.clear()
  }
  const publishVehicle = (vehicle: VehicleState) => {
    pendingVehicles.set(vehicle.vehicleId, vehicle)
    flushTimer ??= setTimeout(flushVehicles, VEHICLE_FLUSH_MS)
  }
  let vehiclesSnapshotDue = true
  timers.push(setInterval(() => { vehiclesSnapshotDue = true }, VEHICLES_SNAPSHOT_EVERY_MS))
  const feedBuiltAtMs: Partial<Record<RealtimeFeedName, number>> = {}
  const newEngine = async (schedule: Schedule | null) => {
    const created = await createRealtimeEngine({
      pool, logger, schedule, now, engineId, fleet: config.fleet, feeds: config.feeds, predictionTickMs: config.predictionTickMs,
      onPredictionRound: (seconds) => service.onPredictionRound?.(seconds),
    })
    created.fleet.onChange((vehicle) => {
      if (created === engine) publishVehicle(vehicle)
    })
    return created
  }

  const published = new Map<RealtimeFeedName, string>()
  let stateVersion = -1
  let stateAtMs = 0
  const doneCommandIds: string[] = []
  let publishing = false
  const publishNow = async (): Promise<void> => {
    if (!engine || !client?.connected || publishing) return
    publishing = true
    try {
      const nowMs = now()
      const current = engine
      const writes: Array<Promise<unknown>> = []
      for (const name of REALTIME_FEED_NAMES) {
        const feed = current.feed(name)
        const mark = `${feed.etag}@${feed.lastModifiedMs}`
        if (published.get(name) === mark) continue
        published.set(name, mark)
        feedBuiltAtMs[name] = feed.lastModifiedMs
        writes.push(client.publishAsync(topics.feed(name), encodeFeedMessage({ etag: feed.etag, lastModifiedMs: feed.lastModifiedMs, builtAtMs: nowMs }, feed.bytes), { qos: 1, retain: true }))
      }
      // The state moves with the fleet and with time alone (predictions, health): sent when changed, and every few seconds.
      if (stateVersion !== current.version || nowMs - stateAtMs >= config.stateMaxAgeMs || vehiclesSnapshotDue) {
        stateVersion = current.version
        stateAtMs = nowMs
        const state = current.state(nowMs, leadership.sinceMs ?? nowMs, doneCommandIds)
        if (vehiclesSnapshotDue) state.vehicles = [...current.fleet.all()]
        vehiclesSnapshotDue = false
        writes.push(client.publishAsync(topics.state, JSON.stringify(state), { qos: 1, retain: true }))
      }
      await Promise.all(writes)
      counts.published += writes.length
    } catch (err) {
      logger.warn({ err }, 'could not publish the realtime state')
    } finally {
      publishing = false
    }
  }

  const switchSchedule = async (feedId: number): Promise<void> => {
    if (!engine || feedId === (engine.schedule?.feedId ?? null)) return
    logger.info({ from: engine.schedule?.feedId ?? null, to: feedId }, 'a new GTFS feed is active: switching the engine to it')
    const schedule = await loadSchedule(pool, feedId)
    const next = await newEngine(schedule)
    await next.restore()
    const previous = engine
    engine = next
    for (const vehicle of next.fleet.all()) publishVehicle(vehicle)
    counts.scheduleSwitches += 1
    published.clear()
    stateVersion = -1
    await previous.close()
    await publishNow()
  }

  const onMessage = (topic: string, payload: Buffer) => {
    if (!engine) return
    if (topic === topics.commands) {
      const command = parseCommand(payload)
      if (!command) return logger.warn({ payload: payload.toString('utf8').slice(0, 200) }, 'ignored an unknown realtime command')
      const done = command.type === 'reload-alerts' ? engine.reloadAlerts() : engine.reloadCancellations()
      void done.then(() => {
        doneCommandIds.push(command.id)
        if (doneCommandIds.length > 50) doneCommandIds.shift()
        stateVersion = -1
        return publishNow()
      }).catch((err: unknown) => logger.warn({ err, command }, 'could not carry out a realtime command'))
      return
    }
    const receivedAtMs = now()
    // ingest's limits (the same PingLimitsEnv in both configs): what ingest refuses never moves a bus here
    const parsed = parsePositionMessage(topic, payload, { ...config.pings, nowMs: receivedAtMs })
    counts.refused += parsed.rejections.length // refused fixes are ingest's business (dead letters); counted here
    // each vehicle's rate, as ingest takes it (a message is one vehicle's): the fixes beyond it move nothing
    const first = parsed.pings[0]
    const admitted = first ? rateLimit.admit(`${first.agencyId}/${first.vehicleId}`, parsed.pings.length, receivedAtMs) : 0
    counts.refused += parsed.pings.length - admitted
    for (const ping of parsed.pings.slice(0, admitted)) {
      if (engine.onPing(ping, receivedAtMs)) counts.applied += 1
      else counts.ignored += 1
    }
  }

  const leading = (async () => {
    await leadership.acquired
    if (stopped) return
    engine = await newEngine(await loadActiveSchedule())
    await engine.restore()
    // Handlers first: what the broker queued for this session arrives right after the connection is accepted.
    const connected = mqtt.connect(config.mqtt.url, {
      clientId: config.mqtt.clientId, clean: false, protocolVersion: config.mqtt.protocolVersion, username: config.mqtt.username, password: config.mqtt.password,
      reconnectPeriod: 1000, ...(config.mqtt.protocolVersion === 5 ? { properties: { sessionExpiryInterval: config.mqtt.sessionExpiryS } } : {}),
    })
    client = connected
    connected.on('message', onMessage)
    await new Promise<void>((resolve, reject) => {
      connected.once('connect', () => resolve())
      connected.once('error', reject)
    })
    connected.on('error', (err) => logger.warn({ err }, 'broker connection error (reconnecting)'))
    for (const vehicle of engine.fleet.all()) publishVehicle(vehicle) // as restored
    await connected.subscribeAsync({ [config.mqtt.topicFilter]: { qos: 1 }, [topics.commands]: { qos: 1 } })
    timers.push(setInterval(() => void publishNow(), config.publishIntervalMs))
    // A newly activated feed (gtfs:activate, an import): NOTIFY on a server, polled on the embedded database.
    feedWatcher = watchActiveFeed({
      source: options.election.kind === 'single' ? { kind: 'poll', pool } : { kind: 'listen', connectionString: config.db.url },
      knownFeedId: engine.schedule?.feedId ?? null, onActivated: switchSchedule, checkIntervalMs: config.feedCheckIntervalMs,
      log: { info: (details, message) => logger.info(details, message), warn: (details, message) => logger.warn(details, message) },
    })
    await publishNow()
    logger.info({ vehicles: engine.fleet.size, topics: topics.state }, 'realtime engine running')
  })()
  leading.catch((err: unknown) => logger.error({ err }, 'the realtime engine could not start'))

  const service: RealtimeService = {
    leading,
    feedBuiltAtMs,
    get isLeader() {
      return leadership.leading && engine !== null
    },
    get engine() {
      return engine
    },
    get connected() {
      return client?.connected ?? false
    },
    counts,
    notReadyReasons() {
      if (!leadership.leading) return [] // a standby is ready: ready to take over
      if (!engine) return ['leading, restoring the fleet']
      return client?.connected ? [] : ['not connected to the MQTT broker']
    },
    publishNow,
    async stop() {
      if (stopped) return
      stopped = true
      for (const timer of timers) clearInterval(timer)
      if (flushTimer) clearTimeout(flushTimer)
      flushVehicles()
      await feedWatcher?.close()
      if (client) await publishNow()
      // A graceful stop keeps the session (the next leader takes its queue): a plain close, not a session end.
      await client?.endAsync().catch(() => {})
      await engine?.close()
      await leadership.release()
    },
  }
  return service
}
