import { Schedule, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import { describe, expect, it } from 'vitest'
import { FleetState } from '../fleet/fleet-state.js'
import { tripKey } from '../matching/trip-key.js'
import { unassignedMatch, type VehicleMatch } from '../matching/vehicle-match.js'
import { ArrivalPredictor } from './arrival-predictor.js'
import { arrivalsAt } from './arrivals-at-stop.js'
import { predictFleet } from './predict-fleet.js'

const ZONE = 'Asia/Amman'
const DATE = '2026-11-23'
const EIGHT = 8 * 3600
const clock = (seconds: number) => instantOfGtfsTime(DATE, seconds, ZONE)
const iso = (seconds: number) => new Date(clock(seconds)).toISOString()
const HOUR = 3600_000

function trip(tripId: string, startS: number, stopIds: string[], options: Partial<ScheduleTrip> = {}): ScheduleTrip {
  const times = Int32Array.from(stopIds, (_, i) => startS + i * 120)
  return { tripId, routeId: 'R1', serviceId: 'WK', directionId: 0, blockId: 'B1', shapeId: null, headsign: 'Downtown', stopIds, arrivals: times, departures: times, shapeDistTraveled: new Float64Array(stopIds.length).fill(Number.NaN), distancesM: new Float64Array(0), ...options }
}
// One bus: T1 08:00 S0 → S3, T2 08:30 back S3 → S0. T9 (another route, another service) never runs on Mondays.
const schedule = new Schedule({
  feedId: 1, timeZone: ZONE,
  stops: [0, 1, 2, 3].map((i) => ({ stopId: `S${i}`, code: null, name: `S${i}`, translations: {}, lat: 31.95, lon: 35.9 + i * 0.01 })),
  routes: [{ routeId: 'R1', shortName: '1', longName: null, type: 3, color: null }, { routeId: 'R9', shortName: null, longName: 'Nine', type: 3, color: null }],
  trips: [trip('T1', EIGHT, ['S0', 'S1', 'S2', 'S3']), trip('T2', EIGHT + 1800, ['S3', 'S2', 'S1', 'S0'], { headsign: 'Uptown', headsignTranslations: { ar: 'المدينة العليا' } }), trip('T9', EIGHT + 300, ['S0', 'S1'], { routeId: 'R9', serviceId: 'FRI', blockId: null })],
  shapes: [],
  calendar: [
    { serviceId: 'WK', days: [true, true, true, true, true, true, true], startDate: '2026-01-01', endDate: '2026-12-31' },
    { serviceId: 'FRI', days: [false, false, false, false, true, false, false], startDate: '2026-01-01', endDate: '2026-12-31' },
  ],
  calendarDates: [], frequencies: [],
})

const NOW = clock(EIGHT + 10) // 08:00:10: T1 has just left S0
const match: VehicleMatch = {
  ...unassignedMatch('bus-1', NOW), status: 'in-service', blockId: 'B1', tripId: 'T1', routeId: 'R1', directionId: 0, serviceDate: DATE, nextStopIndex: 1, nextStopId: 'S1', scheduleDeviationS: 120, confidence: 1,
}

function sourceOf(options: { matched?: boolean; cancelled?: string[] } = {}) {
  const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
  const ping: VehiclePing = { agencyId: 'gam', vehicleId: 'bus-1', recordedAtMs: NOW, lat: 31.95, lon: 35.9, speedMps: null, bearingDeg: null, accuracyM: null, odometerM: null, tripId: null, routeId: null, occupancy: 'FEW_SEATS_AVAILABLE', seq: null }
  fleet.apply(ping, NOW, options.matched === false ? null : match)
  const predictions = predictFleet(new ArrivalPredictor(schedule), fleet, 'schedule', NOW)
  return { schedule, fleet, predictions, cancelled: new Set((options.cancelled ?? []).map((tripId) => tripKey(DATE, tripId))) }
}

describe('arrivalsAt', () => {
  it("gives each headsign in the rider's language where the feed translates it, the feed's own otherwise", () => {
    const source = sourceOf()
    const headsigns = (lang?: string) => arrivalsAt(source, 'S2', NOW, HOUR, lang).map((a) => [a.tripId, a.headsign])
    expect(headsigns('ar')).toEqual([['T1', 'Downtown'], ['T2', 'المدينة العليا']])
    expect(headsigns('en')).toEqual([['T1', 'Downtown'], ['T2', 'Uptown']])
    expect(headsigns()).toEqual([['T1', 'Downtown'], ['T2', 'Uptown']])
  })

  it('gives the predicted arrival with its range where a bus works the trip', () => {
    const source = sourceOf()
    const p1 = source.predictions.find((p) => p.trip.tripId === 'T1')!
    const [t1, t2] = arrivalsAt(source, 'S1', NOW, HOUR)
    expect(t1).toMatchObject({
      routeId: 'R1', routeShortName: '1', tripId: 'T1', headsign: 'Downtown', at: iso(EIGHT + 240), minutes: 4, realtime: true, stale: false, cancelled: false,
      vehicleId: 'bus-1', occupancy: 'FEW_SEATS_AVAILABLE', scheduledAt: iso(EIGHT + 120),
    })
    expect(t1!.earliest).toBe(new Date(p1.lowMs[0]!).toISOString())
    expect(t1!.latest).toBe(new Date(p1.highMs[0]!).toISOString())
    expect(t1!.earliest! < t1!.at && t1!.at < t1!.latest!).toBe(true)
    expect(t1!.minutesRange).toEqual([Math.round((p1.lowMs[0]! - NOW) / 60_000), Math.round((p1.highMs[0]! - NOW) / 60_000)])
    // the bus's next trip passes S1 too: predicted from the same bus (the layover absorbs the delay)
    expect(t2).toMatchObject({ tripId: 'T2', headsign: 'Uptown', at: iso(EIGHT + 1800 + 240), realtime: true, vehicleId: 'bus-1' })
  })

  it('gives the timetable where no bus works the trip', () => {
    const source = sourceOf({ matched: false })
    expect(source.predictions).toEqual([])
    const arrivals = arrivalsAt(source, 'S1', NOW, HOUR)
    expect(arrivals.map((a) => [a.tripId, a.at, a.realtime])).toEqual([['T1', iso(EIGHT + 120), false], ['T2', iso(EIGHT + 1800 + 240), false]])
    expect(arrivals[0]).toMatchObject({ earliest: null, latest: null, minutesRange: null, vehicleId: null, occupancy: null, minutes: 2, stale: false })
  })

  it('leaves out a stop the bus has passed, though its time is not yet past', () => {
    expect(arrivalsAt(sourceOf(), 'S0', NOW, HOUR)).toEqual([]) // T1 left S0; S0 ends T2
    expect(arrivalsAt(sourceOf({ matched: false }), 'S0', NOW, HOUR).map((a) => a.tripId)).toEqual(['T1']) // 08:00, 10 s ago
  })

  it('leaves out the last stop of a trip', () => {
    expect(arrivalsAt(sourceOf(), 'S3', NOW, HOUR).map((a) => a.tripId)).toEqual(['T2']) // S3 ends T1, starts T2
  })

  it('keeps a cancelled trip, marked', () => {
    const arrivals = arrivalsAt(sourceOf({ cancelled: ['T2'] }), 'S1', NOW, HOUR)
    expect(arrivals.map((a) => [a.tripId, a.cancelled])).toEqual([['T1', false], ['T2', true]])
  })

  it('keeps to the horizon, and to the services of the day', () => {
    expect(arrivalsAt(sourceOf(), 'S1', NOW, 10 * 60_000).map((a) => a.tripId)).toEqual(['T1'])
    expect(arrivalsAt(sourceOf({ matched: false }), 'S2', clock(EIGHT + 300), HOUR).map((a) => a.tripId)).toEqual(['T2']) // T1 passed S2 at 08:04
  })
})

describe('arrivalsAt on a route run to a headway', () => {
  const frequencySchedule = (exactTimes: boolean) => new Schedule({
    feedId: 1, timeZone: ZONE, stops: [...schedule.stops.values()], routes: [...schedule.routes.values()], shapes: [],
    trips: [trip('F', EIGHT, ['S0', 'S1', 'S2', 'S3'], { blockId: null })],
    calendar: [{ serviceId: 'WK', days: [true, true, true, true, true, true, true], startDate: '2026-01-01', endDate: '2026-12-31' }], calendarDates: [],
    frequencies: [{ tripId: 'F', startS: EIGHT, endS: EIGHT + 3600, headwayS: 600, exactTimes }],
  })
  const source = (s: Schedule) => ({ schedule: s, fleet: new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 }), predictions: [], cancelled: new Set<string>() })

  it('gives "every 10 min" once for the runs no bus is predicted for, not their made-up times', () => {
    const arrivals = arrivalsAt(source(frequencySchedule(false)), 'S1', NOW, HOUR)
    expect(arrivals).toHaveLength(1)
    expect(arrivals[0]).toMatchObject({ tripId: 'F', realtime: false, headwayMinutes: 10, scheduledAt: iso(EIGHT + 120) })
  })

  it('gives every run its time where the frequencies are exact times', () => {
    const arrivals = arrivalsAt(source(frequencySchedule(true)), 'S1', NOW, HOUR)
    expect(arrivals.map((a) => [a.scheduledAt, a.headwayMinutes])).toEqual([0, 1, 2, 3, 4, 5].map((k) => [iso(EIGHT + 120 + k * 600), null]))
  })
})
