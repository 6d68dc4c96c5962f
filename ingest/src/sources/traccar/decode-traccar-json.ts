import { parseZonedIsoMs, toWireTimestamp } from '../fix-time.js'
import {
  FieldRefusal, asJsonObject, decodedFix, optionalJsonNumber, parseJsonBody, refusedBody, requiredJsonNumber,
} from '../source-fields.js'
import type { DecodedFixes, SourceFix } from '../source-fix.js'
import { toPingPayload } from './traccar-position.js'

/**
 * The body of Traccar's JSON forwarder (forward.type=json, PositionForwarderJson) and the payload of its MQTT
 * forwarder (forward.type=mqtt, the same PositionData): `{position: Position, device: Device}` as Traccar's Jackson
 * writes them. The device is named by `device.uniqueId` (the tracker's own id; `position.deviceId` is Traccar's
 * database key). fixTime is ISO 8601 (Jackson's date format, `+0000` or `+00:00`), or epoch milliseconds if a
 * Traccar is configured to write dates as numbers. Never throws.
 */
export function decodeTraccarJson(body: Uint8Array): DecodedFixes {
  const root = parseJsonBody(body)
  if (root instanceof FieldRefusal) return refusedBody(root, body)
  const fix = readPositionData(root)
  if (fix instanceof FieldRefusal) return refusedBody(fix, body, uniqueIdOf(root))
  return decodedFix(fix)
}

function readPositionData(root: unknown): SourceFix | FieldRefusal {
  const fields = asJsonObject(root)
  if (!fields) return new FieldRefusal('wrong_type', `the body must be a JSON object {position, device}, got ${Array.isArray(root) ? 'an array' : typeof root}`)
  const device = readUniqueId(fields.device)
  if (device instanceof FieldRefusal) return device
  if (fields.position === undefined || fields.position === null) return new FieldRefusal('missing_field', 'position is required')
  const position = asJsonObject(fields.position)
  if (!position) return new FieldRefusal('wrong_type', 'position must be an object')
  const ts = readFixTime(position.fixTime)
  if (ts instanceof FieldRefusal) return ts
  const lat = requiredJsonNumber(position.latitude, 'position.latitude')
  if (lat instanceof FieldRefusal) return lat
  const lon = requiredJsonNumber(position.longitude, 'position.longitude')
  if (lon instanceof FieldRefusal) return lon
  const speedKnots = optionalJsonNumber(position.speed, 'position.speed')
  if (speedKnots instanceof FieldRefusal) return speedKnots
  const courseDeg = optionalJsonNumber(position.course, 'position.course')
  if (courseDeg instanceof FieldRefusal) return courseDeg
  const accuracyM = optionalJsonNumber(position.accuracy, 'position.accuracy')
  if (accuracyM instanceof FieldRefusal) return accuracyM
  const attributes = asJsonObject(position.attributes)
  return { device, payload: toPingPayload({ ts, lat, lon, speedKnots, courseDeg, accuracyM, attributes }) }
}

function readUniqueId(value: unknown): string | FieldRefusal {
  if (value === undefined || value === null) return new FieldRefusal('missing_field', 'device is required (its uniqueId names the tracker)')
  const device = asJsonObject(value)
  if (!device) return new FieldRefusal('wrong_type', 'device must be an object')
  const uniqueId = device.uniqueId
  if (uniqueId === undefined || uniqueId === null) return new FieldRefusal('missing_field', 'device.uniqueId is required')
  if (typeof uniqueId !== 'string') return new FieldRefusal('wrong_type', 'device.uniqueId must be a string')
  if (uniqueId.trim() === '') return new FieldRefusal('missing_field', 'device.uniqueId is empty')
  return uniqueId
}

function readFixTime(value: unknown): string | FieldRefusal {
  if (value === undefined || value === null) return new FieldRefusal('missing_field', 'position.fixTime is required')
  if (typeof value === 'number') return toWireTimestamp(value, 'position.fixTime')
  if (typeof value !== 'string') return new FieldRefusal('wrong_type', 'position.fixTime must be an ISO 8601 string')
  const ms = parseZonedIsoMs(value)
  if (ms === undefined) return new FieldRefusal('invalid_timestamp', `position.fixTime "${value.slice(0, 40)}" is not ISO 8601 with an offset`)
  return toWireTimestamp(ms, 'position.fixTime')
}

function uniqueIdOf(root: unknown): string | undefined {
  const uniqueId = asJsonObject(asJsonObject(root)?.device)?.uniqueId
  return typeof uniqueId === 'string' && uniqueId !== '' ? uniqueId : undefined
}
