import { Schedule, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { describe, expect, it } from 'vitest'
import { FleetState } from '../fleet/fleet-state.js'
import { RateMeter } from '../fleet/rate-meter.js'
import { unassignedMatch } from '../matching/vehicle-match.js'
import { routeHeadways } from './route-headways.js'

// Route R1 every 10 minutes from 08:00.
const trips: ScheduleTrip[] = [0, 1, 2, 3].map((k) => ({
  tripId: `T${k}`, routeId: 'R1', serviceId: 'WK', directionId: 0, blockId: null, shapeId: null, headsign: null, stopIds: ['A', 'B'],
  arrivals: Int32Array.of(8 * 3600 + k * 600, 8 * 3600 + k * 600 + 900), departures: Int32Array.of(8 * 3600 + k * 600, 8 * 3600 + k * 600 + 900),
  shapeDistTraveled: Float64Array.of(Number.NaN, Number.NaN), distancesM: new Float64Array(0),
}))
const schedule = new Schedule({
  feedId: 1, timeZone: 'Asia/Amman', stops: [], routes: [{ routeId: 'R1', shortName: '1', longName: null, type: 3, color: null }], trips, shapes: [],
  calendar: [], calendarDates: [], frequencies: [],
})
const NOW = 1_800_000_000_000

function fleetWith(deviations: Record<string, number>): FleetState {
  const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
  Object.entries(deviations).forEach(([tripId, deviation], i) => {
    const vehicleId = `bus-${i}`
    fleet.apply(
      { agencyId: 'gam', vehicleId, recordedAtMs: NOW - 5000, lat: 31.95, lon: 35.9, speedMps: null, bearingDeg: null, accuracyM: null, odometerM: null, tripId: null, routeId: null, occupancy: null, seq: null },
      NOW, { ...unassignedMatch(vehicleId, NOW), status: 'in-service', tripId, routeId: 'R1', directionId: 0, serviceDate: '2027-01-15', scheduleDeviationS: deviation, confidence: 1 },
    )
  })
  return fleet
}

describe('route headways', () => {
  it('orders the buses along the route and flags bunching and gaps against the timetable', () => {
    // T0 on time; T1 eight minutes late (18 min behind T0); T2 on time, so only 2 min behind T1: bunched;
    // T3 twenty minutes late: 30 min behind T2, where the timetable has 10: a gap
    const headways = routeHeadways(schedule, fleetWith({ T0: 0, T1: 480, T2: 0, T3: 1200 }), 'R1', NOW)['0']!
    expect(headways.map((h) => [h.tripId, h.state, h.headwayS])).toEqual([
      ['T0', 'leading', null], ['T1', 'ok', 1080], ['T2', 'bunched', 120], ['T3', 'gap', 1800],
    ])
    expect(headways[1]!.aheadVehicleId).toBe('bus-0')
    expect(headways[3]!.scheduledHeadwayS).toBe(600)
  })
})

describe('route headways on a route run to a headway', () => {
  it('judges against the frequencies.txt headway, not the gap between the runs\' nominal starts', () => {
    const runs = trips.map((t) => ({ ...t, headwayBased: true, headwayS: 300 }))
    const brt = new Schedule({
      feedId: 1, timeZone: 'Asia/Amman', stops: [], routes: [{ routeId: 'R1', shortName: '1', longName: null, type: 3, color: null }], trips: runs, shapes: [],
      calendar: [], calendarDates: [], frequencies: [],
    })
    // T0 and T3 are nominally 30 min apart; T0 runs 24 min late, so T3 is 6 min behind it: against a 5-minute headway, ok
    const headways = routeHeadways(brt, fleetWith({ T0: 1440, T3: 0 }), 'R1', NOW)['0']!
    expect(headways.map((h) => [h.tripId, h.state, h.headwayS, h.scheduledHeadwayS])).toEqual([['T0', 'leading', null, null], ['T3', 'ok', 360, 300]])
  })
})

describe('RateMeter', () => {
  it('counts events per second over the last minute', () => {
    const meter = new RateMeter()
    for (let s = 0; s < 120; s++) for (let i = 0; i < 5; i++) meter.mark(NOW + s * 1000)
    expect(meter.perSecond(NOW + 119_000)).toBe(5)
    expect(meter.perSecond(NOW + 300_000)).toBe(0)
  })
})
