import { Schedule, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import { describe, expect, it } from 'vitest'
import { FleetState } from '../fleet/fleet-state.js'
import { unassignedMatch, type VehicleMatch } from '../matching/vehicle-match.js'
import type { StopEvent } from '../stop-events/detect-stop-events.js'
import { priorSpread } from './error-spread.js'
import { PredictionService } from './prediction-service.js'
import type { PredictionOutcome, SegmentTraversal } from './prediction-types.js'

const ZONE = 'Asia/Amman'
const EIGHT = 8 * 3600
const DATE = '2026-11-23'
const clock = (seconds: number, date = DATE) => instantOfGtfsTime(date, seconds, ZONE)

function trip(tripId: string, startS: number): ScheduleTrip {
  const stopIds = ['S0', 'S1', 'S2', 'S3']
  const times = Int32Array.from(stopIds, (_, i) => startS + i * 120)
  return { tripId, routeId: 'R1', serviceId: 'WK', directionId: 0, blockId: null, shapeId: null, headsign: null, stopIds, arrivals: times, departures: times, shapeDistTraveled: new Float64Array(4).fill(Number.NaN), distancesM: new Float64Array(0) }
}
const schedule = new Schedule({
  feedId: 1, timeZone: ZONE,
  stops: [0, 1, 2, 3].map((i) => ({ stopId: `S${i}`, code: null, name: `S${i}`, translations: {}, lat: 31.95, lon: 35.9 + i * 0.01 })),
  routes: [{ routeId: 'R1', shortName: '1', longName: null, type: 3, color: null }],
  trips: [trip('T1', EIGHT)],
  shapes: [], calendar: [{ serviceId: 'WK', days: [true, true, true, true, true, true, true], startDate: '2026-01-01', endDate: '2026-12-31' }], calendarDates: [], frequencies: [],
})

/** Puts bus-1 on T1 of a date, at S0 at 08:00, as matching would. */
function place(fleet: FleetState, date: string, atMs = clock(EIGHT, date)): void {
  const m: VehicleMatch = { ...unassignedMatch('bus-1', atMs), status: 'in-service', blockId: null, tripId: 'T1', routeId: 'R1', directionId: 0, serviceDate: date, nextStopIndex: 0, scheduleDeviationS: 0, confidence: 1 }
  const ping: VehiclePing = { agencyId: 'gam', vehicleId: 'bus-1', recordedAtMs: atMs, lat: 31.95, lon: 35.9, speedMps: null, bearingDeg: null, accuracyM: null, odometerM: null, tripId: null, routeId: null, occupancy: null, seq: null }
  fleet.apply(ping, atMs, m)
}
const event = (stopIndex: number, arrivalS: number, date = DATE): StopEvent => ({
  vehicleId: 'bus-1', tripId: 'T1', routeId: 'R1', serviceDate: date, stopId: `S${stopIndex - 1}`, stopIndex, arrivalMs: clock(arrivalS, date), departureMs: clock(arrivalS, date), observed: false,
})
const newFleet = () => new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })

describe('PredictionService', () => {
  it('scores the logged predictions of every method when the stop events say the bus arrived', () => {
    const fleet = newFleet()
    const outcomes: PredictionOutcome[][] = []
    const traversals: SegmentTraversal[][] = []
    const service = new PredictionService(schedule, fleet, { scoreOnStopEvents: true, onOutcomes: (o) => outcomes.push(o), onTraversals: (t) => traversals.push(t) })
    place(fleet, DATE)
    service.tick(clock(EIGHT))
    expect(service.log.pending).toBe(4)

    service.onStopEvents([event(1, EIGHT), event(2, EIGHT + 150)]) // S1 30 s late
    expect(traversals).toHaveLength(1)
    expect(traversals[0]).toMatchObject([{ fromStopId: 'S0', toStopId: 'S1', tripId: 'T1', vehicleId: 'bus-1' }])
    // S0 (now, 0 s ahead) and S1: one outcome per method each, every error 30 s at S1
    const scored = outcomes.flat()
    expect(scored.filter((o) => o.stopIndex === 2).map((o) => [o.method, (o.actualMs - o.predictedMs) / 1000])).toEqual([['schedule', 30], ['learned', 30], ['kalman', 30]])
    expect(service.log.pending).toBe(2)
  })

  it('feeds the errors it scores into the spread given with later predictions', () => {
    const fleet = newFleet()
    const service = new PredictionService(schedule, fleet, { scoreOnStopEvents: true, methods: ['schedule'] })
    const horizonMs = 120_000
    expect(service.predictor.spread.spread('schedule', horizonMs)).toEqual(priorSpread(horizonMs))
    // forty days on which S1 came 100 s after its predicted time
    for (let day = 0; day < 40; day++) {
      const date = new Date(Date.UTC(2026, 9, 1 + day)).toISOString().slice(0, 10)
      place(fleet, date)
      service.tick(clock(EIGHT, date))
      service.onStopEvents([event(2, EIGHT + 220, date)])
    }
    expect(service.predictor.spread.spread('schedule', horizonMs)).toEqual({ p10S: 100, p90S: 100 })
    place(fleet, DATE)
    const [p] = service.served(clock(EIGHT), 'schedule')
    expect(p!.highMs[1]! - p!.arrivalsMs[1]!).toBe(100_000)
  })

  it('scores only the arrivals it is given when not scoring on stop events', () => {
    const fleet = newFleet()
    let calls = 0
    const service = new PredictionService(schedule, fleet, { scoreOnStopEvents: false, onOutcomes: () => (calls += 1) })
    place(fleet, DATE)
    service.tick(clock(EIGHT))
    service.onStopEvents([event(1, EIGHT), event(2, EIGHT + 150)])
    expect(calls).toBe(0)
    expect(service.predictor.history.traversals).toBe(1) // it still learns
    const outcomes = service.arrived('T1', DATE, 2, clock(EIGHT + 100))
    expect(outcomes.map((o) => [o.method, (o.actualMs - o.predictedMs) / 1000])).toEqual([['schedule', -20], ['learned', -20], ['kalman', -20]])
    expect(calls).toBe(1)
    expect(service.arrived('T1', DATE, 2, clock(EIGHT + 100))).toEqual([])
    expect(calls).toBe(1) // nothing to score: no call
  })

  it('serves the same predictions within a second while the fleet stands still', () => {
    const fleet = newFleet()
    const service = new PredictionService(schedule, fleet, { scoreOnStopEvents: true })
    place(fleet, DATE)
    const now = clock(EIGHT) + 100
    const first = service.served(now)
    expect(first.map((p) => [p.method, p.trip.tripId])).toEqual([['kalman', 'T1']])
    expect(service.served(now + 800)).toBe(first)
    const nextSecond = service.served(now + 900)
    expect(nextSecond).not.toBe(first)
    expect(service.served(now + 950)).toBe(nextSecond)
    place(fleet, DATE, clock(EIGHT) + 500) // a new fix, same second
    expect(service.served(now + 960)).not.toBe(nextSecond)
    expect(service.served(now + 960, 'schedule')).not.toBe(service.served(now + 960, 'schedule')) // other methods: made each time
    expect(service.served(now + 960, 'schedule')[0]!.method).toBe('schedule')
  })
})
