import { describe, expect, it } from 'vitest'
import { HOSTILE_BODIES, getRequest, postRequest } from '../../testing/http-fix-requests.js'
import type { DecodedFixes } from '../source-fix.js'
import { decodeOsmAnd } from './decode-osmand.js'

const KNOT_MPS = 0.514444

function onlyFix(decoded: DecodedFixes) {
  expect(decoded.rejections).toEqual([])
  expect(decoded.fixes).toHaveLength(1)
  return decoded.fixes[0]!
}

function onlyRejection(decoded: DecodedFixes) {
  expect(decoded.fixes).toEqual([])
  expect(decoded.rejections).toHaveLength(1)
  return decoded.rejections[0]!
}

// The requests of traccar/traccar src/test/java/org/traccar/protocol/OsmAndProtocolDecoderTest.java, testDecodeQuery
// (commit 9e5c458), written out by hand.
describe('decodeOsmAnd: query parameters (Traccar’s OsmAndProtocolDecoderTest)', () => {
  it('reads ISO 8601 timestamps, knots and drops hdop/altitude', () => {
    const fix = onlyFix(decodeOsmAnd(getRequest('/?id=902064&lat=42.06288&lon=-88.23412&timestamp=2016-01-27T18%3A55%3A47Z&hdop=6.0&altitude=224.0&speed=0.0')))
    expect(fix).toEqual({ device: '902064', payload: { ts: '2016-01-27T18:55:47.000Z', lat: 42.06288, lon: -88.23412, speed: 0 } })
  })

  it('reads an epoch-milliseconds timestamp', () => {
    const fix = onlyFix(decodeOsmAnd(getRequest('/?id=902064&lat=42.06288&lon=-88.23412&timestamp=1442068686579&hdop=6.0&altitude=224.0&speed=0.0')))
    expect(fix.payload.ts).toBe(new Date(1442068686579).toISOString())
  })

  it('reads an epoch-seconds timestamp (below 2^31 - 1, as Traccar decides)', () => {
    const fix = onlyFix(decodeOsmAnd(getRequest('/?id=123456&timestamp=1377177267&lat=60.0&lon=30.0&speed=0.0&bearing=0.0&altitude=0&hdop=0.0')))
    expect(fix).toEqual({ device: '123456', payload: { ts: '2013-08-22T13:14:27.000Z', lat: 60, lon: 30, speed: 0, bearing: 0 } })
    expect(onlyFix(decodeOsmAnd(getRequest('/?id=123456&timestamp=1377177267&lat=60.0&lon=30.0'))).payload).toEqual({ ts: '2013-08-22T13:14:27.000Z', lat: 60, lon: 30 })
  })

  it('reads "yyyy-MM-dd HH:mm:ss" (form-encoded space) as UTC, with the id last', () => {
    const fix = onlyFix(decodeOsmAnd(getRequest('/?lat=49.60688&lon=6.15788&timestamp=2014-06-04+09%3A10%3A11&altitude=384.7&speed=0.0&id=353861053849681')))
    expect(fix).toEqual({ device: '353861053849681', payload: { ts: '2014-06-04T09:10:11.000Z', lat: 49.60688, lon: 6.15788, speed: 0 } })
  })

  it('reads location=lat,lon', () => {
    const fix = onlyFix(decodeOsmAnd(getRequest('/?id=123456&timestamp=1377177267&location=60.0,30.0')))
    expect(fix.payload).toEqual({ ts: '2013-08-22T13:14:27.000Z', lat: 60, lon: 30 })
  })

  it('converts speed from knots and keeps bearing; ignition, rpm and fuel are dropped', () => {
    const fix = onlyFix(decodeOsmAnd(getRequest('/?id=123456789012345&timestamp=1504763810&lat=40.7232948571&lon=-74.0061408571&bearing=7.19889788244&speed=40&ignition=true&rpm=933&fuel=24')))
    expect(fix.device).toBe('123456789012345')
    expect(fix.payload).toEqual({ ts: '2017-09-07T05:56:50.000Z', lat: 40.7232948571, lon: -74.0061408571, bearing: 7.19889788244, speed: expect.closeTo(40 * KNOT_MPS, 4) })
  })

  it('refuses a fix without a position (Traccar would fall back to the last one): missing_field, device named', () => {
    const rejection = onlyRejection(decodeOsmAnd(getRequest('/?id=123456&timestamp=1377177267&cell=257,02,16,2224&cell=257,02,16,2223,-90&wifi=00-14-22-01-23-45,-80&wifi=00-1C-B3-09-85-15,-70')))
    expect(rejection).toMatchObject({ reason: 'missing_field', device: '123456' })
    expect(new TextDecoder().decode(rejection.payload)).toContain('id=123456')
  })

  it('refuses a fix without an id (Traccar answers 400)', () => {
    const rejection = onlyRejection(decodeOsmAnd(getRequest('/?timestamp=1377177267&lat=60.0&lon=30.0')))
    expect(rejection.reason).toBe('missing_field')
    expect(rejection.device).toBeUndefined()
  })

  it('refuses a fix without a timestamp (Traccar would stamp the receive time)', () => {
    for (const uri of [
      '/?lat=60.0&lon=30.0&speed=0.0&heading=0.0&vacc=0&hacc=0&altitude=0&deviceid=123456',
      '/?id=861001000719969&lat=41.666667&lon=-0.883333&altitude=350.059479&speed=0.000000&batt=87',
    ]) {
      const rejection = onlyRejection(decodeOsmAnd(getRequest(uri)))
      expect(rejection.reason).toBe('missing_field')
      expect(rejection.detail).toContain('timestamp')
    }
  })
})

