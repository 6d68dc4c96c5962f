import { buildGtfsRtFeed, encodeGtfsRtFeed } from '@masar/simulators/tracker/via/build-gtfs-rt-feed'
import { formatOsmAndRequest } from '@masar/simulators/tracker/via/format-osmand-request'
import { formatTraccarUrl } from '@masar/simulators/tracker/via/format-traccar-url'
import type { SimulatedFix } from '@masar/simulators/tracker/via/simulated-fix'
import { formatTraccarJson, toTraccarPositionData } from '@masar/simulators/tracker/via/traccar-position-data'
import type { PingPayload } from '@masar/model/telemetry/ping'
import { traccarForwardUrl } from '@masar/model/telemetry/source-endpoints'
import { describe, expect, it } from 'vitest'
import { decodeGtfsRtVehiclePositions } from './feeds/gtfs-rt-vehicle-positions.js'
import type { HttpFixRequest } from './http-fix-request.js'
import { httpSourceDecoders } from './http-source-decoders.js'
import type { DecodedFixes } from './source-fix.js'

/**
 * Round trips: what the simulator sends for a fix by each source (`npm run sim -- --via …`, its encoders written from
 * Traccar's sources) reads back through the gateway's decoders as the same fix. Here, not in the simulators, because
 * ingest depends on the simulators and not the other way round.
 */
const fixes: SimulatedFix[] = [
  { vehicleId: 'bus-0042', ping: { ts: 1796631330250, lat: 31.953949, lon: 35.910635, speed: 10.5, bearing: 271.3, accuracy: 4.2, odometer: 120_345, seq: 7 } },
  { vehicleId: 'bus-0001', ping: { ts: '2026-12-07T08:15:30.000Z', lat: -1.5, lon: 2, speed: 0, bearing: 0, accuracy: 12 } },
]
const encoder = new TextEncoder()
const queryOf = (url: string) => Object.fromEntries(new URL(url, 'http://gateway').searchParams)
const getRequest = (url: string): HttpFixRequest => ({ method: 'GET', query: queryOf(url), contentType: undefined, body: new Uint8Array() })

function onlyFix(decoded: DecodedFixes) {
  expect(decoded.rejections).toEqual([])
  expect(decoded.fixes).toHaveLength(1)
  return decoded.fixes[0]!
}

/** The same fix: time to `timePrecisionMs`, speed through knots, the fields the source carries. */
function expectSameFix(decoded: { device: string; payload: PingPayload }, fix: SimulatedFix, timePrecisionMs: number, fields: Array<keyof PingPayload>) {
  expect(decoded.device).toBe(fix.vehicleId)
  const msOf = (ts: string | number) => (typeof ts === 'number' ? ts : Date.parse(ts))
  expect(Math.abs(msOf(decoded.payload.ts) - Math.floor(msOf(fix.ping.ts) / timePrecisionMs) * timePrecisionMs)).toBe(0)
  expect(decoded.payload.lat).toBe(fix.ping.lat)
  expect(decoded.payload.lon).toBe(fix.ping.lon)
  for (const field of fields) {
    if (field === 'speed') expect(decoded.payload.speed).toBeCloseTo(fix.ping.speed!, 2)
    else expect(decoded.payload[field], field).toEqual(fix.ping[field])
  }
}

describe.each(fixes)('the simulator\'s sources read back by the gateway\'s decoders ($vehicleId)', (fix) => {
  const traccar = toTraccarPositionData(fix, { positionId: 9, deviceId: 42, serverTimeMs: 1796631331000 })

  it('osmand: the query Traccar Client sends (time in seconds)', () => {
    const request = formatOsmAndRequest(fix, { token: 'tok' })
    expectSameFix(onlyFix(httpSourceDecoders.osmand(getRequest(request.path))), fix, 1000, ['speed', 'bearing', 'accuracy'])
  })

  it('osmand: with milliseconds', () => {
    const request = formatOsmAndRequest(fix, { timestampUnit: 'milliseconds' })
    expectSameFix(onlyFix(httpSourceDecoders.osmand(getRequest(request.path))), fix, 1, ['speed', 'bearing', 'accuracy'])
  })

  it('traccar-json and traccar-mqtt: {position, device}', () => {
    const body = encoder.encode(formatTraccarJson(traccar))
    const fields: Array<keyof PingPayload> = ['speed', 'bearing', 'accuracy', ...(fix.ping.odometer === undefined ? [] : ['odometer' as const])]
    expectSameFix(onlyFix(httpSourceDecoders.traccarJson(body)), fix, 1, fields)
    expectSameFix(onlyFix(httpSourceDecoders.traccarMqtt(body)), fix, 1, fields)
  })

  it('traccar-url: Masar\'s forward.url as Traccar fills it', () => {
    const url = formatTraccarUrl(traccarForwardUrl('http://gateway:5055', 'k'), traccar)
    const fields: Array<keyof PingPayload> = ['speed', 'bearing', 'accuracy', ...(fix.ping.odometer === undefined ? [] : ['odometer' as const])]
    expectSameFix(onlyFix(httpSourceDecoders.traccarUrl(getRequest(url))), fix, 1, fields)
  })
})

describe('the simulator\'s GTFS-RT feed read back by the feed decoder', () => {
  it('gives every vehicle\'s fix (time in seconds)', () => {
    const decoded = decodeGtfsRtVehiclePositions(encodeGtfsRtFeed(buildGtfsRtFeed(fixes, 1796631335000)))
    expect(decoded.rejections).toEqual([])
    expect(decoded.feedTimestampMs).toBe(1796631335000)
    const byDevice = new Map(decoded.fixes.map((f) => [f.device, f]))
    for (const fix of fixes) {
      const read = byDevice.get(fix.vehicleId)!
      expectSameFix({ ...read, payload: { ...read.payload, lat: fix.ping.lat, lon: fix.ping.lon } }, fix, 1000, [])
      expect(read.payload.lat).toBeCloseTo(fix.ping.lat, 5) // float32 in GTFS-RT
      expect(read.payload.lon).toBeCloseTo(fix.ping.lon, 5)
      expect(read.payload.speed).toBeCloseTo(fix.ping.speed!, 4)
      expect(read.payload.bearing).toBeCloseTo(fix.ping.bearing!, 4)
      expect(read.payload.odometer).toBe(fix.ping.odometer) // a double in GTFS-RT
    }
  })
})
