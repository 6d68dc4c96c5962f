import type { PingPayload } from '@masar/model/telemetry/ping'
import { DEFAULT_PING_LIMITS } from '@masar/model/telemetry/ping-limits'
import type { RejectReason } from '@masar/model/telemetry/reject-reasons'
import { formatPositionTopic, TOPIC_ROOT } from '@masar/model/telemetry/topics'
import type { Random } from './random.js'
import { formatTimestamp, type TimestampFormat } from './take-fix.js'

/**
 * Malformed publications of the kinds real trackers send, one builder per reject reason ingest gives them.
 * Every reason a tracker can cause is here. Not `storage_rejected`: that is the database refusing a row that is
 * valid by the contract, which nothing a tracker publishes can bring about.
 * Time-based reasons are far past the limits (DEFAULT_PING_LIMITS: 2 min ahead, 30 days old) so they hold for
 * any sane ingest configuration, provided ingest receives the message at about its simulated publish time.
 */
export const TRACKER_REJECT_REASONS = [
  'payload_too_large',
  'malformed_json',
  'invalid_topic',
  'invalid_vehicle_id',
  'missing_field',
  'wrong_type',
  'invalid_timestamp',
  'out_of_range',
  'null_island',
  'future_timestamp',
  'stale_timestamp',
  'impossible_speed',
] as const satisfies readonly RejectReason[]

export type TrackerRejectReason = (typeof TRACKER_REJECT_REASONS)[number]

export interface BadPublicationContext {
  agencyId: string
  vehicleId: string
  publishAtMs: number
  /** A valid ping of this tracker: the bad one breaks one thing of it. */
  ping: PingPayload
  /** The ping's fix time by the tracker's clock. */
  fixMs: number
  timestampFormat: TimestampFormat
}

export interface BadMessage {
  topic: string
  payload: string
}

/** GPS week-number rollover: a receiver that loses its almanac dates fixes 1024 weeks (19.6 years) back. */
const GPS_WEEK_ROLLOVER_MS = 1024 * 7 * 86_400_000
const HOUR_MS = 3600_000

type Builder = (context: BadPublicationContext, random: Random) => BadMessage

const onPositionTopic = (context: BadPublicationContext, body: unknown): BadMessage => ({
  topic: formatPositionTopic(context.agencyId, context.vehicleId),
  payload: JSON.stringify(body),
})

const withoutField = (ping: PingPayload, field: 'ts' | 'lat' | 'lon'): Partial<PingPayload> => {
  const copy: Partial<PingPayload> = { ...ping }
  delete copy[field]
  return copy
}

const BUILDERS: Record<TrackerRejectReason, Builder> = {
  // Firmware that appends its diagnostics log to the ping.
  payload_too_large: (c) => onPositionTopic(c, { ...c.ping, diagnostics: 'GSV,'.repeat(DEFAULT_PING_LIMITS.maxPingBytes / 4 + 1) }),
  malformed_json: (c, random) => {
    const json = JSON.stringify(c.ping)
    const payload = random.pick([
      () => json.slice(0, random.int(1, json.length - 1)), // cut off mid-message
      () => json.replace(/"(\w+)":/g, '$1:'), // a JavaScript object literal, not JSON
    ])()
    return { topic: formatPositionTopic(c.agencyId, c.vehicleId), payload }
  },
  // Still one level each, so the ingest subscription (POSITION_TOPIC_FILTER) receives it.
  invalid_topic: (c, random) => ({
    topic: `${TOPIC_ROOT}/${c.agencyId}/vehicles/${c.vehicleId}/${random.pick(['location', 'gps', 'Position', 'telemetry'])}`,
    payload: JSON.stringify(c.ping),
  }),
  invalid_vehicle_id: (c, random) => ({
    topic: formatPositionTopic(c.agencyId, random.pick([`${c.vehicleId}:gps`, `${c.vehicleId} 2`, `_${c.vehicleId}`, `${c.vehicleId}${'0'.repeat(64)}`])),
    payload: JSON.stringify(c.ping),
  }),
  missing_field: (c, random) => onPositionTopic(c, withoutField(c.ping, random.pick(['ts', 'lat', 'lon'] as const))),
  wrong_type: (c, random) =>
    onPositionTopic(c, random.pick([{ ...c.ping, lat: String(c.ping.lat) }, { ...c.ping, speed: String(c.ping.speed ?? 0) }, [c.ping]])),
  invalid_timestamp: (c, random) => {
    const ts = random.pick([Math.floor(c.fixMs / 1000), new Date(c.fixMs).toISOString().slice(0, 19), String(Math.round(c.fixMs))])
    return onPositionTopic(c, { ...c.ping, ts }) // epoch seconds, local time without a zone, a number as a string
  },
  out_of_range: (c, random) =>
    onPositionTopic(c, random.pick([
      { ...c.ping, accuracy: -1 }, // "unknown" written as -1
      { ...c.ping, bearing: 360 + random.int(1, 359) },
      { ...c.ping, tripId: '' },
      { ...c.ping, seq: -1 },
    ])),
  null_island: (c) => onPositionTopic(c, { ...c.ping, lat: 0, lon: 0 }), // no fix yet
  // A year and more ahead (a tracker whose clock was set to the wrong year): in the future of ingest's clock even
  // when the fleet runs faster than real time over a past day (up to the 30-day retention behind now).
  future_timestamp: (c, random) =>
    onPositionTopic(c, { ...c.ping, ts: formatTimestamp(c.publishAtMs + DEFAULT_PING_LIMITS.maxFutureMs + (366 * 24 + random.int(1, 24)) * HOUR_MS, c.timestampFormat) }),
  stale_timestamp: (c) => onPositionTopic(c, { ...c.ping, ts: formatTimestamp(c.fixMs - GPS_WEEK_ROLLOVER_MS, c.timestampFormat) }),
  // A speed spike from a bad fix.
  impossible_speed: (c, random) => onPositionTopic(c, { ...c.ping, speed: Math.round(DEFAULT_PING_LIMITS.maxSpeedMps * (2 + 3 * random.next()) * 10) / 10 }),
}

export function formatBadPublication(reason: TrackerRejectReason, context: BadPublicationContext, random: Random): BadMessage {
  return BUILDERS[reason](context, random)
}
