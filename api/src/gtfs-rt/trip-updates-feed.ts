import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import type { TripPrediction } from '../predictions/trip-prediction.js'
import { tripKey } from '../matching/trip-key.js'
import { formatStartDate, formatTripDescriptor } from './trip-descriptor.js'

const { transit_realtime: rt } = GtfsRealtimeBindings
// A headway-based run's stops are UNSCHEDULED like its trip (GTFS-Realtime StopTimeUpdate.ScheduleRelationship).
const { SCHEDULED: SCHEDULED_STOP, UNSCHEDULED: UNSCHEDULED_STOP } = rt.TripUpdate.StopTimeUpdate.ScheduleRelationship

/**
 * GTFS-Realtime TripUpdates from the fleet's predictions: each predicted trip with its remaining stops' predicted
 * arrival and departure times and their uncertainty (half the p10–p90 range, seconds), stop_sequence and stop_id
 * on every StopTimeUpdate and strictly increasing times; trips a dispatcher cancelled as CANCELED.
 */
export interface CancelledTrip {
  trip: ScheduleTrip
  serviceDate: string
}

/** A TripUpdate's entity id: the run's own trip id and its start date (stable across feeds). */
const entityIdOf = (trip: ScheduleTrip, serviceDate: string) => `${trip.tripId}-${formatStartDate(serviceDate)}`

function stopTimeUpdates(p: TripPrediction): GtfsRealtimeBindings.transit_realtime.TripUpdate.IStopTimeUpdate[] {
  const updates: GtfsRealtimeBindings.transit_realtime.TripUpdate.IStopTimeUpdate[] = []
  let lastS = Number.NEGATIVE_INFINITY
  for (let k = 0; k < p.arrivalsMs.length; k++) {
    const i = p.fromIndex + k
    // Strictly increasing: a stop predicted in the same second as the one before is a second later.
    const arrivalS = Math.max(Math.round(p.arrivalsMs[k]! / 1000), lastS + 1)
    const departureS = Math.max(Math.round(p.departuresMs[k]! / 1000), arrivalS)
    lastS = departureS
    const uncertainty = Math.max(0, Math.round((p.highMs[k]! - p.lowMs[k]!) / 2000))
    updates.push({
      stopSequence: p.trip.stopSequences?.[i] ?? i + 1,
      stopId: p.trip.stopIds[i]!,
      arrival: { time: arrivalS, uncertainty },
      departure: { time: departureS, uncertainty },
      scheduleRelationship: p.trip.headwayBased ? UNSCHEDULED_STOP : SCHEDULED_STOP,
    })
  }
  return updates
}

export function buildTripUpdates(predictions: readonly TripPrediction[], nowMs: number, cancelled: readonly CancelledTrip[] = []): GtfsRealtimeBindings.transit_realtime.FeedMessage {
  const entity: GtfsRealtimeBindings.transit_realtime.IFeedEntity[] = []
  const cancelledKeys = new Set(cancelled.map((c) => tripKey(c.serviceDate, c.trip.tripId)))
  for (const p of predictions) {
    if (cancelledKeys.has(tripKey(p.serviceDate, p.trip.tripId)) || p.arrivalsMs.length === 0) continue
    entity.push({
      id: entityIdOf(p.trip, p.serviceDate),
      tripUpdate: {
        trip: formatTripDescriptor(p.trip, p.serviceDate), vehicle: { id: p.vehicleId, label: p.vehicleId },
        stopTimeUpdate: stopTimeUpdates(p), timestamp: Math.floor(Math.min(p.fixAtMs, nowMs) / 1000), delay: p.delayS, // never after the feed (E012)
      },
    })
  }
  for (const c of cancelled) {
    entity.push({ id: entityIdOf(c.trip, c.serviceDate), tripUpdate: { trip: formatTripDescriptor(c.trip, c.serviceDate, { cancelled: true }), timestamp: Math.floor(nowMs / 1000) } })
  }
  return rt.FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp: Math.floor(nowMs / 1000) },
    entity,
  })
}
