/**
 * MQTT topics of the tracker wire contract, version 1.
 *
 *   masar/v1/{agencyId}/vehicles/{vehicleId}/position    one ping (JSON object)
 *   masar/v1/{agencyId}/vehicles/{vehicleId}/positions   a batch buffered while offline (JSON array of pings)
 *
 * The vehicle id in the topic is the vehicle's identity; a payload cannot speak for another vehicle.
 * The layout follows HSL's Digitransit high-frequency positioning scheme (a versioned root, then the
 * operator, then the vehicle), so brokers can authorise a tracker to exactly its own topics with an
 * ACL pattern such as `masar/v1/+/vehicles/%c/#` (client id = vehicle id).
 */

export const TOPIC_ROOT = 'masar/v1'
/**
 * Where the realtime engine publishes what the api readers follow (`{root}/{engineKey}/…`) and takes their commands
 * (`{root}/{engineKey}/commands`): Masar's own services only, never trackers.
 */
export const REALTIME_TOPIC_ROOT = 'masar/internal/realtime'

/** Agency and vehicle ids: 1–64 characters, letters, digits, `_`, `-`, `.`; starting with a letter or digit. */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

export type PositionTopicKind = 'position' | 'positions'

export interface PositionTopic {
  agencyId: string
  vehicleId: string
  kind: PositionTopicKind
}

export type TopicParseResult =
  | { ok: true; value: PositionTopic }
  | { ok: false; reason: 'invalid_topic' | 'invalid_vehicle_id'; detail: string }

export function formatPositionTopic(agencyId: string, vehicleId: string, kind: PositionTopicKind = 'position'): string {
  return `${TOPIC_ROOT}/${agencyId}/vehicles/${vehicleId}/${kind}`
}

/** The filter that matches every tracker topic; prefix `$share/{group}/` to split it across instances. */
export function formatPositionTopicFilter(agencyId = '+', vehicleId = '+'): string {
  return `${TOPIC_ROOT}/${agencyId}/vehicles/${vehicleId}/+`
}

/** Every tracker topic of every agency: the subscription ingest and the api take unless configured otherwise. */
export const POSITION_TOPIC_FILTER = formatPositionTopicFilter()

export function formatSharedFilter(group: string, filter: string): string {
  return `$share/${group}/${filter}`
}

export function parsePositionTopic(topic: string): TopicParseResult {
  const parts = topic.split('/')
  if (parts.length !== 6 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT || parts[3] !== 'vehicles') {
    return { ok: false, reason: 'invalid_topic', detail: `topic "${topic}" is not ${TOPIC_ROOT}/{agencyId}/vehicles/{vehicleId}/position(s)` }
  }
  const [, , agencyId = '', , vehicleId = '', kind = ''] = parts
  if (kind !== 'position' && kind !== 'positions') {
    return { ok: false, reason: 'invalid_topic', detail: `topic "${topic}" must end in /position or /positions` }
  }
  if (!IDENTIFIER_PATTERN.test(agencyId)) {
    return { ok: false, reason: 'invalid_topic', detail: `agency id "${agencyId}" must be 1–64 letters, digits, "_", "-" or "."` }
  }
  if (!IDENTIFIER_PATTERN.test(vehicleId)) {
    return { ok: false, reason: 'invalid_vehicle_id', detail: `vehicle id "${vehicleId}" must be 1–64 letters, digits, "_", "-" or "."` }
  }
  return { ok: true, value: { agencyId, vehicleId, kind } }
}
