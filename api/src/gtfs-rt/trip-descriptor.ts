import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { formatGtfsTime } from '@masar/model/gtfs/gtfs-time'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'

const { transit_realtime: rt } = GtfsRealtimeBindings
const { SCHEDULED, UNSCHEDULED, CANCELED } = rt.TripDescriptor.ScheduleRelationship

/** A service date ("2026-11-23") as GTFS-Realtime's start_date ("20261123"). */
export const formatStartDate = (serviceDate: string): string => serviceDate.replaceAll('-', '')

/**
 * The TripDescriptor of a trip on a service day, one for TripUpdates and VehiclePositions so that both name a
 * trip the same way (GTFS-Realtime reference, TripDescriptor). A run of a frequency-based trip (frequencies.txt)
 * is its template trip_id with the run's start_time: required for exact_times 0 (validator E006), one of the
 * runs' starts for exact_times 1 (E019). A headway-based run (exact_times 0) has no schedule: UNSCHEDULED (E013).
 */
export function formatTripDescriptor(trip: ScheduleTrip, serviceDate: string, options: { cancelled?: boolean } = {}): GtfsRealtimeBindings.transit_realtime.ITripDescriptor {
  return {
    tripId: trip.templateTripId ?? trip.tripId, routeId: trip.routeId, startDate: formatStartDate(serviceDate),
    ...(trip.templateTripId ? { startTime: formatGtfsTime(trip.departures[0]!) } : {}),
    ...(trip.directionId === null ? {} : { directionId: trip.directionId }),
    scheduleRelationship: options.cancelled ? CANCELED : trip.headwayBased ? UNSCHEDULED : SCHEDULED,
  }
}
