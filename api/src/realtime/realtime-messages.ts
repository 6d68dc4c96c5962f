import { REALTIME_TOPIC_ROOT } from '@masar/model/telemetry/topics'
import type { StoredAlert } from '../alerts/alerts.repository.js'
import type { VehicleState } from '../fleet/fleet-state.js'
import type { FeedStatus } from '../gtfs-rt/conformance-monitor.js'
import type { TripPrediction } from '../predictions/trip-prediction.js'

/**
 * What the realtime engine (the one writer of everything derived from the ping stream) publishes for the api
 * readers, and how. Each is a retained MQTT message, so a reader that starts or reconnects gets the current one at
 * once, from the same broker the trackers use, in embedded mode and on a real broker alike:
 * - `…/vehicles/{vehicleId}`: each vehicle's state as the engine derived it, sent the moment it changes (the live
 *   stream's latency is the broker's, not a publishing round's);
 * - `…/state`: the served predictions, the cancelled trips, the service alerts, the feeds' check (JSON, every second
 *   when something changed);
 * - `…/feeds/{name}`: each GTFS-Realtime feed's encoded bytes with their ETag, so every replica serves the same
 *   bytes under the same ETag.
 * Readers send the engine commands (reload the alerts or the cancellations after a dispatcher changed them) on
 * `…/commands` (QoS 1, not retained). The topics live under `masar/internal/`, which trackers may not touch.
 */
export const REALTIME_FEED_NAMES = ['vehicle-positions', 'trip-updates', 'alerts'] as const
export type RealtimeFeedName = (typeof REALTIME_FEED_NAMES)[number]

export interface RealtimeTopics {
  state: string
  vehicle(vehicleId: string): string
  vehicles: string
  feed(name: RealtimeFeedName): string
  feeds: string
  commands: string
}

export function realtimeTopics(engineKey: string): RealtimeTopics {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(engineKey)) throw new Error(`realtime engine key "${engineKey}" must be 1–64 letters, digits, _ or -`)
  const base = `${REALTIME_TOPIC_ROOT}/${engineKey}`
  return { state: `${base}/state`, vehicle: (vehicleId) => `${base}/vehicles/${vehicleId}`, vehicles: `${base}/vehicles/+`, feed: (name) => `${base}/feeds/${name}`, feeds: `${base}/feeds/+`, commands: `${base}/commands` }
}

export function feedNameOfTopic(topic: string): RealtimeFeedName | null {
  const name = topic.slice(topic.lastIndexOf('/') + 1)
  return (REALTIME_FEED_NAMES as readonly string[]).includes(name) ? (name as RealtimeFeedName) : null
}

/** A prediction as published: the trip by id (each reader holds the same schedule, by feed id). */
export type PublishedPrediction = Omit<TripPrediction, 'trip'> & { tripId: string }

export interface RealtimeState {
  format: 1
  /** The leader that published it (host and process) and since when it leads (epoch ms). */
  engineId: string
  leaderSinceMs: number
  publishedAtMs: number
  /** The GTFS feed version the engine matches and predicts with (null: none active). */
  feedId: number | null
  /** The engine's health thresholds, so every reader tells fresh, stale and offline alike. */
  staleAfterMs: number
  offlineAfterMs: number
  /** How many vehicles the engine holds (each is sent on its own topic). */
  vehicleCount: number
  /**
   * Every vehicle, now and then (every 10 s): a reader that missed a vehicle message converges, and forgets what
   * another engine left retained under the same key.
   */
  vehicles?: VehicleState[]
  predictions: PublishedPrediction[]
  cancelledKeys: string[]
  alerts: StoredAlert[]
  feedStatus: FeedStatus
  pingsPerSecond: number
  /** The last reader commands carried out (ids, newest last): the reader that sent one waits for it before it answers. */
  doneCommandIds: string[]
}

export type RealtimeCommand = { type: 'reload-alerts' | 'reload-cancellations'; id: string }

export interface PublishedFeedHeader {
  etag: string
  lastModifiedMs: number
  builtAtMs: number
}

/** A feed message: a 4-byte length, the JSON header, then the feed's protobuf bytes. */
export function encodeFeedMessage(header: PublishedFeedHeader, bytes: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify(header))
  const length = Buffer.alloc(4)
  length.writeUInt32BE(json.length)
  return Buffer.concat([length, json, bytes])
}

export function decodeFeedMessage(message: Buffer): { header: PublishedFeedHeader; bytes: Uint8Array } | null {
  if (message.length < 4) return null
  const length = message.readUInt32BE(0)
  if (message.length < 4 + length) return null
  try {
    const header = JSON.parse(message.subarray(4, 4 + length).toString('utf8')) as PublishedFeedHeader
    if (typeof header.etag !== 'string' || !Number.isFinite(header.lastModifiedMs)) return null
    return { header, bytes: new Uint8Array(message.subarray(4 + length)) }
  } catch {
    return null
  }
}

export function publishedPrediction(p: TripPrediction): PublishedPrediction {
  const { trip, ...rest } = p
  return { ...rest, tripId: trip.tripId }
}

/** A vehicle message: the vehicle's state and the engine that derived it (a reader tells the leader's from leftovers). */
export interface VehicleMessage {
  engineId: string
  vehicle: VehicleState
}

export function encodeVehicleMessage(engineId: string, vehicle: VehicleState): string {
  return JSON.stringify({ engineId, vehicle } satisfies VehicleMessage)
}

export function decodeVehicleMessage(payload: Buffer): VehicleMessage | null {
  try {
    const message = JSON.parse(payload.toString('utf8')) as Partial<VehicleMessage>
    const vehicle = message.vehicle
    if (typeof message.engineId !== 'string' || !vehicle || typeof vehicle.vehicleId !== 'string' || !Number.isFinite(vehicle.fixAtMs)) return null
    return { engineId: message.engineId, vehicle }
  } catch {
    return null
  }
}

export function parseCommand(payload: Buffer): RealtimeCommand | null {
  try {
    const command = JSON.parse(payload.toString('utf8')) as { type?: unknown; id?: unknown }
    return (command.type === 'reload-alerts' || command.type === 'reload-cancellations') && typeof command.id === 'string' ? (command as RealtimeCommand) : null
  } catch {
    return null
  }
}
