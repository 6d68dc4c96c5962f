import { describe, expect, it } from 'vitest'
import { HOSTILE_BODIES } from '../../testing/http-fix-requests.js'
import type { DecodedFixes } from '../source-fix.js'
import { decodeTraccarJson } from './decode-traccar-json.js'

const KNOT_MPS = 0.514444
const encode = (text: string) => new TextEncoder().encode(text)

/**
 * PositionData as Traccar's forward.type=json posts it and forward.type=mqtt publishes it (traccar/traccar
 * src/main/java/org/traccar/forward/PositionForwarderJson.java and PositionForwarderMqtt.java, commit 9e5c458): the
 * Jackson form of model/Position.java and model/Device.java, dates as Jackson writes java.util.Date (MainModule
 * disables WRITE_DATES_AS_TIMESTAMPS). Written by hand from those classes; the numbers are an Amman bus's.
 */
const amman = JSON.stringify({
  position: {
    id: 18337, attributes: { batteryLevel: 87.0, distance: 12.54, totalDistance: 5120334.12, motion: true, odometer: 5120000 },
    deviceId: 7, protocol: 'osmand', serverTime: '2026-03-02T06:15:01.120+00:00', deviceTime: '2026-03-02T06:15:00.000+00:00',
    fixTime: '2026-03-02T06:15:00.000+00:00', valid: true, latitude: 31.9539, longitude: 35.9106, altitude: 812.0, speed: 21.6,
    course: 271.5, address: null, accuracy: 4.8, network: null, geofenceIds: null,
  },
  device: {
    id: 7, attributes: {}, groupId: 0, calendarId: 0, name: 'Bus 101', uniqueId: '353861053849681', status: 'online',
    lastUpdate: '2026-03-02T06:15:01.120+00:00', positionId: 18336, phone: null, model: null, contact: null, category: 'bus',
    disabled: false, expirationTime: null,
  },
})

/**
 * The position of a real forwarded payload, as J.-P. Mens published it ("Position and event forwarding from
 * Traccar", https://jpmens.net/2018/09/14/position-and-event-forwarding-from-traccar/, shortened there): older
 * Jackson writes the offset `+0000`, and the shortened position has no speed, course or accuracy. The device's id and
 * attributes are as published; its name and uniqueId are ours (the published excerpt breaks off there).
 */
const mens = '{"position":{"id":18336,"attributes":{"t":"i","ignition":true,"distance":449672.22},"deviceId":7,"protocol":"owntracks","deviceTime":"2018-09-14T15:34:17.000+0000","fixTime":"2018-09-14T15:34:17.000+0000","latitude":49.0156556,"longitude":8.3975169,"network":null},"device":{"id":7,"attributes":{"aaa":"AAAA","mm":"1"},"name":"jpm","uniqueId":"jpm-phone"}}'

function onlyRejection(decoded: DecodedFixes) {
  expect(decoded.fixes).toEqual([])
  expect(decoded.rejections).toHaveLength(1)
  return decoded.rejections[0]!
}

function withPosition(change: (position: Record<string, unknown>) => void): Uint8Array {
  const root = JSON.parse(amman) as { position: Record<string, unknown> }
  change(root.position)
  return encode(JSON.stringify(root))
}

describe('decodeTraccarJson', () => {
  it('decodes {position, device}: uniqueId names it, knots → m/s, course → bearing, odometer attribute', () => {
    expect(decodeTraccarJson(encode(amman))).toEqual({
      fixes: [{
        device: '353861053849681',
        payload: { ts: '2026-03-02T06:15:00.000Z', lat: 31.9539, lon: 35.9106, speed: expect.closeTo(21.6 * KNOT_MPS, 4), bearing: 271.5, accuracy: 4.8, odometer: 5120000 },
      }],
      rejections: [],
    })
  })

  it('reads older Jackson’s +0000 offset and a position without speed or course', () => {
    expect(decodeTraccarJson(encode(mens))).toEqual({
      fixes: [{ device: 'jpm-phone', payload: { ts: '2018-09-14T15:34:17.000Z', lat: 49.0156556, lon: 8.3975169 } }],
      rejections: [],
    })
  })

  it('reads offsets and epoch milliseconds; leaves out accuracy 0 (Traccar’s "not set")', () => {
    const decoded = decodeTraccarJson(withPosition((p) => { p.fixTime = '2026-03-02T09:15:00.000+03:00'; p.accuracy = 0.0 }))
    expect(decoded.fixes[0]!.payload).not.toHaveProperty('accuracy')
    expect(decoded.fixes[0]!.payload.ts).toBe('2026-03-02T06:15:00.000Z')
    expect(decodeTraccarJson(withPosition((p) => { p.fixTime = 1772432100000 })).fixes[0]!.payload.ts).toBe('2026-03-02T06:15:00.000Z')
  })

  it('refuses what it cannot translate, naming the device when it can', () => {
    const cases: [Uint8Array, string][] = [
      [withPosition((p) => { delete p.fixTime }), 'missing_field'],
      [withPosition((p) => { p.fixTime = '2026-03-02 06:15:00' }), 'invalid_timestamp'],
      [withPosition((p) => { p.fixTime = true }), 'wrong_type'],
      [withPosition((p) => { delete p.latitude }), 'missing_field'],
      [withPosition((p) => { p.longitude = '35.9106' }), 'wrong_type'],
      [withPosition((p) => { p.speed = 'fast' }), 'wrong_type'],
    ]
    for (const [body, reason] of cases) expect(onlyRejection(decodeTraccarJson(body))).toMatchObject({ reason, device: '353861053849681' })
    const root = JSON.parse(amman) as Record<string, Record<string, unknown>>
    expect(onlyRejection(decodeTraccarJson(encode(JSON.stringify({ position: root.position })))).reason).toBe('missing_field')
    expect(onlyRejection(decodeTraccarJson(encode(JSON.stringify({ ...root, device: { ...root.device, uniqueId: 7 } })))).reason).toBe('wrong_type')
    expect(onlyRejection(decodeTraccarJson(encode(JSON.stringify({ device: root.device })))).reason).toBe('missing_field')
    expect(onlyRejection(decodeTraccarJson(encode(`[${amman}]`))).reason).toBe('wrong_type')
  })

  it('passes values through for the ping contract to judge (null island, lat out of range)', () => {
    const decoded = decodeTraccarJson(withPosition((p) => { p.latitude = 0; p.longitude = 0; p.valid = false }))
    expect(decoded.fixes[0]!.payload).toMatchObject({ lat: 0, lon: 0 })
    expect(decodeTraccarJson(withPosition((p) => { p.latitude = 91 })).fixes[0]!.payload.lat).toBe(91)
  })

  it('refuses hostile bodies without throwing', () => {
    for (const body of HOSTILE_BODIES) {
      const rejection = onlyRejection(decodeTraccarJson(typeof body === 'string' ? encode(body) : body))
      expect(['malformed_body', 'wrong_type']).toContain(rejection.reason)
    }
  })
})
