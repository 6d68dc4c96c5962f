import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { describe, expect, it } from 'vitest'
import { decodeGtfsRtVehiclePositions } from './gtfs-rt-vehicle-positions.js'

const rt = GtfsRealtimeBindings.transit_realtime
type Entity = GtfsRealtimeBindings.transit_realtime.IFeedEntity

/** A FeedMessage as a producer writes it (fields per https://gtfs.org/realtime/reference/), encoded by the bindings. */
function feedOf(entity: Entity[], headerTimestampS?: number): Uint8Array {
  const header = headerTimestampS === undefined ? { gtfsRealtimeVersion: '2.0' } : { gtfsRealtimeVersion: '2.0', timestamp: headerTimestampS }
  return rt.FeedMessage.encode(rt.FeedMessage.create({ header, entity })).finish()
}

describe('decodeGtfsRtVehiclePositions', () => {
  it('turns a vehicle entity into a fix in Masar units, carrying trip, route, bearing and occupancy by name', () => {
    const body = feedOf([{
      id: 'e1',
      vehicle: {
        vehicle: { id: 'bus-17', label: '1701' }, timestamp: 1_762_462_979,
        position: { latitude: 44.65, longitude: -63.58, bearing: 271, speed: 8.5, odometer: 1234 },
        trip: { tripId: 'T9', routeId: 'R1' }, occupancyStatus: rt.VehiclePosition.OccupancyStatus.STANDING_ROOM_ONLY,
      },
    }], 1_762_463_000)
    const decoded = decodeGtfsRtVehiclePositions(body)
    expect(decoded.rejections).toEqual([])
    expect(decoded.feedTimestampMs).toBe(1_762_463_000_000)
    expect(decoded.fixes).toHaveLength(1)
    expect(decoded.fixes[0]?.device).toBe('bus-17')
    expect(decoded.fixes[0]?.payload).toMatchObject({
      ts: 1_762_462_979_000, bearing: 271, speed: 8.5, odometer: 1234, tripId: 'T9', routeId: 'R1', occupancy: 'STANDING_ROOM_ONLY',
    })
    expect(decoded.fixes[0]?.payload.lat).toBeCloseTo(44.65, 5)
  })

  it('names the device by vehicle id, else label, else entity id; leaves unset fields out', () => {
    const position = { latitude: 1, longitude: 2 }
    const body = feedOf([
      { id: 'e1', vehicle: { vehicle: { label: 'L-only' }, position, timestamp: 10 } },
      { id: 'e2', vehicle: { position, timestamp: 10 } },
    ])
    const { fixes } = decodeGtfsRtVehiclePositions(body)
    expect(fixes.map((fix) => fix.device)).toEqual(['L-only', 'e2'])
    expect(Object.keys(fixes[0]?.payload ?? {}).sort()).toEqual(['lat', 'lon', 'ts'])
  })

  it("takes the header's time for a vehicle without its own, and refuses one when neither is set", () => {
    const position = { latitude: 1, longitude: 2 }
    const withHeader = decodeGtfsRtVehiclePositions(feedOf([{ id: 'e1', vehicle: { vehicle: { id: 'v' }, position } }], 1_699_405_559))
    expect(withHeader.fixes[0]?.payload.ts).toBe(1_699_405_559_000)
    const without = decodeGtfsRtVehiclePositions(feedOf([{ id: 'e1', vehicle: { vehicle: { id: 'v' }, position } }]))
    expect(without.feedTimestampMs).toBeNull()
    expect(without.fixes).toEqual([])
    expect(without.rejections).toMatchObject([{ reason: 'missing_field', device: 'v' }])
    // The rejection keeps the entity's own bytes for the dead letters.
    expect(rt.FeedEntity.decode(without.rejections[0]?.payload ?? new Uint8Array()).id).toBe('e1')
  })

  it('refuses a vehicle without position, passes over trip updates, alerts and deleted entities', () => {
    const body = feedOf([
      { id: 'no-position', vehicle: { vehicle: { id: 'v1' }, timestamp: 5 } },
      { id: 'tu', tripUpdate: { trip: { tripId: 'T' }, stopTimeUpdate: [] } },
      { id: 'deleted', isDeleted: true, vehicle: { vehicle: { id: 'v2' }, position: { latitude: 1, longitude: 2 }, timestamp: 5 } },
    ], 100)
    const decoded = decodeGtfsRtVehiclePositions(body)
    expect(decoded.fixes).toEqual([])
    expect(decoded.rejections).toMatchObject([{ reason: 'missing_field', device: 'v1' }])
  })

  it('refuses a whole body: empty and HTML as unexpected_content, broken protobuf as malformed_body', () => {
    expect(decodeGtfsRtVehiclePositions(new Uint8Array()).rejections).toMatchObject([{ reason: 'unexpected_content' }])
    const html = new TextEncoder().encode('\n<!DOCTYPE html><html><body>Service unavailable</body></html>')
    const fromHtml = decodeGtfsRtVehiclePositions(html)
    expect(fromHtml.rejections).toMatchObject([{ reason: 'unexpected_content' }])
    expect(fromHtml.rejections[0]?.payload).toEqual(html)
    const truncated = feedOf([{ id: 'e1', vehicle: { vehicle: { id: 'v' }, position: { latitude: 1, longitude: 2 } } }], 1).subarray(0, 20)
    expect(decodeGtfsRtVehiclePositions(truncated).rejections).toMatchObject([{ reason: 'malformed_body' }])
  })
})
