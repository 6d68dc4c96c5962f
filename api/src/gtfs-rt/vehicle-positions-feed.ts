import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import type { FleetState } from '../fleet/fleet-state.js'

const { transit_realtime: rt } = GtfsRealtimeBindings

/**
 * The GTFS-Realtime VehiclePositions feed of the live fleet (https://gtfs.org/realtime/reference/): a FULL_DATASET
 * with one entity per vehicle heard from within the offline limit, its id the vehicle id (stable across feeds),
 * times in seconds. The trip is the one the tracker declares until matching assigns one.
 */
export function buildVehiclePositions(fleet: FleetState, nowMs: number): GtfsRealtimeBindings.transit_realtime.FeedMessage {
  const entity: GtfsRealtimeBindings.transit_realtime.IFeedEntity[] = []
  for (const vehicle of fleet.all()) {
    if (fleet.healthOf(vehicle, nowMs) === 'offline') continue
    entity.push({
      id: vehicle.vehicleId,
      vehicle: {
        ...(vehicle.declaredTripId ? { trip: { tripId: vehicle.declaredTripId, ...(vehicle.declaredRouteId ? { routeId: vehicle.declaredRouteId } : {}) } } : {}),
        vehicle: { id: vehicle.vehicleId, label: vehicle.vehicleId },
        position: {
          latitude: vehicle.lat, longitude: vehicle.lon,
          ...(vehicle.bearingDeg === null ? {} : { bearing: vehicle.bearingDeg }),
          ...(vehicle.speedMps === null ? {} : { speed: vehicle.speedMps }),
        },
        timestamp: Math.floor(vehicle.fixAtMs / 1000),
        ...(vehicle.occupancy ? { occupancyStatus: rt.VehiclePosition.OccupancyStatus[vehicle.occupancy] } : {}),
      },
    })
  }
  entity.sort((a, b) => (a.id < b.id ? -1 : 1))
  return rt.FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp: Math.floor(nowMs / 1000) },
    entity,
  })
}
