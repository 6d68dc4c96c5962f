import { describe, expect, it } from 'vitest'
import { MPS_PER_KNOT } from './simulated-fix.js'
import { formatJacksonDate, formatTraccarJson, toTraccarPositionData } from './traccar-position-data.js'

// The properties Jackson writes for Traccar's models, read by hand from traccar/traccar src/main/java/org/traccar/
// model/: BaseModel (id), ExtendedModel (attributes), Message (deviceId; Position hides its type), Position (the rest;
// `outdated` is @JsonIgnore), GroupedModel (groupId), Device (the motion and overspeed state are @JsonIgnore).
const POSITION_PROPERTIES = ['id', 'attributes', 'deviceId', 'protocol', 'serverTime', 'deviceTime', 'fixTime', 'valid', 'latitude', 'longitude', 'altitude', 'speed', 'course', 'address', 'accuracy', 'network', 'geofenceIds']
const DEVICE_PROPERTIES = ['id', 'attributes', 'groupId', 'calendarId', 'name', 'uniqueId', 'status', 'lastUpdate', 'positionId', 'phone', 'model', 'contact', 'category', 'disabled', 'expirationTime']
/** Jackson's StdDateFormat, as Traccar's API and forwarders write a java.util.Date. */
const JACKSON_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/

describe('toTraccarPositionData', () => {
  const fix = { vehicleId: 'bus-0042', ping: { ts: 1796631330250, lat: 31.953949, lon: 35.910635, speed: 10.5, bearing: 271.3, accuracy: 4.2, odometer: 120_345, seq: 7, tripId: 't1' } }
  const data = toTraccarPositionData(fix, { positionId: 9001, deviceId: 42, serverTimeMs: 1796631331000 })

  it('is the {position, device} Traccar forwards, with the properties of its models', () => {
    const parsed = JSON.parse(formatTraccarJson(data)) as Record<string, Record<string, unknown>>
    expect(Object.keys(parsed)).toEqual(['position', 'device'])
    expect(Object.keys(parsed.position!)).toEqual(POSITION_PROPERTIES)
    expect(Object.keys(parsed.device!)).toEqual(DEVICE_PROPERTIES)
    for (const time of ['serverTime', 'deviceTime', 'fixTime']) expect(parsed.position![time]).toMatch(JACKSON_DATE)
    expect(parsed.device!.lastUpdate).toMatch(JACKSON_DATE)
  })

  it('names the device by the vehicle id (uniqueId), times the fix, and keeps speed in knots', () => {
    expect(data.device).toMatchObject({ id: 42, uniqueId: 'bus-0042', name: 'bus-0042', status: 'online', positionId: 9001 })
    expect(data.position).toMatchObject({
      id: 9001, deviceId: 42, protocol: 'osmand', valid: true, latitude: 31.953949, longitude: 35.910635, course: 271.3, accuracy: 4.2,
      fixTime: '2026-12-07T08:15:30.250+00:00', deviceTime: '2026-12-07T08:15:30.250+00:00', serverTime: '2026-12-07T08:15:31.000+00:00',
      attributes: { motion: true, odometer: 120_345 },
    })
    expect(data.position.speed * MPS_PER_KNOT).toBeCloseTo(10.5, 5)
  })

  it('writes a fix without speed, bearing or accuracy as Traccar does: zeros, not absent', () => {
    const bare = toTraccarPositionData({ vehicleId: 'bus-0001', ping: { ts: '2026-12-07T08:15:30Z', lat: 1, lon: 2 } }, { positionId: 1, deviceId: 1, serverTimeMs: 0, protocol: 'teltonika' })
    expect(bare.position).toMatchObject({ speed: 0, course: 0, accuracy: 0, altitude: 0, protocol: 'teltonika', attributes: { motion: false } })
    expect(formatJacksonDate(0)).toBe('1970-01-01T00:00:00.000+00:00')
  })
})
