import { OSMAND_PATH } from '@masar/model/telemetry/source-endpoints'
import { fixTimeMsOf, knotsFromMps, roundTo, type SimulatedFix } from './simulated-fix.js'

/**
 * The request a phone running Traccar Client (the OsmAnd protocol) sends for a fix: a GET on the listener's root
 * with the fix in the query, as Traccar's OsmAndProtocolDecoder reads it (traccar/traccar
 * src/main/java/org/traccar/protocol/OsmAndProtocolDecoder.java): `id` the device's unique id, `timestamp` in epoch
 * seconds (an integer under 2^31 is seconds, else milliseconds; ISO 8601 also accepted), `lat`/`lon` in degrees,
 * `speed` in knots, `bearing` in degrees, `accuracy` in metres. Masar adds the device's `token` when it has one.
 */
export interface OsmAndRequestOptions {
  /** The device's token (`?token=`); omitted when null. */
  token?: string | null
  /** `seconds` as Traccar Client writes it; `milliseconds` keeps the fix's sub-second part. */
  timestampUnit?: 'seconds' | 'milliseconds'
}

export interface HttpRequestSpec {
  method: 'GET' | 'POST'
  /** Path and query, to append to the gateway's base URL. */
  path: string
  headers: Record<string, string>
  body?: string
}

export function formatOsmAndRequest(fix: SimulatedFix, options: OsmAndRequestOptions = {}): HttpRequestSpec {
  const { ping } = fix
  const fixMs = fixTimeMsOf(ping)
  const query = new URLSearchParams({
    id: fix.vehicleId,
    timestamp: String(options.timestampUnit === 'milliseconds' ? Math.round(fixMs) : Math.floor(fixMs / 1000)),
    lat: String(ping.lat),
    lon: String(ping.lon),
  })
  if (ping.speed !== undefined) query.set('speed', String(roundTo(knotsFromMps(ping.speed), 3)))
  if (ping.bearing !== undefined) query.set('bearing', String(ping.bearing))
  if (ping.accuracy !== undefined) query.set('accuracy', String(ping.accuracy))
  if (options.token) query.set('token', options.token)
  return { method: 'GET', path: `${OSMAND_PATH}?${query.toString()}`, headers: {} }
}
