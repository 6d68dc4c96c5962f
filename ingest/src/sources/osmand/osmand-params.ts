import type { PingPayload } from '@masar/model/telemetry/ping'
import { toWireTimestamp } from '../fix-time.js'
import { FieldRefusal, optionalDecimalText, parseDecimalText } from '../source-fields.js'
import type { SourceFix } from '../source-fix.js'
import { knotsToMetresPerSecond } from '../units.js'
import { parseOsmAndTimestamp } from './osmand-timestamp.js'

/**
 * One OsmAnd fix from its query or form parameters, as Traccar's OsmAndProtocolDecoder reads them:
 * id|deviceid, lat + lon (or location=lat,lon), timestamp, speed (knots), bearing|heading (degrees), accuracy (m),
 * odometer (m: Traccar keeps it as its `odometer` attribute, metres). Everything else (altitude, hdop, batt, charge,
 * cell, wifi, valid, driverUniqueId, custom attributes) has no place in Masar's ping and is dropped; hdop is not
 * metres, so it is not taken for accuracy.
 *
 * Where Traccar fills a gap (no timestamp: the receive time; no position: the device's last one) Masar refuses
 * (missing_field): a decoder has neither, and an invented fix time would mislead every prediction.
 */
export function decodeOsmAndParams(params: Map<string, string>): SourceFix | FieldRefusal {
  const device = params.get('id') ?? params.get('deviceid')
  if (device === undefined || device.trim() === '') return new FieldRefusal('missing_field', 'id (or deviceid) is required')
  const position = readPosition(params)
  if (position instanceof FieldRefusal) return position
  const timestamp = params.get('timestamp')
  if (timestamp === undefined) return new FieldRefusal('missing_field', 'timestamp is required')
  const fixMs = parseOsmAndTimestamp(timestamp)
  if (fixMs instanceof FieldRefusal) return fixMs
  const ts = toWireTimestamp(fixMs, 'timestamp')
  if (ts instanceof FieldRefusal) return ts
  const payload: PingPayload = { ts, lat: position.lat, lon: position.lon }
  const speedKnots = optionalDecimalText(params.get('speed'), 'speed')
  if (speedKnots instanceof FieldRefusal) return speedKnots
  if (speedKnots !== undefined) payload.speed = knotsToMetresPerSecond(speedKnots)
  const bearing = optionalDecimalText(params.get('bearing') ?? params.get('heading'), 'bearing')
  if (bearing instanceof FieldRefusal) return bearing
  if (bearing !== undefined) payload.bearing = bearing
  const accuracy = optionalDecimalText(params.get('accuracy'), 'accuracy')
  if (accuracy instanceof FieldRefusal) return accuracy
  if (accuracy !== undefined) payload.accuracy = accuracy
  const odometer = optionalDecimalText(params.get('odometer'), 'odometer')
  if (odometer instanceof FieldRefusal) return odometer
  if (odometer !== undefined) payload.odometer = odometer
  return { device, payload }
}

function readPosition(params: Map<string, string>): { lat: number; lon: number } | FieldRefusal {
  let latText = params.get('lat')
  let lonText = params.get('lon')
  const location = params.get('location')
  if ((latText === undefined || lonText === undefined) && location !== undefined) {
    const parts = location.split(',')
    if (parts.length < 2) return new FieldRefusal('wrong_type', `location "${location.slice(0, 40)}" is not "lat,lon"`)
    ;[latText, lonText] = parts
  }
  if (latText === undefined) return new FieldRefusal('missing_field', 'lat (or location) is required')
  if (lonText === undefined) return new FieldRefusal('missing_field', 'lon (or location) is required')
  const lat = parseDecimalText(latText, 'lat')
  if (lat instanceof FieldRefusal) return lat
  const lon = parseDecimalText(lonText, 'lon')
  if (lon instanceof FieldRefusal) return lon
  return { lat, lon }
}
