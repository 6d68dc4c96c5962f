import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { fixTimeMsOf, type SimulatedFix } from './simulated-fix.js'

const { transit_realtime: rt } = GtfsRealtimeBindings

/**
 * The GTFS-Realtime VehiclePositions feed an AVL vendor would publish for the simulated fleet
 * (https://gtfs.org/realtime/reference/): a FULL_DATASET, one entity per vehicle with its latest fix, the entity and
 * vehicle id the vehicle's id, times in epoch seconds, speed in m/s, the trip and route the tracker declares.
 */
export function buildGtfsRtFeed(latest: Iterable<SimulatedFix>, nowMs: number): GtfsRealtimeBindings.transit_realtime.FeedMessage {
  const entity: GtfsRealtimeBindings.transit_realtime.IFeedEntity[] = []
  for (const { vehicleId, ping } of latest) {
    entity.push({
      id: vehicleId,
      vehicle: {
        ...(ping.tripId ? { trip: { tripId: ping.tripId, ...(ping.routeId ? { routeId: ping.routeId } : {}) } } : {}),
        vehicle: { id: vehicleId, label: vehicleId },
        position: {
          latitude: ping.lat, longitude: ping.lon,
          ...(ping.bearing === undefined ? {} : { bearing: ping.bearing }),
          ...(ping.speed === undefined ? {} : { speed: ping.speed }),
          ...(ping.odometer === undefined ? {} : { odometer: ping.odometer }),
        },
        timestamp: Math.floor(fixTimeMsOf(ping) / 1000),
      },
    })
  }
  entity.sort((a, b) => (a.id < b.id ? -1 : 1))
  return rt.FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp: Math.floor(nowMs / 1000) },
    entity,
  })
}

export function encodeGtfsRtFeed(feed: GtfsRealtimeBindings.transit_realtime.FeedMessage): Uint8Array {
  return rt.FeedMessage.encode(feed).finish()
}
