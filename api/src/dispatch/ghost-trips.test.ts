import { Schedule, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import { describe, expect, it } from 'vitest'
import { FleetState } from '../fleet/fleet-state.js'
import { unassignedMatch } from '../matching/vehicle-match.js'
import { ghostTrips } from './ghost-trips.js'

const DATE = '2026-11-23'
function trip(tripId: string, blockId: string | null, startS: number): ScheduleTrip {
  return {
    tripId, routeId: 'R1', serviceId: 'WK', directionId: 0, blockId, shapeId: null, headsign: null, stopIds: ['S0', 'S1'],
    arrivals: Int32Array.of(startS, startS + 1800), departures: Int32Array.of(startS, startS + 1800), shapeDistTraveled: new Float64Array(2).fill(Number.NaN), distancesM: new Float64Array(0),
  }
}
const schedule = new Schedule({
  feedId: 1, timeZone: 'Asia/Amman',
  stops: [0, 1].map((i) => ({ stopId: `S${i}`, code: null, name: `S${i}`, translations: {}, lat: 31.95, lon: 35.9 + i * 0.01 })),
  routes: [{ routeId: 'R1', shortName: '1', longName: null, type: 3, color: null }],
  // B1's two trips run at once on paper (a bus late on the first still holds the second); T3 and T4 have no block
  trips: [trip('T1', 'B1', 8 * 3600), trip('T2', 'B1', 8 * 3600 + 60), trip('T3', null, 8 * 3600), trip('T4', null, 8 * 3600)],
  shapes: [], calendar: [{ serviceId: 'WK', days: [true, true, true, true, true, true, true], startDate: '2026-01-01', endDate: '2026-12-31' }], calendarDates: [], frequencies: [],
})
const NOW = instantOfGtfsTime(DATE, 8 * 3600 + 900, 'Asia/Amman')

function fleetWorking(works: Array<{ vehicleId: string; tripId: string; blockId: string | null; serviceDate: string }>): FleetState {
  const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
  for (const w of works) {
    const ping: VehiclePing = { agencyId: 'gam', vehicleId: w.vehicleId, recordedAtMs: NOW, lat: 31.95, lon: 35.9, speedMps: null, bearingDeg: null, accuracyM: null, odometerM: null, tripId: null, routeId: null, occupancy: null, seq: null }
    fleet.apply(ping, NOW, { ...unassignedMatch(w.vehicleId, NOW), status: 'in-service', tripId: w.tripId, blockId: w.blockId, routeId: 'R1', serviceDate: w.serviceDate })
  }
  return fleet
}

describe('ghostTrips', () => {
  it('gives the running trips no bus works, itself or through its block, on that service day', () => {
    const fleet = fleetWorking([
      { vehicleId: 'bus-1', tripId: 'T1', blockId: 'B1', serviceDate: DATE }, // covers T2 by its block
      { vehicleId: 'bus-3', tripId: 'T3', blockId: null, serviceDate: DATE },
      { vehicleId: 'bus-4', tripId: 'T4', blockId: null, serviceDate: '2026-11-22' }, // yesterday's T4 is not today's
    ])
    expect(ghostTrips(schedule, fleet, NOW).map((g) => [g.tripId, g.serviceDate])).toEqual([['T4', DATE]])
  })
})
