import { Schedule, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import { describe, expect, it } from 'vitest'
import { unassignedMatch, type VehicleMatch } from '../matching/vehicle-match.js'
import { FleetState } from '../fleet/fleet-state.js'
import { ArrivalPredictor } from '../predictions/arrival-predictor.js'
import { predictFleet } from '../predictions/predict-fleet.js'
import { buildTripUpdates } from './trip-updates-feed.js'

const at = (i: number) => ({ lat: 31.95, lon: 35.9 + i * 0.01 })
function trip(tripId: string, startS: number, times: number[]): ScheduleTrip {
  const stopIds = times.map((_, i) => `S${i}`)
  return {
    tripId, routeId: 'R1', serviceId: 'WK', directionId: 0, blockId: 'B1', shapeId: null, headsign: null, stopIds, stopSequences: Int32Array.from(times, (_, i) => (i + 1) * 10),
    arrivals: Int32Array.from(times, (t) => startS + t), departures: Int32Array.from(times, (t) => startS + t), shapeDistTraveled: new Float64Array(times.length).fill(Number.NaN), distancesM: new Float64Array(0),
  }
}
// Two trips of one bus: 08:00 (stops at +0, +5, +5 (same minute), +10 min) and 08:30.
const schedule = new Schedule({
  feedId: 1, timeZone: 'Asia/Amman',
  stops: [0, 1, 2, 3].map((i) => ({ stopId: `S${i}`, code: null, name: `S${i}`, translations: {}, ...at(i) })),
  routes: [{ routeId: 'R1', shortName: '1', longName: null, type: 3, color: null }],
  trips: [trip('T1', 8 * 3600, [0, 300, 300, 600]), trip('T2', 8.5 * 3600, [0, 300, 400, 600])],
  shapes: [], calendar: [{ serviceId: 'WK', days: [true, true, true, true, true, true, true], startDate: '2026-01-01', endDate: '2026-12-31' }], calendarDates: [], frequencies: [],
})
const DATE = '2026-11-23'
const match = (overrides: Partial<VehicleMatch>): VehicleMatch => ({ ...unassignedMatch('bus-1', instantOfGtfsTime(DATE, 8 * 3600 + 400, 'Asia/Amman')), status: 'in-service', blockId: 'B1', tripId: 'T1', routeId: 'R1', directionId: 0, serviceDate: DATE, nextStopIndex: 2, scheduleDeviationS: 1500, confidence: 1, ...overrides })

const NOW = instantOfGtfsTime(DATE, 8 * 3600 + 400, 'Asia/Amman')

/** The schedule method's predictions for a fleet holding these matches, as the api serves them. */
function feedOf(matches: VehicleMatch[], cancelled: Parameters<typeof buildTripUpdates>[2] = [], nowMs = NOW) {
  const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
  for (const m of matches) {
    const ping: VehiclePing = { agencyId: 'gam', vehicleId: m.vehicleId, recordedAtMs: m.atMs, lat: 31.95, lon: 35.9, speedMps: null, bearingDeg: null, accuracyM: null, odometerM: null, tripId: null, routeId: null, occupancy: null, seq: null }
    fleet.apply(ping, m.atMs, m)
  }
  return buildTripUpdates(predictFleet(new ArrivalPredictor(schedule), fleet, 'schedule', nowMs), nowMs, cancelled)
}

describe('buildTripUpdates', () => {
  it('carries the deviation down the trip, then into the next trip of the block after the minimum layover', () => {
    const feed = feedOf([match({})])
    expect(feed.entity.map((e) => e.id)).toEqual(['T1-20261123', 'T2-20261123'])
    const t1 = feed.entity[0]!.tripUpdate!
    expect(t1.trip).toMatchObject({ tripId: 'T1', routeId: 'R1', startDate: '20261123' })
    expect(t1.vehicle!.id).toBe('bus-1')
    expect(t1.stopTimeUpdate!.map((u) => [u.stopSequence, u.stopId])).toEqual([[30, 'S2'], [40, 'S3']])
    const origin = instantOfGtfsTime(DATE, 0, 'Asia/Amman') / 1000
    expect(Number(t1.stopTimeUpdate![0]!.arrival!.time)).toBe(origin + 8 * 3600 + 300 + 1500)
    // T1 ends 25 min late at 08:35 + 2 min layover: T2 leaves at 08:37, 7 minutes after its 08:30
    const t2 = feed.entity[1]!.tripUpdate!
    expect(Number(t2.stopTimeUpdate![0]!.departure!.time)).toBe(origin + 8 * 3600 + 600 + 1500 + 120)
    expect(t2.delay).toBe(420)
  })

  it('gives every time an uncertainty in seconds that grows with the horizon', () => {
    const updates = feedOf([match({})]).entity.flatMap((e) => e.tripUpdate!.stopTimeUpdate!)
    const uncertainties = updates.map((u) => u.arrival!.uncertainty!)
    expect(uncertainties.every((u) => u > 0)).toBe(true)
    expect(uncertainties.at(-1)!).toBeGreaterThan(uncertainties[0]!)
  })

  it('gives strictly increasing times, even where the timetable repeats a minute', () => {
    const eight = instantOfGtfsTime(DATE, 8 * 3600, 'Asia/Amman')
    const feed = feedOf([match({ nextStopIndex: 0, scheduleDeviationS: 0, atMs: eight - 10_000 })], [], eight)
    const times = feed.entity[0]!.tripUpdate!.stopTimeUpdate!.flatMap((u) => [Number(u.arrival!.time), Number(u.departure!.time)])
    for (let i = 2; i < times.length; i += 2) expect(times[i]).toBeGreaterThan(times[i - 1]!)
    expect(feed.entity[1]!.tripUpdate!.delay).toBe(0) // on time: the layover holds the next trip to its time
  })

  it('leaves out unassigned and deadheading buses, and never gives one trip twice', () => {
    const feed = feedOf([match({}), match({ vehicleId: 'bus-2' }), { ...unassignedMatch('bus-3', NOW) }, match({ vehicleId: 'bus-4', status: 'deadhead' })])
    expect(feed.entity.map((e) => e.id)).toEqual(['T1-20261123', 'T2-20261123'])
    expect(new Set(feed.entity.map((e) => e.tripUpdate!.vehicle!.id))).toEqual(new Set(['bus-1']))
  })

  it('leaves a later trip of the block to the bus already working it', () => {
    const feed = feedOf([match({ vehicleId: 'bus-1' }), match({ vehicleId: 'bus-2', tripId: 'T2', nextStopIndex: 1, scheduleDeviationS: 60 })])
    expect(feed.entity.map((e) => [e.id, e.tripUpdate!.vehicle!.id])).toEqual([['T1-20261123', 'bus-1'], ['T2-20261123', 'bus-2']])
  })

  it('gives a cancelled trip as CANCELED, without the predictions of the bus that was to work it', () => {
    const feed = feedOf([match({})], [{ trip: schedule.trips.get('T2')!, serviceDate: DATE }])
    expect(feed.entity.map((e) => [e.id, e.tripUpdate!.trip!.scheduleRelationship])).toEqual([['T1-20261123', 0], ['T2-20261123', 3]])
    expect(feed.entity[1]!.tripUpdate!.stopTimeUpdate).toEqual([])
  })
})
