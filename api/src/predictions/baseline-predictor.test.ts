import { Schedule, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import { describe, expect, it } from 'vitest'
import { unassignedMatch, type VehicleMatch } from '../matching/vehicle-match.js'
import { ArrivalPredictor } from './arrival-predictor.js'
import { BaselinePredictor } from './baseline-predictor.js'
import type { SegmentTraversal } from './prediction-types.js'

const ZONE = 'Asia/Amman'
const DATE = '2026-11-23'
const EIGHT = 8 * 3600
const clock = (seconds: number, date = DATE) => instantOfGtfsTime(date, seconds, ZONE)

// S0 → S3, two minutes a segment, no dwell in the timetable.
const trip: ScheduleTrip = {
  tripId: 'T1', routeId: 'R1', serviceId: 'WK', directionId: 0, blockId: null, shapeId: null, headsign: null, stopIds: ['S0', 'S1', 'S2', 'S3'],
  arrivals: Int32Array.from([0, 1, 2, 3], (i) => EIGHT + i * 120), departures: Int32Array.from([0, 1, 2, 3], (i) => EIGHT + i * 120),
  shapeDistTraveled: new Float64Array(4).fill(Number.NaN), distancesM: new Float64Array(0),
}
const schedule = new Schedule({
  feedId: 1, timeZone: ZONE,
  stops: [0, 1, 2, 3].map((i) => ({ stopId: `S${i}`, code: null, name: `S${i}`, translations: {}, lat: 31.95, lon: 35.9 + i * 0.01 })),
  routes: [{ routeId: 'R1', shortName: '1', longName: null, type: 3, color: null }], trips: [trip], shapes: [],
  calendar: [{ serviceId: 'WK', days: [true, true, true, true, true, true, true], startDate: '2026-01-01', endDate: '2026-12-31' }], calendarDates: [], frequencies: [],
})

/** A bus 5 minutes late, at S1 (nextStopIndex 1, at the stop). */
const lateAtS1 = (): VehicleMatch => ({
  ...unassignedMatch('bus-1', clock(EIGHT + 420)), status: 'in-service', tripId: 'T1', routeId: 'R1', directionId: 0, serviceDate: DATE, nextStopIndex: 1,
  distanceAlongTripM: schedule.trips.get('T1')!.distancesM[1]!, scheduleDeviationS: 300, confidence: 1,
})

const traversal = (from: number, runningS: number, date = DATE, atS = EIGHT): SegmentTraversal => ({
  feedId: 1, vehicleId: 'bus-0', routeId: 'R1', tripId: 'T1', serviceDate: date, fromStopId: `S${from}`, toStopId: `S${from + 1}`, fromStopIndex: from + 1,
  departedAtMs: clock(atS, date), arrivedAtMs: clock(atS + runningS, date), dwellS: null, dayType: 'weekday', hourOfDay: 8,
})

describe('BaselinePredictor', () => {
  const nowMs = clock(EIGHT + 420)

  it('timetable: the schedule alone, a stop whose time has passed predicted now', () => {
    const [p] = new BaselinePredictor(schedule, new ArrivalPredictor(schedule)).predict(lateAtS1(), 'timetable', nowMs)
    expect(p!.method).toBe('timetable')
    // S1 at 08:02 and S2 at 08:04 have passed: now; S3 at 08:06 has passed too
    expect(p!.arrivalsMs).toEqual([nowMs, nowMs, nowMs])
    const early = { ...lateAtS1(), atMs: clock(EIGHT + 60), nextStopIndex: 1, scheduleDeviationS: 0 }
    expect(new BaselinePredictor(schedule, new ArrivalPredictor(schedule)).predict(early, 'timetable', clock(EIGHT + 60))[0]!.arrivalsMs).toEqual([clock(EIGHT + 120), clock(EIGHT + 240), clock(EIGHT + 360)])
  })

  it("segments: from the bus's position, each segment's median of its last 3 traversals that day, the timetable where none", () => {
    const baselines = new BaselinePredictor(schedule, new ArrivalPredictor(schedule))
    // S1→S2: 200, 400, 300, then 100: the last three are 400, 300, 100 → median 300
    baselines.observe([traversal(1, 200), traversal(1, 400), traversal(1, 300), traversal(1, 100)])
    // S2→S3 yesterday only: not today's, so the timetable's 120 s
    baselines.observe([traversal(2, 900, '2026-11-22')])
    const [p] = baselines.predict(lateAtS1(), 'segments', nowMs)
    expect(p!.arrivalsMs).toEqual([nowMs, nowMs + 300_000, nowMs + 420_000])
    expect(baselines.sameDay.medianS('S1', 'S2', DATE)).toBe(300)
    expect(baselines.sameDay.medianS('S2', 'S3', DATE)).toBeNull()
  })

  it('gives every arrival a p10–p90 range around it', () => {
    for (const method of ['timetable', 'segments'] as const) {
      const [p] = new BaselinePredictor(schedule, new ArrivalPredictor(schedule)).predict(lateAtS1(), method, nowMs)
      p!.arrivalsMs.forEach((at, k) => expect(p!.lowMs[k]! <= at && at <= p!.highMs[k]!).toBe(true))
    }
  })

  it('predicts nothing for a bus not on a trip', () => {
    expect(new BaselinePredictor(schedule, new ArrivalPredictor(schedule)).predict(unassignedMatch('bus-1', nowMs), 'segments', nowMs)).toEqual([])
  })
})
