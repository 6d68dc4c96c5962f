import { Schedule, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { describe, expect, it } from 'vitest'
import { fleetAdherenceNow } from '../dispatch/fleet-adherence-now.js'
import { unassignedMatch } from '../matching/vehicle-match.js'
import { FleetState } from './fleet-state.js'
import { scheduledOffsetAtS, vehicleAdherenceOf } from './vehicle-adherence.js'
import { viewOf } from './vehicle-view.js'

// BRT: 10 km in 30 min (three stops), run every 4 minutes (frequencies.txt exact_times 0); route 7: timetabled.
const trip = (tripId: string, routeId: string, startS: number, headway: boolean): ScheduleTrip => ({
  tripId, routeId, serviceId: 'WK', directionId: 0, blockId: null, shapeId: `${routeId}-shape`, headsign: null, stopIds: ['A', 'B', 'C'],
  arrivals: Int32Array.of(startS, startS + 900, startS + 1800), departures: Int32Array.of(startS, startS + 900, startS + 1800),
  shapeDistTraveled: Float64Array.of(0, 5000, 10_000), distancesM: Float64Array.of(0, 5000, 10_000),
  ...(headway ? { headwayBased: true, headwayS: 240, templateTripId: 'BRT-T' } : {}),
})
const trips = [trip('BRT-1', 'BRT', 8 * 3600, true), trip('BRT-2', 'BRT', 8 * 3600 + 240, true), trip('BRT-3', 'BRT', 8 * 3600 + 480, true), trip('R7-1', 'R7', 8 * 3600, false)]
// straight shapes 10 km long, their shape_dist_traveled in metres
const shape = (shapeId: string) => ({
  shapeId, lats: Float64Array.of(31.9, 31.99), lons: Float64Array.of(35.9, 35.9), distancesM: Float64Array.of(0, 10_000), feedDistances: Float64Array.of(0, 10_000),
})
const schedule = new Schedule({
  feedId: 1, timeZone: 'Asia/Amman', stops: [], trips, shapes: [shape('BRT-shape'), shape('R7-shape')], calendar: [], calendarDates: [], frequencies: [],
  routes: [{ routeId: 'BRT', shortName: 'BRT1', longName: null, type: 3, color: null }, { routeId: 'R7', shortName: '7', longName: null, type: 3, color: null }],
})
const NOW = 1_800_000_000_000

function fleetOf(buses: Array<{ tripId: string; alongM: number; deviationS: number }>): FleetState {
  const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
  buses.forEach(({ tripId, alongM, deviationS }, i) => {
    const vehicleId = `bus-${i}`
    const routeId = schedule.trips.get(tripId)!.routeId
    fleet.apply(
      { agencyId: 'gam', vehicleId, recordedAtMs: NOW - 5000, lat: 31.95, lon: 35.9, speedMps: null, bearingDeg: null, accuracyM: null, odometerM: null, tripId: null, routeId: null, occupancy: null, seq: null },
      NOW, { ...unassignedMatch(vehicleId, NOW), status: 'in-service', tripId, routeId, directionId: 0, serviceDate: '2027-01-15', distanceAlongTripM: alongM, scheduleDeviationS: deviationS, confidence: 1 },
    )
  })
  return fleet
}

describe('vehicleAdherenceOf', () => {
  it('judges a BRT bus by the gap to the bus ahead, not by its nominal timetable', () => {
    // bus-0 leads at 6 km; bus-1 at 4 km is 2 km (360 s of running time) behind it, though "45 min late";
    // bus-2 at 3.9 km runs 18 s behind bus-1: bunched
    const fleet = fleetOf([{ tripId: 'BRT-1', alongM: 6000, deviationS: 0 }, { tripId: 'BRT-2', alongM: 4000, deviationS: 2700 }, { tripId: 'BRT-3', alongM: 3900, deviationS: 0 }])
    const [lead, second, third] = [...fleet.all()].map((v) => vehicleAdherenceOf(fleet, v, NOW, schedule))
    expect(lead).toEqual({ kind: 'headway', gapS: null, scheduledHeadwayS: 240 })
    expect(second).toEqual({ kind: 'headway', gapS: 360, scheduledHeadwayS: 240 })
    expect(third).toEqual({ kind: 'headway', gapS: 18, scheduledHeadwayS: 240 })
  })

  it('judges a timetabled bus by its schedule deviation, in the vehicle view too', () => {
    const fleet = fleetOf([{ tripId: 'R7-1', alongM: 2000, deviationS: 420 }])
    const view = viewOf(fleet, fleet.get('bus-0')!, NOW, schedule)
    expect(view.adherence).toEqual({ kind: 'schedule', deviationS: 420 })
  })

  it('times a point along a trip by its stop times', () => {
    expect([0, 2500, 5000, 7500, 10_000, 12_000].map((m) => scheduledOffsetAtS(trips[0]!, m))).toEqual([0, 450, 900, 1350, 1800, 1800])
  })
})

describe('fleetAdherenceNow', () => {
  it('counts timetabled buses on time and headway buses with a regular gap, leaving the leader out', () => {
    const fleet = fleetOf([
      { tripId: 'BRT-1', alongM: 6000, deviationS: 0 }, { tripId: 'BRT-2', alongM: 4700, deviationS: 2700 }, { tripId: 'BRT-3', alongM: 4650, deviationS: 0 },
      { tripId: 'R7-1', alongM: 2000, deviationS: 120 },
    ])
    expect(fleetAdherenceNow(fleet, schedule, NOW)).toEqual({ schedule: { buses: 1, onTimeShare: 1 }, headway: { buses: 2, regularShare: 0.5 } })
  })
})
