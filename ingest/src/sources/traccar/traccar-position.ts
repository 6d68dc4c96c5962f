import type { PingPayload } from '@masar/model/telemetry/ping'
import { FieldRefusal } from '../source-fields.js'
import { knotsToMetresPerSecond } from '../units.js'

/** A Traccar position's fields in Traccar's own units, once read from the JSON or the URL. */
export interface TraccarPositionFields {
  ts: string
  lat: number
  lon: number
  speedKnots: number | undefined
  courseDeg: number | undefined
  accuracyM: number | undefined
  /** Position.attributes, when sent. */
  attributes: Record<string, unknown> | undefined
}

/**
 * Masar's ping from a Traccar position. Speed: knots → m/s. Course → bearing. Accuracy 0 is Traccar's "not set" (a
 * Java double's default) and is left out. Odometer: the `odometer` attribute (Position.KEY_ODOMETER, metres) when it
 * is a number. Altitude, address, network, geofences and the other attributes have no place in the ping.
 */
export function toPingPayload(position: TraccarPositionFields): PingPayload {
  const payload: PingPayload = { ts: position.ts, lat: position.lat, lon: position.lon }
  if (position.speedKnots !== undefined) payload.speed = knotsToMetresPerSecond(position.speedKnots)
  if (position.courseDeg !== undefined) payload.bearing = position.courseDeg
  if (position.accuracyM !== undefined && position.accuracyM !== 0) payload.accuracy = position.accuracyM
  const odometer = position.attributes?.odometer
  if (typeof odometer === 'number' && Number.isFinite(odometer)) payload.odometer = odometer
  return payload
}

/** The `{attributes}` of Traccar's URL forwarder: the attributes map as JSON. */
export function parseAttributesJson(text: string): Record<string, unknown> | FieldRefusal {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return new FieldRefusal('malformed_body', `attributes "${text.slice(0, 40)}" is not JSON`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return new FieldRefusal('wrong_type', 'attributes must be a JSON object')
  return value as Record<string, unknown>
}
