import { checkPing } from './parse-ping.js'
import type { VehiclePing } from './ping.js'
import type { PingLimits } from './ping-limits.js'
import type { RejectReason } from './reject-reasons.js'
import { parsePositionTopic } from './topics.js'

/** A refused ping (or a whole refused message), with the bytes to keep in the dead-letter table. */
export interface PingRejection {
  reason: RejectReason
  detail: string
  /** The message payload, or for one element of a batch that element's JSON. */
  payload: Uint8Array
  /** The vehicle or device refused, where the topic does not name it (the sources other than Masar's MQTT contract). */
  vehicleId?: string
}

export interface ParsedPositionMessage {
  pings: VehiclePing[]
  rejections: PingRejection[]
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true })
const utf8Encoder = new TextEncoder()

function refuseWhole(reason: RejectReason, detail: string, payload: Uint8Array): ParsedPositionMessage {
  return { pings: [], rejections: [{ reason, detail, payload }] }
}

function decodeJson(payload: Uint8Array): { ok: true; value: unknown } | { ok: false; detail: string } {
  try {
    return { ok: true, value: JSON.parse(utf8Decoder.decode(payload)) }
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message.slice(0, 200) : 'not JSON' }
  }
}

/**
 * Turns one MQTT message of the tracker contract into valid pings and rejections.
 * A single-ping message yields one of either; a batch yields one entry per element, so one bad element
 * never costs the good ones beside it. Never throws.
 */
export function parsePositionMessage(topic: string, payload: Uint8Array, limits: PingLimits): ParsedPositionMessage {
  const parsedTopic = parsePositionTopic(topic)
  if (!parsedTopic.ok) return refuseWhole(parsedTopic.reason, parsedTopic.detail, payload)
  const { kind, ...identity } = parsedTopic.value
  const sizeLimit = kind === 'position' ? limits.maxPingBytes : limits.maxBatchBytes
  if (payload.byteLength > sizeLimit) {
    return refuseWhole('payload_too_large', `${payload.byteLength} bytes is over the ${sizeLimit}-byte limit for /${kind}`, payload)
  }
  const decoded = decodeJson(payload)
  if (!decoded.ok) return refuseWhole('malformed_json', decoded.detail, payload)

  if (kind === 'position') {
    const check = checkPing(decoded.value, identity, limits)
    return check.ok ? { pings: [check.value], rejections: [] } : refuseWhole(check.reason, check.detail, payload)
  }
  if (!Array.isArray(decoded.value)) return refuseWhole('wrong_type', 'a /positions message must be a JSON array of pings', payload)
  if (decoded.value.length > limits.maxBatchPings) {
    return refuseWhole('payload_too_large', `${decoded.value.length} pings is over the ${limits.maxBatchPings}-ping limit for one batch`, payload)
  }
  const result: ParsedPositionMessage = { pings: [], rejections: [] }
  for (const element of decoded.value as unknown[]) {
    const check = checkPing(element, identity, limits)
    if (check.ok) result.pings.push(check.value)
    else result.rejections.push({ reason: check.reason, detail: check.detail, payload: utf8Encoder.encode(JSON.stringify(element) ?? 'undefined') })
  }
  return result
}
