import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { describe, expect, it } from 'vitest'
import { buildGtfsRtFeed, encodeGtfsRtFeed } from './build-gtfs-rt-feed.js'

const { transit_realtime: rt } = GtfsRealtimeBindings

describe('buildGtfsRtFeed', () => {
  it('is a FULL_DATASET VehiclePositions feed, one entity per vehicle, that decodes back to the fixes', () => {
    const fixes = [
      { vehicleId: 'bus-0002', ping: { ts: '2026-12-07T08:15:30.900Z', lat: 31.95, lon: 35.91, speed: 8.25, bearing: 90, tripId: 'T1', routeId: 'R1', odometer: 5000 } },
      { vehicleId: 'bus-0001', ping: { ts: 1796631320000, lat: 31.96, lon: 35.92 } },
    ]
    const decoded = rt.FeedMessage.toObject(rt.FeedMessage.decode(encodeGtfsRtFeed(buildGtfsRtFeed(fixes, 1796631335000))), { longs: Number })
    expect(decoded.header).toEqual({ gtfsRealtimeVersion: '2.0', incrementality: 0, timestamp: 1796631335 })
    expect(decoded.entity.map((e: { id: string }) => e.id)).toEqual(['bus-0001', 'bus-0002'])
    const [first, second] = decoded.entity as Array<{ vehicle: Record<string, { [k: string]: unknown }> & { timestamp: number } }>
    expect(first!.vehicle).toEqual({ vehicle: { id: 'bus-0001', label: 'bus-0001' }, position: { latitude: expect.closeTo(31.96, 5), longitude: expect.closeTo(35.92, 5) }, timestamp: 1796631320 })
    expect(second!.vehicle.trip).toEqual({ tripId: 'T1', routeId: 'R1' })
    expect(second!.vehicle.position).toMatchObject({ bearing: 90, speed: 8.25, odometer: 5000 })
    expect(second!.vehicle.timestamp).toBe(1796631330)
  })
})
