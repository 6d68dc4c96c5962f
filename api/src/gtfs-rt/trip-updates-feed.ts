import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { serviceDayOriginMs } from '@masar/model/gtfs/service-day'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import type { VehicleMatch } from '../matching/vehicle-match.js'

const { transit_realtime: rt } = GtfsRealtimeBindings

/**
 * GTFS-Realtime TripUpdates from the matched fleet: for each bus working a trip, its current deviation carried
 * down the rest of the trip, then into the later trips of its block (a late bus starts its next trip after its
 * minimum layover, or on time if the layover absorbs the delay). Every StopTimeUpdate has stop_sequence and
 * stop_id, and the times strictly increase. The next issue replaces the constant deviation with predictions.
 */
export interface TripUpdatesOptions {
  /** The shortest turnaround at a terminal (seconds). */
  minLayoverS: number
  /** At most this many later trips of a block are predicted. */
  laterTrips: number
}

export const DEFAULT_TRIP_UPDATES: TripUpdatesOptions = { minLayoverS: 120, laterTrips: 3 }

const yyyymmdd = (serviceDate: string) => serviceDate.replaceAll('-', '')

function stopTimeUpdates(trip: ScheduleTrip, fromIndex: number, originMs: number, delayS: number): { updates: GtfsRealtimeBindings.transit_realtime.TripUpdate.IStopTimeUpdate[]; endS: number } {
  const updates: GtfsRealtimeBindings.transit_realtime.TripUpdate.IStopTimeUpdate[] = []
  let lastS = Number.NEGATIVE_INFINITY
  for (let i = fromIndex; i < trip.stopIds.length; i++) {
    // Strictly increasing: a stop the timetable gives the same minute as the one before is a second later.
    const arrivalS = Math.max(trip.arrivals[i]! + delayS, lastS + 1)
    const departureS = Math.max(trip.departures[i]! + delayS, arrivalS)
    lastS = departureS
    updates.push({
      stopSequence: trip.stopSequences?.[i] ?? i + 1,
      stopId: trip.stopIds[i]!,
      arrival: { time: Math.round(originMs / 1000 + arrivalS) },
      departure: { time: Math.round(originMs / 1000 + departureS) },
      scheduleRelationship: rt.TripUpdate.StopTimeUpdate.ScheduleRelationship.SCHEDULED,
    })
  }
  return { updates, endS: lastS }
}

const hhmmss = (seconds: number) => [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60].map((n) => String(n).padStart(2, '0')).join(':')

/** A run of a frequency-based trip is its GTFS trip with the run's start time (GTFS-Realtime TripDescriptor). */
function tripDescriptor(trip: ScheduleTrip, serviceDate: string): GtfsRealtimeBindings.transit_realtime.ITripDescriptor {
  return {
    tripId: trip.templateTripId ?? trip.tripId, routeId: trip.routeId, startDate: yyyymmdd(serviceDate),
    ...(trip.templateTripId ? { startTime: hhmmss(trip.departures[0]!) } : {}),
    ...(trip.directionId === null ? {} : { directionId: trip.directionId }),
    scheduleRelationship: rt.TripDescriptor.ScheduleRelationship.SCHEDULED,
  }
}

export function buildTripUpdates(schedule: Schedule, matches: Iterable<VehicleMatch>, nowMs: number, options: TripUpdatesOptions = DEFAULT_TRIP_UPDATES): GtfsRealtimeBindings.transit_realtime.FeedMessage {
  const entity: GtfsRealtimeBindings.transit_realtime.IFeedEntity[] = []
  const claimed = new Set<string>()
  const ordered = [...matches].filter((m) => m.tripId && m.serviceDate && (m.status === 'in-service' || m.status === 'layover'))
  ordered.sort((a, b) => (a.vehicleId < b.vehicleId ? -1 : 1))
  // The trips buses are on now are theirs: a later trip of another bus's block is predicted only if nobody works it.
  const current = new Map(ordered.map((m) => [`${m.tripId}\u0000${m.serviceDate}`, m.vehicleId]))
  for (const match of ordered) {
    const trip = schedule.trips.get(match.tripId!)
    if (!trip) continue
    const serviceDate = match.serviceDate!
    const originMs = serviceDayOriginMs(serviceDate, schedule.timeZone)
    const timestamp = Math.floor(Math.min(match.atMs, nowMs) / 1000) // never after the feed (E012): tracker clocks run ahead
    let delayS = Math.round(match.scheduleDeviationS ?? 0)
    const fromIndex = match.status === 'layover' ? 0 : Math.max(0, match.nextStopIndex ?? 0)
    const block = trip.blockId === null ? [trip] : schedule.tripsOfBlock(trip.serviceId, trip.blockId)
    const position = block.indexOf(trip)
    for (let k = position; k < block.length && k <= position + options.laterTrips; k++) {
      const tripNow = block[k]!
      const key = `${tripNow.tripId}\u0000${serviceDate}`
      if (claimed.has(key) || (k > position && current.has(key))) break // another vehicle works it: its own update stands
      claimed.add(key)
      const { updates, endS } = stopTimeUpdates(tripNow, k === position ? fromIndex : 0, originMs, delayS)
      if (updates.length === 0) continue
      entity.push({
        id: `${tripNow.tripId}-${yyyymmdd(serviceDate)}`,
        tripUpdate: { trip: tripDescriptor(tripNow, serviceDate), vehicle: { id: match.vehicleId, label: match.vehicleId }, stopTimeUpdate: updates, timestamp, delay: delayS },
      })
      const next = block[k + 1]
      if (next) delayS = Math.max(0, endS + options.minLayoverS - next.departures[0]!)
    }
  }
  return rt.FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp: Math.floor(nowMs / 1000) },
    entity,
  })
}