// The form the Traccar Client apps POST by default: traccar/traccar-client-sdk
// core/src/commonMain/kotlin/org/traccar/client/HttpUploader.kt (commit c74aba6): id, lat, lon, timestamp in epoch
// seconds, accuracy, altitude, speed in knots (m/s × 1.94384, two decimals), bearing, batt, charge.
describe('decodeOsmAnd: form body (Traccar Client)', () => {
  const form = 'id=48241179&lat=31.9539&lon=35.9106&timestamp=1772432100&accuracy=4.8&altitude=812.3&speed=23.33&bearing=271.5&batt=87.0&charge=false'

  it('reads the body when the query holds only the gateway’s token', () => {
    const fix = onlyFix(decodeOsmAnd(postRequest('/?token=s3cret', 'application/x-www-form-urlencoded', form)))
    expect(fix).toEqual({
      device: '48241179',
      payload: { ts: new Date(1772432100 * 1000).toISOString(), lat: 31.9539, lon: 35.9106, accuracy: 4.8, speed: expect.closeTo(23.33 * KNOT_MPS, 4), bearing: 271.5 },
    })
    expect(fix.payload.speed).toBeCloseTo(12.0, 1) // the phone's 12 m/s, back from knots
  })

  it('never takes token or key for a field, nor keeps them in a dead letter', () => {
    const rejection = onlyRejection(decodeOsmAnd(getRequest('/?token=s3cret&key=k3y&id=7&lat=1.5')))
    expect(rejection.reason).toBe('missing_field')
    const kept = new TextDecoder().decode(rejection.payload)
    expect(kept).not.toContain('s3cret')
    expect(kept).not.toContain('k3y')
  })

  it('refuses a body that is not a form: malformed_body', () => {
    for (const body of ['{"id":"1","lat":1,"lon":2}', '<html><body>hi</body></html>', 'id=1&lat=%zz']) {
      expect(onlyRejection(decodeOsmAnd(postRequest('/', 'application/x-www-form-urlencoded', body))).reason).toBe('malformed_body')
    }
  })

  it('refuses numbers that are not numbers: wrong_type', () => {
    for (const [name, value] of [['lat', 'north'], ['lon', 'NaN'], ['speed', 'fast'], ['bearing', '1,5'], ['location', '60.0']]) {
      const base = new URLSearchParams({ id: '7', lat: '60.0', lon: '30.0', timestamp: '1377177267' })
      if (name === 'location') { base.delete('lat'); base.delete('lon') }
      base.set(name!, value!)
      expect(onlyRejection(decodeOsmAnd(getRequest(`/?${base}`)))).toMatchObject({ reason: 'wrong_type', device: '7' })
    }
  })

  it('refuses unreadable times: invalid_timestamp', () => {
    for (const timestamp of ['yesterday', '2016-01-27T18:55:47', '2016-02-30 10:00:00', '1377177267.5', '2016-01-27T25:00:00Z']) {
      expect(onlyRejection(decodeOsmAnd(getRequest(`/?id=7&lat=60&lon=30&timestamp=${encodeURIComponent(timestamp)}`))).reason).toBe('invalid_timestamp')
    }
  })

  it('passes values through for the ping contract to judge (lat out of range, null island, negative speed)', () => {
    const fix = onlyFix(decodeOsmAnd(getRequest('/?id=7&lat=123.4&lon=0&timestamp=1377177267&speed=-1')))
    expect(fix.payload).toMatchObject({ lat: 123.4, lon: 0, speed: expect.closeTo(-KNOT_MPS, 6) })
  })
})

