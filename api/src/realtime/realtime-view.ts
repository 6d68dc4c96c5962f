import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import mqtt, { type MqttClient } from 'mqtt'
import { randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { Logger } from 'pino'
import type { StoredAlert } from '../alerts/alerts.repository.js'
import { FleetState, type FleetStateOptions, type VehicleState } from '../fleet/fleet-state.js'
import type { FeedStatus } from '../gtfs-rt/conformance-monitor.js'
import type { EncodedFeed } from '../gtfs-rt/feed-cache.js'
import type { TripPrediction } from '../predictions/trip-prediction.js'
import { decodeFeedMessage, decodeVehicleMessage, feedNameOfTopic, realtimeTopics, type RealtimeCommand, type RealtimeFeedName, type RealtimeState } from './realtime-messages.js'

const { FeedMessage } = GtfsRealtimeBindings.transit_realtime

/**
 * An api reader's view of the realtime engine: the fleet, predictions, cancellations, alerts and encoded feeds the
 * leader published (retained, so a reader that starts gets them at once). Readers derive nothing of their own, so
 * any replica answers the same bytes and ETags for the same published version.
 */
export interface RealtimeView {
  readonly fleet: FleetState
  feed(name: RealtimeFeedName): EncodedFeed | null
  predictions(): readonly TripPrediction[]
  cancelledKeys(): ReadonlySet<string>
  alerts(): readonly StoredAlert[]
  feedStatus(): FeedStatus | null
  pingsPerSecond(): number
  /** The GTFS feed the engine runs on, and the state's engine and age. */
  readonly engine: { feedId: number | null; engineId: string; publishedAtMs: number; vehicleCount: number } | null
  readonly connected: boolean
  /** Resolves when the first state has arrived. */
  readonly firstState: Promise<void>
  notReadyReasons(): string[]
  /** Asks the engine to reload what a dispatcher changed; resolves when its state says it did (or after timeoutMs). */
  command(type: RealtimeCommand['type'], timeoutMs?: number): Promise<boolean>
  close(): Promise<void>
}

export interface RealtimeViewOptions {
  mqtt: { url: string; clientId: string; username?: string; password?: string; protocolVersion: 4 | 5 }
  engineKey: string
  fleet: FleetStateOptions
  /** The schedule the reader holds; predictions of trips it does not know are left out. */
  schedule: () => Schedule | null
  /** Called when the engine runs on another GTFS feed than the reader's schedule. */
  onFeedChanged?: (feedId: number | null) => void
  logger: Logger
}

export async function followRealtime(options: RealtimeViewOptions): Promise<RealtimeView> {
  const logger = options.logger.child({ component: 'realtime-view' })
  const topics = realtimeTopics(options.engineKey)
  const fleet = new FleetState(options.fleet)
  const feeds = new Map<RealtimeFeedName, EncodedFeed>()
  let state: RealtimeState | null = null
  let predictions: TripPrediction[] = []
  let cancelled: ReadonlySet<string> = new Set()
  let stateVersion = 0
  let predictionsVersion = -1
  const waiting = new Map<string, () => void>()

  let gotFirstState: () => void = () => {}
  const firstState = new Promise<void>((resolve) => {
    gotFirstState = resolve
  })
  // Which engine each held vehicle came from. The leader's word is final: a vehicle from another engine (a message
  // an engine that ran before under this key left retained) gives way to the leader's, newer or not, and a vehicle
  // the leader's snapshot does not hold goes; within one engine's stream, a vehicle never moves back.
  const sourceOf = new Map<string, string>()
  const onVehicle = (engineId: string, vehicle: VehicleState) => {
    const leaderId = state?.engineId
    if (leaderId !== undefined && engineId !== leaderId) return
    const held = sourceOf.get(vehicle.vehicleId)
    if (fleet.replicate(vehicle, leaderId !== undefined && held !== undefined && held !== engineId)) sourceOf.set(vehicle.vehicleId, engineId)
  }
  const convergeOnSnapshot = (engineId: string, vehicles: readonly VehicleState[]) => {
    const kept = new Set<string>()
    let replaced = 0
    for (const vehicle of vehicles) {
      kept.add(vehicle.vehicleId)
      const fromElsewhere = sourceOf.get(vehicle.vehicleId) !== engineId
      if (fleet.replicate(vehicle, fromElsewhere) || fromElsewhere) sourceOf.set(vehicle.vehicleId, engineId)
      if (fromElsewhere) replaced += 1
    }
    let removed = 0
    for (const vehicle of [...fleet.all()]) {
      if (kept.has(vehicle.vehicleId)) continue
      fleet.remove(vehicle.vehicleId)
      sourceOf.delete(vehicle.vehicleId)
      removed += 1
    }
    if (removed > 0) logger.info({ engineId, removed }, 'forgot vehicles the engine does not hold (left retained by an earlier engine)')
    return replaced
  }
  const onState = (payload: Buffer) => {
    if (payload.length === 0) return // a cleared retained message
    let next: RealtimeState
    try {
      next = JSON.parse(payload.toString('utf8')) as RealtimeState
    } catch (err) {
      return logger.warn({ err }, 'ignored an unreadable realtime state')
    }
    if (next.format !== 1) return logger.warn({ format: next.format }, 'ignored a realtime state of an unknown format')
    if (next.feedId !== (options.schedule()?.feedId ?? null)) options.onFeedChanged?.(next.feedId)
    if (next.engineId !== state?.engineId) logger.info({ engineId: next.engineId, leaderSince: new Date(next.leaderSinceMs).toISOString() }, 'following the realtime engine')
    fleet.setOptions({ staleAfterMs: next.staleAfterMs, offlineAfterMs: next.offlineAfterMs })
    if (next.vehicles) convergeOnSnapshot(next.engineId, next.vehicles)
    state = next
    cancelled = new Set(next.cancelledKeys)
    stateVersion += 1
    gotFirstState()
    for (const id of next.doneCommandIds ?? []) waiting.get(id)?.()
  }

  const client: MqttClient = mqtt.connect(options.mqtt.url, {
    clientId: options.mqtt.clientId, clean: true, protocolVersion: options.mqtt.protocolVersion, username: options.mqtt.username, password: options.mqtt.password, reconnectPeriod: 1000,
  })
  const vehiclesPrefix = topics.vehicles.slice(0, -1)
  client.on('message', (topic, payload) => {
    if (topic === topics.state) return onState(payload)
    if (payload.length === 0) return
    if (topic.startsWith(vehiclesPrefix)) {
      const message = decodeVehicleMessage(payload)
      if (message) onVehicle(message.engineId, message.vehicle)
      else logger.warn({ topic }, 'ignored an unreadable vehicle message')
      return
    }
    const name = feedNameOfTopic(topic)
    const decoded = name ? decodeFeedMessage(payload) : null
    if (!name || !decoded) return logger.warn({ topic }, 'ignored an unreadable realtime feed message')
    const { header, bytes } = decoded
    let json: unknown = null
    feeds.set(name, {
      bytes, gzipped: gzipSync(bytes), etag: header.etag, lastModifiedMs: header.lastModifiedMs, builtAtMs: header.builtAtMs,
      json: () => (json ??= FeedMessage.decode(bytes).toJSON()),
    })
  })
  client.on('error', (err) => logger.warn({ err }, 'broker connection error (reconnecting)'))
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve())
    client.once('error', reject)
  })
  await client.subscribeAsync({ [topics.vehicles]: { qos: 1 }, [topics.state]: { qos: 1 }, [topics.feeds]: { qos: 1 } })

  return {
    fleet,
    feed: (name) => feeds.get(name) ?? null,
    predictions() {
      if (predictionsVersion !== stateVersion) {
        predictionsVersion = stateVersion
        const schedule = options.schedule()
        predictions = []
        if (state && schedule && schedule.feedId === state.feedId) {
          for (const p of state.predictions) {
            const trip = schedule.trips.get(p.tripId)
            if (!trip) continue
            const { tripId: _tripId, ...rest } = p
            predictions.push({ ...rest, trip })
          }
        }
      }
      return predictions
    },
    cancelledKeys: () => cancelled,
    alerts: () => state?.alerts ?? [],
    feedStatus: () => state?.feedStatus ?? null,
    pingsPerSecond: () => state?.pingsPerSecond ?? 0,
    get engine() {
      return state ? { feedId: state.feedId, engineId: state.engineId, publishedAtMs: state.publishedAtMs, vehicleCount: state.vehicleCount } : null
    },
    get connected() {
      return client.connected
    },
    firstState,
    notReadyReasons() {
      const reasons: string[] = []
      if (!client.connected) reasons.push('not connected to the MQTT broker')
      if (!state) reasons.push('no state from the realtime engine yet')
      return reasons
    },
    async command(type, timeoutMs = 5000) {
      const id = randomUUID()
      const done = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(id)
          resolve(false)
        }, timeoutMs)
        waiting.set(id, () => {
          clearTimeout(timer)
          waiting.delete(id)
          resolve(true)
        })
      })
      await client.publishAsync(topics.commands, JSON.stringify({ type, id } satisfies RealtimeCommand), { qos: 1 })
      return done
    },
    close: () => client.endAsync(),
  }
}
