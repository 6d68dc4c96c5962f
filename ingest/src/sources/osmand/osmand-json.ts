import type { PingPayload } from '@masar/model/telemetry/ping'
import { parseZonedIsoMs, toWireTimestamp } from '../fix-time.js'
import { FieldRefusal, asJsonObject, optionalJsonNumber, requiredJsonNumber } from '../source-fields.js'
import type { SourceFix } from '../source-fix.js'

/**
 * One fix from the JSON the Traccar Client apps POST (their background-geolocation plugin's location), as Traccar's
 * OsmAndProtocolDecoder reads it: `{device_id, location: {timestamp, coords: {latitude, longitude, speed, heading,
 * accuracy, altitude}, odometer, is_moving, battery, activity, extras …}}`. Speed here is m/s already (Traccar
 * converts it to knots; Masar keeps it); a negative speed, heading or accuracy is the plugin's "unknown" (-1) and is
 * left out. odometer is metres. altitude, battery, activity, event, extras, mock have no place in Masar's ping.
 */
export function decodeTraccarClientJson(root: unknown): SourceFix | FieldRefusal {
  const fields = asJsonObject(root)
  if (!fields) return new FieldRefusal('wrong_type', `the body must be a JSON object, got ${Array.isArray(root) ? 'an array' : typeof root}`)
  const device = fields.device_id
  if (device === undefined || device === null) return new FieldRefusal('missing_field', 'device_id is required')
  if (typeof device !== 'string') return new FieldRefusal('wrong_type', 'device_id must be a string')
  if (device.trim() === '') return new FieldRefusal('missing_field', 'device_id is empty')
  const fix = readLocation(fields.location)
  return fix instanceof FieldRefusal ? fix : { device, payload: fix }
}

function readLocation(value: unknown): PingPayload | FieldRefusal {
  if (value === undefined || value === null) return new FieldRefusal('missing_field', 'location is required')
  const location = asJsonObject(value)
  if (!location) return new FieldRefusal('wrong_type', 'location must be an object')
  const ts = readTimestamp(location.timestamp)
  if (ts instanceof FieldRefusal) return ts
  if (location.coords === undefined || location.coords === null) return new FieldRefusal('missing_field', 'location.coords is required')
  const coords = asJsonObject(location.coords)
  if (!coords) return new FieldRefusal('wrong_type', 'location.coords must be an object')
  const lat = requiredJsonNumber(coords.latitude, 'location.coords.latitude')
  if (lat instanceof FieldRefusal) return lat
  const lon = requiredJsonNumber(coords.longitude, 'location.coords.longitude')
  if (lon instanceof FieldRefusal) return lon
  const payload: PingPayload = { ts, lat, lon }
  const known = [
    ['speed', coords.speed, 'location.coords.speed'],
    ['bearing', coords.heading, 'location.coords.heading'],
    ['accuracy', coords.accuracy, 'location.coords.accuracy'],
    ['odometer', location.odometer, 'location.odometer'],
  ] as const
  for (const [field, raw, name] of known) {
    const number = optionalJsonNumber(raw, name)
    if (number instanceof FieldRefusal) return number
    if (number !== undefined && number >= 0) payload[field] = number
  }
  return payload
}

function readTimestamp(value: unknown): string | FieldRefusal {
  if (value === undefined || value === null) return new FieldRefusal('missing_field', 'location.timestamp is required')
  if (typeof value !== 'string') return new FieldRefusal('wrong_type', 'location.timestamp must be an ISO 8601 string')
  const ms = parseZonedIsoMs(value)
  if (ms === undefined) return new FieldRefusal('invalid_timestamp', `location.timestamp "${value.slice(0, 40)}" is not ISO 8601 with an offset`)
  return toWireTimestamp(ms, 'location.timestamp')
}