// traccar/traccar OsmAndProtocolDecoderTest.java testDecodeJson (commit 9e5c458): the Traccar Client apps' JSON.
describe('decodeOsmAnd: Traccar Client JSON', () => {
  const json = 'application/json'
  const android = '{"location":{"timestamp":"2025-06-15T13:45:12.862Z","coords":{"latitude":37.4219983,"longitude":-122.084,"accuracy":5,"speed":0,"heading":-1,"altitude":5},"is_moving":false,"odometer":0,"event":"motionchange","battery":{"level":1,"is_charging":false},"activity":{"type":"still"},"extras":{},"_":"&id=48241179&lat=37.4219983&lon=-122.084&timestamp=2025-06-15T13:45:12.862Z&"},"device_id":"48241179"}'
  const ios = '{"location":{"extras":{},"mock":true,"coords":{"speed_accuracy":-1,"speed":-1,"longitude":-122.406417,"ellipsoidal_altitude":0,"floor":null,"heading_accuracy":-1,"latitude":37.785834000000001,"accuracy":5,"altitude_accuracy":-1,"altitude":0,"heading":-1},"is_moving":false,"age":188,"odometer":0,"uuid":"2FB04C65-99CF-42AB-8DD3-EBCB4B108BF8","event":"motionchange","battery":{"level":-1,"is_charging":false},"activity":{"type":"unknown","confidence":100},"timestamp":"2025-05-09T04:11:30.579Z"},"device_id":"658765"}'
  const moving = '{"location":{"event":"motionchange","is_moving":false,"uuid":"0e9a2473-a9a7-4c00-997b-fb97d2154e75","timestamp":"2021-07-21T08:06:34.444Z","odometer":0,"coords":{"latitude":-6.1148096,"longitude":106.6837015,"accuracy":3.8,"speed":18.67,"speed_accuracy":0.26,"heading":63,"heading_accuracy":0.28,"altitude":35.7,"altitude_accuracy":3.8},"activity":{"type":"still","confidence":100},"battery":{"is_charging":false,"level":0.79},"extras":{}},"device_id":"8737767034"}'

  it('reads the Android app’s fix; heading -1 is unknown', () => {
    expect(onlyFix(decodeOsmAnd(postRequest('/', json, android)))).toEqual({
      device: '48241179', payload: { ts: '2025-06-15T13:45:12.862Z', lat: 37.4219983, lon: -122.084, accuracy: 5, speed: 0, odometer: 0 },
    })
  })

  it('reads the iOS app’s fix; speed and heading -1 are unknown', () => {
    expect(onlyFix(decodeOsmAnd(postRequest('/', 'application/json; charset=utf-8', ios)))).toEqual({
      device: '658765', payload: { ts: '2025-05-09T04:11:30.579Z', lat: 37.785834, lon: -122.406417, accuracy: 5, odometer: 0 },
    })
  })

  it('keeps speed in m/s as the app sends it (no knots here)', () => {
    expect(onlyFix(decodeOsmAnd(postRequest('/', json, moving)))).toEqual({
      device: '8737767034', payload: { ts: '2021-07-21T08:06:34.444Z', lat: -6.1148096, lon: 106.6837015, accuracy: 3.8, speed: 18.67, bearing: 63, odometer: 0 },
    })
  })

  it('refuses what is not the app’s JSON', () => {
    const cases: [string, string][] = [
      ['[' + android + ']', 'wrong_type'],
      [android.replace('"device_id":"48241179"', '"device_id":48241179'), 'wrong_type'],
      [android.replace(',"device_id":"48241179"', ''), 'missing_field'],
      [android.replace('"timestamp":"2025-06-15T13:45:12.862Z",', ''), 'missing_field'],
      [android.replace('"timestamp":"2025-06-15T13:45:12.862Z"', '"timestamp":"15/06/2025 13:45"'), 'invalid_timestamp'],
      [android.replace('"latitude":37.4219983', '"latitude":"37.4219983"'), 'wrong_type'],
      [ios.replace(/"coords":\{[^}]*\},/, ''), 'missing_field'],
      [android.replace('"speed":0', '"speed":"0"'), 'wrong_type'],
    ]
    for (const [body, reason] of cases) expect(onlyRejection(decodeOsmAnd(postRequest('/', json, body))).reason, body).toBe(reason)
    expect(onlyRejection(decodeOsmAnd(postRequest('/', json, android.replace('"latitude":37.4219983', '"latitude":null')))).device).toBe('48241179')
  })
})

describe('decodeOsmAnd: hostile input never throws', () => {
  it('refuses garbage, HTML, an empty body and JSON of the wrong shape, as JSON and as a form', () => {
    for (const body of HOSTILE_BODIES) {
      for (const contentType of ['application/json', 'application/x-www-form-urlencoded', undefined, 'text/html']) {
        const decoded = decodeOsmAnd(postRequest('/', contentType, body))
        expect(decoded.fixes).toEqual([])
        expect(decoded.rejections).toHaveLength(1)
        expect(['malformed_body', 'wrong_type', 'missing_field']).toContain(decoded.rejections[0]!.reason)
      }
    }
  })

  it('refuses an empty GET: malformed_body', () => {
    expect(onlyRejection(decodeOsmAnd(getRequest('/'))).reason).toBe('malformed_body')
  })
})
