import { fileURLToPath } from 'node:url'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { beforeAll, describe, expect, it } from 'vitest'
import { FleetState } from '../fleet/fleet-state.js'
import { unassignedMatch, type VehicleMatch } from '../matching/vehicle-match.js'
import { ArrivalPredictor } from '../predictions/arrival-predictor.js'
import { predictFleet } from '../predictions/predict-fleet.js'
import { checkFeed } from './conformance/check-feed.js'
import { SMALL_FEED_DIR } from './conformance/fixtures/small-feed-messages.js'
import { formatTripDescriptor } from './trip-descriptor.js'
import { buildTripUpdates } from './trip-updates-feed.js'
import { buildVehiclePositions } from './vehicle-positions-feed.js'

const { SCHEDULED, UNSCHEDULED, CANCELED } = GtfsRealtimeBindings.transit_realtime.TripDescriptor.ScheduleRelationship
const { SCHEDULED: STOP_SCHEDULED, UNSCHEDULED: STOP_UNSCHEDULED } = GtfsRealtimeBindings.transit_realtime.TripUpdate.StopTimeUpdate.ScheduleRelationship
const DATE = '2025-06-02'
const NOW = instantOfGtfsTime(DATE, 7 * 3600 + 52 * 60, 'Asia/Amman') // 07:52: F0's 07:50 run and F1's 07:45 run are out

let schedule: Schedule
beforeAll(async () => {
  schedule = await readScheduleFromFeed(fileURLToPath(SMALL_FEED_DIR))
})

/** The live fleet with a bus on each run, and the two feeds the api builds from it. */
function feedsOf(runs: Record<string, string>) {
  const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
  for (const [vehicleId, tripId] of Object.entries(runs)) {
    const trip = schedule.trips.get(tripId)!
    const match: VehicleMatch = {
      ...unassignedMatch(vehicleId, NOW - 5000), status: 'in-service', tripId, routeId: trip.routeId, directionId: trip.directionId, serviceDate: DATE,
      nextStopIndex: 1, nextStopId: trip.stopIds[1]!, distanceAlongTripM: 100, distanceFromShapeM: 0, scheduleDeviationS: 0, confidence: 1,
    }
    const ping: VehiclePing = { agencyId: 'gam', vehicleId, recordedAtMs: NOW - 5000, lat: 31.95, lon: 35.905, speedMps: 8, bearingDeg: 90, accuracyM: null, odometerM: null, tripId: null, routeId: null, occupancy: null, seq: null }
    fleet.apply(ping, NOW - 4000, match)
  }
  return {
    vehiclePositions: buildVehiclePositions(fleet, NOW, schedule),
    tripUpdates: buildTripUpdates(predictFleet(new ArrivalPredictor(schedule), fleet, 'schedule', NOW), NOW),
  }
}

describe('formatTripDescriptor', () => {
  it('names a run of a frequency-based trip by its template trip and start time; a headway-based run is UNSCHEDULED', () => {
    expect(formatTripDescriptor(schedule.trips.get('F0@07:50:00')!, DATE)).toEqual({ tripId: 'F0', routeId: 'R1', startDate: '20250602', startTime: '07:50:00', directionId: 0, scheduleRelationship: UNSCHEDULED })
    expect(formatTripDescriptor(schedule.trips.get('F1@07:45:00')!, DATE)).toMatchObject({ tripId: 'F1', startTime: '07:45:00', scheduleRelationship: SCHEDULED })
    expect(formatTripDescriptor(schedule.trips.get('T1')!, DATE)).toEqual({ tripId: 'T1', routeId: 'R1', startDate: '20250602', directionId: 0, scheduleRelationship: SCHEDULED })
    expect(formatTripDescriptor(schedule.trips.get('F0@07:50:00')!, DATE, { cancelled: true }).scheduleRelationship).toBe(CANCELED)
  })

  // GTFS-Realtime TripDescriptor: a frequency-based trip instance is trip_id + start_time + start_date (E006)
  it('gives a frequency-based run the same trip descriptor in VehiclePositions as in TripUpdates', () => {
    const { vehiclePositions, tripUpdates } = feedsOf({ 'bus-f0': 'F0@07:50:00', 'bus-f1': 'F1@07:45:00' })
    for (const vehicleId of ['bus-f0', 'bus-f1']) {
      const position = vehiclePositions.entity.find((e) => e.id === vehicleId)!.vehicle!
      const update = tripUpdates.entity.find((e) => e.tripUpdate!.vehicle!.id === vehicleId)!.tripUpdate!
      expect(position.trip!.startTime).toBeTruthy()
      expect(GtfsRealtimeBindings.transit_realtime.TripDescriptor.toObject(position.trip as GtfsRealtimeBindings.transit_realtime.TripDescriptor)).toEqual(GtfsRealtimeBindings.transit_realtime.TripDescriptor.toObject(update.trip as GtfsRealtimeBindings.transit_realtime.TripDescriptor))
    }
    // StopTimeUpdate.ScheduleRelationship: a headway-based run's stops are UNSCHEDULED, like its trip
    const stopRelationships = (vehicleId: string) => tripUpdates.entity.find((e) => e.tripUpdate!.vehicle!.id === vehicleId)!.tripUpdate!.stopTimeUpdate!.map((u) => u.scheduleRelationship)
    expect(stopRelationships('bus-f0')).toEqual([STOP_UNSCHEDULED])
    expect(stopRelationships('bus-f1')).toEqual([STOP_SCHEDULED])
  })

  it('leaves the conformance checker no frequency rule to find in either feed (E006, E013, E019)', () => {
    const { vehiclePositions, tripUpdates } = feedsOf({ 'bus-f0': 'F0@07:50:00', 'bus-f1': 'F1@07:45:00' })
    for (const [kind, message] of [['vehicle-positions', vehiclePositions], ['trip-updates', tripUpdates]] as const) {
      const report = checkFeed(message, { schedule, nowMs: NOW, kind, companions: { vehiclePositions, tripUpdates } })
      expect(report.rulesChecked).toEqual(expect.arrayContaining(['E006', 'E013', 'E019']))
      expect(report.errors, `${kind}: ${JSON.stringify(report.countsByRule)}`).toEqual([])
    }
  })
})
