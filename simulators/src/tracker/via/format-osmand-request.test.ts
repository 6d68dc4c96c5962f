import { describe, expect, it } from 'vitest'
import { formatOsmAndRequest } from './format-osmand-request.js'
import { MPS_PER_KNOT } from './simulated-fix.js'

// Real OsmAnd requests, as Traccar's own decoder test sends them (traccar/traccar
// src/test/java/org/traccar/protocol/OsmAndProtocolDecoderTest.java, testDecodeQuery), written out by hand.
const TRACCAR_REQUESTS = [
  '/?id=123456&timestamp=1377177267&lat=60.0&lon=30.0&speed=0.0&bearing=0.0&altitude=0&hdop=0.0',
  '/?id=123456789012345&timestamp=1504763810&lat=40.7232948571&lon=-74.0061408571&bearing=7.19889788244&speed=40&ignition=true&rpm=933&fuel=24',
]
/** The query keys OsmAndProtocolDecoder.decodeQuery gives a meaning (others become attributes). */
const KNOWN_KEYS = new Set(['id', 'deviceid', 'valid', 'timestamp', 'lat', 'lon', 'location', 'cell', 'wifi', 'speed', 'bearing', 'heading', 'altitude', 'accuracy', 'hdop', 'batt', 'driverUniqueId', 'charge'])

/** What Traccar reads from a query (decodeQuery): a timestamp under 2^31 is seconds, else ms; speed in knots. */
function readAsTraccar(path: string) {
  const query = new URL(path, 'http://gateway').searchParams
  const timestamp = Number(query.get('timestamp'))
  return {
    id: query.get('id'),
    fixMs: timestamp < 2 ** 31 - 1 ? timestamp * 1000 : timestamp,
    lat: Number(query.get('lat')), lon: Number(query.get('lon')),
    speedKnots: Number(query.get('speed')), courseDeg: Number(query.get('bearing')),
    accuracyM: query.has('accuracy') ? Number(query.get('accuracy')) : null,
  }
}

describe('formatOsmAndRequest', () => {
  const fix = { vehicleId: 'bus-0001', ping: { ts: '2026-12-07T08:15:30.250Z', lat: 31.953949, lon: 35.910635, speed: 10.5, bearing: 271.3, accuracy: 4.2, odometer: 120_345, seq: 7 } }

  it('writes the query Traccar Client sends: id, timestamp in epoch seconds, lat, lon, speed in knots, bearing, accuracy', () => {
    const request = formatOsmAndRequest(fix)
    expect(request.method).toBe('GET')
    expect(request.path).toBe('/?id=bus-0001&timestamp=1796631330&lat=31.953949&lon=35.910635&speed=20.41&bearing=271.3&accuracy=4.2')
    const read = readAsTraccar(request.path)
    expect(read).toMatchObject({ id: 'bus-0001', fixMs: 1796631330_000, lat: 31.953949, lon: 35.910635, courseDeg: 271.3, accuracyM: 4.2 })
    expect(read.speedKnots * MPS_PER_KNOT).toBeCloseTo(10.5, 3)
  })

  it('uses only the keys Traccar\'s decoder knows, as its own test requests do, and reads the same way', () => {
    const keys = [...new URL(formatOsmAndRequest(fix).path, 'http://gateway').searchParams.keys()]
    expect(keys.filter((key) => !KNOWN_KEYS.has(key))).toEqual([])
    for (const request of TRACCAR_REQUESTS) expect(readAsTraccar(request).fixMs).toBeLessThan(Date.UTC(2018, 0)) // seconds read as seconds
    expect(readAsTraccar(TRACCAR_REQUESTS[0]!)).toMatchObject({ id: '123456', fixMs: 1377177267_000, lat: 60, lon: 30, speedKnots: 0 })
  })

  it('adds the device token, keeps milliseconds when asked, leaves out what the fix lacks, and encodes ids', () => {
    const bare = { vehicleId: 'bus 7/a', ping: { ts: 1796631330250, lat: -1.5, lon: 2 } }
    const path = formatOsmAndRequest(bare, { token: 't0k+n=', timestampUnit: 'milliseconds' }).path
    expect(path).toBe('/?id=bus+7%2Fa&timestamp=1796631330250&lat=-1.5&lon=2&token=t0k%2Bn%3D')
    expect(readAsTraccar(path).fixMs).toBe(1796631330250)
  })
})
