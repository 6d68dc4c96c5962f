import { Schedule, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import { describe, expect, it } from 'vitest'
import { FleetState } from '../fleet/fleet-state.js'
import { unassignedMatch, type VehicleMatch } from '../matching/vehicle-match.js'
import { ArrivalPredictor } from './arrival-predictor.js'
import { predictFleet } from './predict-fleet.js'

const ZONE = 'Asia/Amman'
const DATE = '2026-11-23'
const EIGHT = 8 * 3600
const clock = (seconds: number) => instantOfGtfsTime(DATE, seconds, ZONE)

function trip(tripId: string, startS: number): ScheduleTrip {
  const stopIds = ['S0', 'S1', 'S2', 'S3']
  const times = Int32Array.from(stopIds, (_, i) => startS + i * 120)
  return { tripId, routeId: 'R1', serviceId: 'WK', directionId: 0, blockId: 'B1', shapeId: null, headsign: null, stopIds, arrivals: times, departures: times, shapeDistTraveled: new Float64Array(4).fill(Number.NaN), distancesM: new Float64Array(0) }
}
// One bus's block: T1 08:00, T2 08:30, T3 09:00.
const schedule = new Schedule({
  feedId: 1, timeZone: ZONE,
  stops: [0, 1, 2, 3].map((i) => ({ stopId: `S${i}`, code: null, name: `S${i}`, translations: {}, lat: 31.95, lon: 35.9 + i * 0.01 })),
  routes: [{ routeId: 'R1', shortName: '1', longName: null, type: 3, color: null }],
  trips: [trip('T1', EIGHT), trip('T2', EIGHT + 1800), trip('T3', EIGHT + 3600)],
  shapes: [], calendar: [{ serviceId: 'WK', days: [true, true, true, true, true, true, true], startDate: '2026-01-01', endDate: '2026-12-31' }], calendarDates: [], frequencies: [],
})
const NOW = clock(EIGHT + 100)

const match = (vehicleId: string, overrides: Partial<VehicleMatch> = {}): VehicleMatch => ({
  ...unassignedMatch(vehicleId, NOW), status: 'in-service', blockId: 'B1', tripId: 'T1', routeId: 'R1', directionId: 0, serviceDate: DATE, nextStopIndex: 1, scheduleDeviationS: 0, confidence: 0.9, ...overrides,
})

function fleetOf(matches: VehicleMatch[], declared: Record<string, string> = {}): FleetState {
  const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
  for (const m of matches) {
    const ping: VehiclePing = { agencyId: 'gam', vehicleId: m.vehicleId, recordedAtMs: m.atMs, lat: 31.95, lon: 35.9, speedMps: null, bearingDeg: null, accuracyM: null, odometerM: null, tripId: declared[m.vehicleId] ?? null, routeId: null, occupancy: null, seq: null }
    fleet.apply(ping, m.atMs, m)
  }
  return fleet
}
const worked = (fleet: FleetState, nowMs = NOW) => predictFleet(new ArrivalPredictor(schedule), fleet, 'schedule', nowMs).map((p) => [p.trip.tripId, p.vehicleId])

describe('predictFleet', () => {
  it("predicts a bus's trip and the later trips of its block", () => {
    expect(worked(fleetOf([match('bus-1')]))).toEqual([['T1', 'bus-1'], ['T2', 'bus-1'], ['T3', 'bus-1']])
  })

  it('withdraws offline vehicles and flags stale ones', () => {
    expect(worked(fleetOf([match('bus-1', { atMs: NOW - 301_000 })]))).toEqual([])
    const stale = predictFleet(new ArrivalPredictor(schedule), fleetOf([match('bus-1', { atMs: NOW - 120_000 })]), 'learned', NOW)
    expect(stale.map((p) => p.trip.tripId)).toEqual(['T1', 'T2', 'T3'])
    expect(stale.every((p) => p.stale && p.fixAtMs === NOW - 120_000)).toBe(true)
    const fresh = predictFleet(new ArrivalPredictor(schedule), fleetOf([match('bus-1')]), 'learned', NOW)
    expect(fresh.every((p) => !p.stale)).toBe(true)
  })

  it('leaves out unassigned, deadheading and depot vehicles', () => {
    expect(worked(fleetOf([unassignedMatch('bus-1', NOW), match('bus-2', { status: 'deadhead' }), match('bus-3', { status: 'at-depot' })]))).toEqual([])
  })

  it('gives a trip two buses are matched to once, by the winning bus', () => {
    expect(worked(fleetOf([match('bus-2'), match('bus-1')]))).toEqual([['T1', 'bus-1'], ['T2', 'bus-1'], ['T3', 'bus-1']])
    // the bus that declares the trip wins over the smaller id
    expect(worked(fleetOf([match('bus-1'), match('bus-2')], { 'bus-2': 'T1' }))).toEqual([['T1', 'bus-2'], ['T2', 'bus-2'], ['T3', 'bus-2']])
    // then the more confident match
    expect(worked(fleetOf([match('bus-1', { confidence: 0.5 }), match('bus-2', { confidence: 0.8 })])).map(([, v]) => v)).toEqual(['bus-2', 'bus-2', 'bus-2'])
  })

  it('leaves a later trip of the block, and what follows it, to the bus working it', () => {
    const fleet = fleetOf([match('bus-1'), match('bus-2', { tripId: 'T2', nextStopIndex: 2 })])
    expect(worked(fleet)).toEqual([['T1', 'bus-1'], ['T2', 'bus-2'], ['T3', 'bus-2']])
    const reversed = fleetOf([match('bus-2'), match('bus-1', { tripId: 'T2', nextStopIndex: 2 })])
    expect(worked(reversed)).toEqual([['T2', 'bus-1'], ['T3', 'bus-1'], ['T1', 'bus-2']])
  })

  it('does not give a later trip to a bus that has finished its own trip while another bus works it', () => {
    const fleet = fleetOf([match('bus-1', { nextStopIndex: null }), match('bus-2', { tripId: 'T2', nextStopIndex: 1 })])
    expect(worked(fleet)).toEqual([['T2', 'bus-2'], ['T3', 'bus-2']])
  })
})
