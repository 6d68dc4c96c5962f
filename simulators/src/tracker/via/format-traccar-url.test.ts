import { TRACCAR_URL_QUERY, traccarForwardUrl } from '@masar/model/telemetry/source-endpoints'
import { describe, expect, it } from 'vitest'
import { formatJavaDouble, formatJavaUrlEncoded, formatTraccarUrl } from './format-traccar-url.js'
import { toTraccarPositionData } from './traccar-position-data.js'

describe('formatTraccarUrl', () => {
  it('fills the template as Traccar\'s own test expects (PositionForwarderUrlTest: 2016-01-01 01:02:03, device "test")', () => {
    // traccar/traccar src/test/java/org/traccar/forward/PositionForwarderUrlTest.java, without its {gprmc}
    const data = toTraccarPositionData({ vehicleId: '123456789012345', ping: { ts: '2016-01-01T01:02:03.000Z', lat: 20, lon: 30 } }, { positionId: 1, deviceId: 1, serverTimeMs: 0 })
    data.device.name = 'test'
    expect(formatTraccarUrl('http://localhost/?fixTime={fixTime}&name={name}', data)).toBe('http://localhost/?fixTime=1451610123000&name=test')
    expect(formatTraccarUrl('http://localhost/?lat={latitude}&lon={longitude}&id={uniqueId}&s={statusCode}', data)).toBe('http://localhost/?lat=20.0&lon=30.0&id=123456789012345&s=0xF020')
  })

  it('fills Masar\'s forward.url (traccarForwardUrl) so that every query value reads back', () => {
    const fix = { vehicleId: 'bus-0042', ping: { ts: 1796631330250, lat: 31.953949, lon: 35.910635, speed: 10.5, bearing: 271.3, accuracy: 4.2, odometer: 120_345 } }
    const url = formatTraccarUrl(traccarForwardUrl('http://127.0.0.1:5055/', 'k&y'), toTraccarPositionData(fix, { positionId: 9, deviceId: 42, serverTimeMs: 1796631331000 }))
    expect(url).not.toMatch(/[{}]/)
    const parsed = new URL(url)
    expect(parsed.pathname).toBe('/traccar/url')
    const query = Object.fromEntries(parsed.searchParams)
    expect(Object.keys(query)).toEqual(['key', ...[...new URLSearchParams(TRACCAR_URL_QUERY).keys()]])
    expect(query).toMatchObject({ key: 'k&y', id: 'bus-0042', fixTime: '1796631330250', lat: '31.953949', lon: '35.910635', course: '271.3', accuracy: '4.2', altitude: '0.0' })
    expect(Number(query.speed) * (1852 / 3600)).toBeCloseTo(10.5, 5)
    expect(JSON.parse(query.attributes!)).toEqual({ motion: true, odometer: 120_345 })
  })

  it('writes numbers as Java\'s Double.toString and text as java.net.URLEncoder', () => {
    expect([20, 0, -0, 31.953949, 0.001, 1e-4, 12_345_678.9, 1e7].map(formatJavaDouble)).toEqual(['20.0', '0.0', '-0.0', '31.953949', '0.001', '1.0E-4', '1.23456789E7', '1.0E7'])
    expect(formatJavaUrlEncoded('{"a":"b c!*~"}')).toBe('%7B%22a%22%3A%22b+c%21*%7E%22%7D')
  })
})
