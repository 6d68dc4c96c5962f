import { describe, expect, it } from 'vitest'
import { HOSTILE_BODIES, getRequest, postRequest } from '../../testing/http-fix-requests.js'
import { traccarForwardUrl } from '@masar/model/telemetry/source-endpoints'
import type { DecodedFixes } from '../source-fix.js'
import { decodeTraccarUrl } from './decode-traccar-url.js'

const KNOT_MPS = 0.514444

/**
 * What Traccar's PositionForwarderUrl.formatRequest makes of Masar's forward.url (traccar/traccar
 * src/main/java/org/traccar/forward/PositionForwarderUrl.java, commit 9e5c458): {uniqueId} raw, {fixTime} epoch
 * milliseconds, numbers as Java's String.valueOf(double), {attributes} the attributes as JSON through URLEncoder
 * (which writes a space as `+`). The values are the ones PositionForwarderUrlTest.java uses (fix 2016-01-01
 * 01:02:03 UTC = 1451610123000, lat 20, lon 30) plus a moving bus's speed, course and accuracy.
 */
function formatLikeTraccar(values: Record<string, string>): string {
  let url = traccarForwardUrl('https://masar.example', 'k3y')
  for (const [name, value] of Object.entries(values)) url = url.replace(`{${name}}`, value)
  return url
}

const moving = {
  uniqueId: '123456789012345', fixTime: '1451610123000', latitude: '20.0', longitude: '30.0', speed: '21.6', course: '271.5',
  accuracy: '4.8', altitude: '812.0',
  attributes: encodeURIComponent('{"batteryLevel":87.0,"motion":true,"odometer":5120000,"totalDistance":5120334.12}').replace(/%20/g, '+'),
}

function onlyFix(decoded: DecodedFixes) {
  expect(decoded.rejections).toEqual([])
  return decoded.fixes[0]!
}

function onlyRejection(decoded: DecodedFixes) {
  expect(decoded.fixes).toEqual([])
  expect(decoded.rejections).toHaveLength(1)
  return decoded.rejections[0]!
}

describe('decodeTraccarUrl', () => {
  it('decodes the forwarded URL: ms fix time, knots → m/s, course → bearing, odometer attribute', () => {
    const fix = onlyFix(decodeTraccarUrl(getRequest(formatLikeTraccar(moving))))
    expect(fix).toEqual({
      device: '123456789012345',
      payload: { ts: '2016-01-01T01:02:03.000Z', lat: 20, lon: 30, speed: expect.closeTo(21.6 * KNOT_MPS, 4), bearing: 271.5, accuracy: 4.8, odometer: 5120000 },
    })
  })

  it('leaves out accuracy 0.0 (Traccar’s "not set") and reads Java’s 5.0E-4 notation', () => {
    const fix = onlyFix(decodeTraccarUrl(getRequest(formatLikeTraccar({ ...moving, latitude: '5.0E-4', longitude: '-1.0E-4', speed: '0.0', course: '0.0', accuracy: '0.0', attributes: '%7B%7D' }))))
    expect(fix.payload).toEqual({ ts: '2016-01-01T01:02:03.000Z', lat: 0.0005, lon: -0.0001, speed: 0, bearing: 0 })
  })

  it('never reads the source key as a field, nor keeps it in a dead letter', () => {
    const rejection = onlyRejection(decodeTraccarUrl(getRequest(formatLikeTraccar({ ...moving, fixTime: 'yesterday' }))))
    expect(rejection).toMatchObject({ reason: 'invalid_timestamp', device: '123456789012345' })
    expect(new TextDecoder().decode(rejection.payload)).not.toContain('k3y')
  })

  it('refuses a URL missing a field, or with one unreadable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ uniqueId: '' }, 'missing_field'],
      [{ latitude: 'NaN' }, 'wrong_type'],
      [{ speed: 'Infinity' }, 'wrong_type'],
      [{ fixTime: '{fixTime}' }, 'invalid_timestamp'],
      [{ attributes: '%7B%22odometer' }, 'malformed_body'],
      [{ attributes: '%5B1%5D' }, 'wrong_type'],
    ]
    for (const [override, reason] of cases) {
      expect(onlyRejection(decodeTraccarUrl(getRequest(formatLikeTraccar({ ...moving, ...override })))).reason, JSON.stringify(override)).toBe(reason)
    }
    const withoutLat = formatLikeTraccar(moving).replace('&lat=20.0', '')
    expect(onlyRejection(decodeTraccarUrl(getRequest(withoutLat))).reason).toBe('missing_field')
  })

  it('reads a form POST the same way', () => {
    const query = formatLikeTraccar(moving).split('?')[1]!.replace('key=k3y&', '')
    expect(onlyFix(decodeTraccarUrl(postRequest('/traccar/url?key=k3y', 'application/x-www-form-urlencoded', query))).device).toBe('123456789012345')
  })

  it('refuses hostile bodies without throwing', () => {
    for (const body of HOSTILE_BODIES) {
      const decoded = decodeTraccarUrl(postRequest('/traccar/url?key=k3y', 'application/x-www-form-urlencoded', body))
      expect(decoded.fixes).toEqual([])
      expect(['malformed_body', 'missing_field']).toContain(decoded.rejections[0]!.reason)
    }
  })
})
