import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { FleetState, VehicleState } from '../fleet/fleet-state.js'
import { tripKey } from '../matching/trip-key.js'
import { tripWinners } from './trip-claims.js'
import { formatTripDescriptor } from './trip-descriptor.js'

const { transit_realtime: rt } = GtfsRealtimeBindings

/**
 * The GTFS-Realtime VehiclePositions feed of the live fleet (https://gtfs.org/realtime/reference/): a FULL_DATASET
 * with one entity per vehicle heard from within the offline limit, its id the vehicle id (stable across feeds),
 * times in seconds. The trip is the matched one (with the stop the bus is going to), else the one the tracker
 * declares; a bus matched to no trip (deadheading, unassigned) carries none.
 */
function tripOf(vehicle: VehicleState, schedule: Schedule | null, winners: Map<string, string>): Pick<GtfsRealtimeBindings.transit_realtime.IVehiclePosition, 'trip' | 'currentStopSequence' | 'stopId' | 'currentStatus'> {
  const match = vehicle.match
  const trip = match?.tripId && (match.status === 'in-service' || match.status === 'layover') ? schedule?.trips.get(match.tripId) : undefined
  if (trip && match?.serviceDate && winners.get(tripKey(match.serviceDate, trip.tripId)) !== vehicle.vehicleId) return {} // another bus holds this trip
  if (trip && match?.serviceDate) {
    const next = match.status === 'layover' ? 0 : (match.nextStopIndex ?? null)
    return {
      trip: formatTripDescriptor(trip, match.serviceDate),
      ...(next === null || next >= trip.stopIds.length ? {} : {
        currentStopSequence: trip.stopSequences?.[next] ?? next + 1, stopId: trip.stopIds[next],
        currentStatus: match.status === 'layover' ? rt.VehiclePosition.VehicleStopStatus.STOPPED_AT : rt.VehiclePosition.VehicleStopStatus.IN_TRANSIT_TO,
      }),
    }
  }
  if (match && schedule) return {} // matching knows better than the tracker's claim: no trip
  return vehicle.declaredTripId ? { trip: { tripId: vehicle.declaredTripId, ...(vehicle.declaredRouteId ? { routeId: vehicle.declaredRouteId } : {}) } } : {}
}

export function buildVehiclePositions(fleet: FleetState, nowMs: number, schedule: Schedule | null = null): GtfsRealtimeBindings.transit_realtime.FeedMessage {
  const entity: GtfsRealtimeBindings.transit_realtime.IFeedEntity[] = []
  const winners = tripWinners(fleet, nowMs)
  for (const vehicle of fleet.all()) {
    if (fleet.healthOf(vehicle, nowMs) === 'offline') continue
    entity.push({
      id: vehicle.vehicleId,
      vehicle: {
        ...tripOf(vehicle, schedule, winners),
        vehicle: { id: vehicle.vehicleId, label: vehicle.vehicleId },
        position: {
          latitude: vehicle.lat, longitude: vehicle.lon,
          ...(vehicle.bearingDeg === null ? {} : { bearing: vehicle.bearingDeg }),
          ...(vehicle.speedMps === null ? {} : { speed: vehicle.speedMps }),
        },
        // a tracker clock a few seconds ahead must not date a fix after the feed (E012)
        timestamp: Math.floor(Math.min(vehicle.fixAtMs, nowMs) / 1000),
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
