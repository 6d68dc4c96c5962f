import { parseZonedIsoMs, toWireTimestamp } from '../fix-time.js'
import { readFixParams } from '../form-params.js'
import type { HttpFixRequest } from '../http-fix-request.js'
import { FieldRefusal, decodedFix, optionalDecimalText, parseDecimalText, refusedBody } from '../source-fields.js'
import type { DecodedFixes, SourceFix } from '../source-fix.js'
import { parseAttributesJson, toPingPayload } from './traccar-position.js'

const EPOCH_MS = /^\d{1,16}$/

/**
 * A request from Traccar's URL forwarder (forward.type=url, PositionForwarderUrl) with Masar's TRACCAR_URL_QUERY:
 * id={uniqueId} (not URL-encoded by Traccar), fixTime = epoch milliseconds, lat/lon/speed/course/accuracy/altitude
 * as Java's Double.toString writes them (`5.0E-4` for small values), speed in knots, accuracy 0.0 when not set,
 * attributes = the position's attributes as URL-encoded JSON. Traccar sends a GET; a form POST is read the same way.
 * Never throws.
 */
export function decodeTraccarUrl(request: HttpFixRequest): DecodedFixes {
  const read = readFixParams(request)
  if (read instanceof FieldRefusal) return refusedBody(read, request.body)
  const fix = readForwardedFix(read.params)
  if (fix instanceof FieldRefusal) {
    const device = read.params.get('id')
    return refusedBody(fix, read.raw, device === '' ? undefined : device)
  }
  return decodedFix(fix)
}

function readForwardedFix(params: Map<string, string>): SourceFix | FieldRefusal {
  const device = params.get('id')
  if (device === undefined || device.trim() === '') return new FieldRefusal('missing_field', 'id (Traccar\'s {uniqueId}) is required')
  const ts = readFixTime(params.get('fixTime'))
  if (ts instanceof FieldRefusal) return ts
  const latText = params.get('lat')
  if (latText === undefined) return new FieldRefusal('missing_field', 'lat is required')
  const lat = parseDecimalText(latText, 'lat')
  if (lat instanceof FieldRefusal) return lat
  const lonText = params.get('lon')
  if (lonText === undefined) return new FieldRefusal('missing_field', 'lon is required')
  const lon = parseDecimalText(lonText, 'lon')
  if (lon instanceof FieldRefusal) return lon
  const speedKnots = optionalDecimalText(params.get('speed'), 'speed')
  if (speedKnots instanceof FieldRefusal) return speedKnots
  const courseDeg = optionalDecimalText(params.get('course'), 'course')
  if (courseDeg instanceof FieldRefusal) return courseDeg
  const accuracyM = optionalDecimalText(params.get('accuracy'), 'accuracy')
  if (accuracyM instanceof FieldRefusal) return accuracyM
  const attributesText = params.get('attributes')
  const attributes = attributesText === undefined ? undefined : parseAttributesJson(attributesText)
  if (attributes instanceof FieldRefusal) return attributes
  return { device, payload: toPingPayload({ ts, lat, lon, speedKnots, courseDeg, accuracyM, attributes }) }
}

/** {fixTime} is epoch milliseconds (String.valueOf(Date.getTime())); ISO 8601 with an offset is read too. */
function readFixTime(text: string | undefined): string | FieldRefusal {
  if (text === undefined) return new FieldRefusal('missing_field', 'fixTime is required')
  const trimmed = text.trim()
  const ms = EPOCH_MS.test(trimmed) ? Number(trimmed) : parseZonedIsoMs(trimmed)
  if (ms === undefined) return new FieldRefusal('invalid_timestamp', `fixTime "${text.slice(0, 40)}" is neither epoch milliseconds nor ISO 8601 with an offset`)
  return toWireTimestamp(ms, 'fixTime')
}
