import { Schedule, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import type { TripFrequency } from '@masar/gtfs/schedule/expand-frequencies'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import { describe, expect, it } from 'vitest'
import { unassignedMatch, type VehicleMatch } from '../matching/vehicle-match.js'
import type { StopEvent } from '../stop-events/detect-stop-events.js'
import { ArrivalPredictor } from './arrival-predictor.js'
import { dayTypeOf } from './day-type.js'
import { DEFAULT_SEGMENT_KALMAN } from './segment-kalman.js'
import { PREDICTION_METHODS } from './prediction-types.js'

const ZONE = 'Asia/Amman'
const DATE = '2026-11-23' // a Monday
const EIGHT = 8 * 3600
const clock = (seconds: number, date = DATE) => instantOfGtfsTime(date, seconds, ZONE)
const MIN = 60_000

/** Stops 1 km apart along a straight shape; the trip's stops at offsets (s) from startS, no dwell. */
function trip(tripId: string, blockId: string | null, startS: number, stopIds: string[], shapeId: string): ScheduleTrip {
  const times = Int32Array.from(stopIds, (_, i) => startS + i * 120)
  return {
    tripId, routeId: 'R1', serviceId: 'WK', directionId: 0, blockId, shapeId, headsign: 'Downtown', stopIds,
    arrivals: times, departures: Int32Array.from(times), shapeDistTraveled: Float64Array.from(stopIds, (_, i) => i * 1000), distancesM: new Float64Array(0),
  }
}
const shape = (shapeId: string, lons: number[]) => ({
  shapeId, lats: Float64Array.from(lons, () => 31.95), lons: Float64Array.from(lons), distancesM: Float64Array.of(0, 1000, 2000, 3000), feedDistances: Float64Array.of(0, 1000, 2000, 3000),
})
const FORWARD = ['S0', 'S1', 'S2', 'S3']
const BACK = ['S3', 'S2', 'S1', 'S0']

function scheduleOf(trips: ScheduleTrip[], frequencies: TripFrequency[] = []): Schedule {
  return new Schedule({
    feedId: 1, timeZone: ZONE,
    stops: FORWARD.map((stopId, i) => ({ stopId, code: null, name: stopId, translations: {}, lat: 31.95, lon: 35.9 + i * 0.01 })),
    routes: [{ routeId: 'R1', shortName: '1', longName: null, type: 3, color: null }],
    trips, shapes: [shape('OUT', [35.9, 35.91, 35.92, 35.93]), shape('BACK', [35.93, 35.92, 35.91, 35.9])],
    calendar: [{ serviceId: 'WK', days: [true, true, true, true, true, true, true], startDate: '2026-01-01', endDate: '2026-12-31' }], calendarDates: [], frequencies,
  })
}

// T1 08:00 S0 → S3 (2 min a stop), then the same bus's T2 08:30 back S3 → S0; T0 07:50 is another bus over T1's stops.
const schedule = scheduleOf([trip('T0', 'B0', EIGHT - 600, FORWARD, 'OUT'), trip('T1', 'B1', EIGHT, FORWARD, 'OUT'), trip('T2', 'B1', EIGHT + 1800, BACK, 'BACK')])

const match = (overrides: Partial<VehicleMatch>): VehicleMatch => ({
  ...unassignedMatch('bus-1', clock(EIGHT)), status: 'in-service', blockId: 'B1', tripId: 'T1', routeId: 'R1', directionId: 0, serviceDate: DATE,
  nextStopIndex: 0, nextStopId: 'S0', distanceAlongTripM: 0, scheduleDeviationS: 0, confidence: 1, ...overrides,
})

/** A bus's stop events along a trip from its first stop: [arrival, departure] seconds since the service day's origin. */
function ride(vehicleId: string, tripId: string, date: string, times: Array<[number, number]>): StopEvent[] {
  const stopIds = schedule.trips.get(tripId)!.stopIds
  return times.map(([arrivalS, departureS], i) => ({
    vehicleId, tripId, routeId: 'R1', serviceDate: date, stopId: stopIds[i]!, stopIndex: i + 1, arrivalMs: clock(arrivalS, date), departureMs: clock(departureS, date), observed: false,
  }))
}

/** The predictions' arrivals as seconds since DATE's origin, per trip. */
const secondsOf = (ms: number[]) => ms.map((t) => (t - clock(0)) / 1000)
/** The d-th weekday (Sunday to Thursday in Amman) before DATE, as YYYY-MM-DD. */
const weekdayBefore = (d: number) => {
  const day = new Date(`${DATE}T12:00:00Z`)
  for (let n = 0; n < d; ) {
    day.setUTCDate(day.getUTCDate() - 1)
    if (dayTypeOf(day.toISOString().slice(0, 10), ZONE) === 'weekday') n++
  }
  return day.toISOString().slice(0, 10)
}

describe('ArrivalPredictor: schedule', () => {
  it('moves the timetable by the current deviation', () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT + 200)
    const [t1, t2] = predictor.predict(match({ atMs: now, nextStopIndex: 2, distanceAlongTripM: 1700, scheduleDeviationS: 90 }), 'schedule', now)
    expect(t1).toMatchObject({ method: 'schedule', vehicleId: 'bus-1', serviceDate: DATE, fromIndex: 2, delayS: 90, stale: false, fixAtMs: now })
    expect(t1!.trip.tripId).toBe('T1')
    expect(secondsOf(t1!.arrivalsMs)).toEqual([EIGHT + 240 + 90, EIGHT + 360 + 90])
    // the layover absorbs 90 s: T2 leaves on time
    expect(t2).toMatchObject({ fromIndex: 0, delayS: 0 })
    expect(secondsOf(t2!.departuresMs)[0]).toBe(EIGHT + 1800)
  })

  it('starts the next trip of a late bus after its minimum layover', () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT + 1700)
    const [t1, t2] = predictor.predict(match({ atMs: now, nextStopIndex: 2, distanceAlongTripM: 1700, scheduleDeviationS: 1700 }), 'schedule', now)
    expect(secondsOf(t1!.arrivalsMs).at(-1)).toBe(EIGHT + 360 + 1700) // 08:34:20
    expect(secondsOf(t2!.departuresMs)[0]).toBe(EIGHT + 360 + 1700 + 120) // 08:36:20, 6:20 after 08:30
    expect(t2!.delayS).toBe(380)
  })
})

describe('ArrivalPredictor: learned', () => {
  it('uses learned running times where it has history, the timetable elsewhere', () => {
    const predictor = new ArrivalPredictor(schedule)
    // three earlier weekdays: S0 → S1 took 200 s at 08:00 (the timetable says 120)
    for (const date of ['2026-11-16', '2026-11-17', '2026-11-18']) {
      const traversals = predictor.learn(ride('bus-7', 'T1', date, [[EIGHT, EIGHT], [EIGHT + 200, EIGHT + 200]]))
      expect(traversals).toMatchObject([{ fromStopId: 'S0', toStopId: 'S1', fromStopIndex: 1, dayType: 'weekday', hourOfDay: 8, dwellS: null }])
    }
    expect(predictor.history.runningTime('S0', 'S1', 'weekday', 8)?.meanS).toBe(200)

    const now = clock(EIGHT)
    const [learned] = predictor.predict(match({ atMs: now }), 'learned', now)
    expect(secondsOf(learned!.arrivalsMs)).toEqual([EIGHT, EIGHT + 200, EIGHT + 320, EIGHT + 440])
    const [bySchedule] = predictor.predict(match({ atMs: now }), 'schedule', now)
    expect(secondsOf(bySchedule!.arrivalsMs)).toEqual([EIGHT, EIGHT + 120, EIGHT + 240, EIGHT + 360])
  })

  it('draws a few learned traversals toward the timetable, less so as they add up', () => {
    const atEight = (predictor: ArrivalPredictor) => secondsOf(predictor.predict(match({ atMs: clock(EIGHT) }), 'learned', clock(EIGHT))[0]!.arrivalsMs)[1]! - EIGHT
    const learnDays = (predictor: ArrivalPredictor, days: number) => {
      // S0 → S1 took 200 s at 08:00 on earlier days (the timetable says 120)
      for (let d = 1; d <= days; d++) predictor.learn(ride('bus-7', 'T1', weekdayBefore(d), [[EIGHT, EIGHT], [EIGHT + 200, EIGHT + 200]]))
    }
    const three = new ArrivalPredictor(schedule, { timetablePriorTraversals: 3 })
    learnDays(three, 3)
    expect(atEight(three)).toBe(160) // 3 traversals of 200 s against the timetable's 120 s counted 3 times
    const many = new ArrivalPredictor(schedule, { timetablePriorTraversals: 3 })
    learnDays(many, 27)
    expect(atEight(many)).toBe(192) // 27 against 3
    const none = new ArrivalPredictor(schedule, { timetablePriorTraversals: 0 })
    learnDays(none, 3)
    expect(atEight(none)).toBe(200)
  })

  it('follows the timetable without history', () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT)
    const [t1] = predictor.predict(match({ atMs: now }), 'learned', now)
    expect(secondsOf(t1!.arrivalsMs)).toEqual([EIGHT, EIGHT + 120, EIGHT + 240, EIGHT + 360])
  })

  it('learns nothing from traversals that are not of consecutive stops of one trip, or absurdly long', () => {
    const predictor = new ArrivalPredictor(schedule)
    const skipped = ride('bus-7', 'T1', DATE, [[EIGHT, EIGHT], [EIGHT + 100, EIGHT + 100], [EIGHT + 200, EIGHT + 200]])
    expect(predictor.learn([skipped[0]!, skipped[2]!])).toEqual([]) // S1 was never seen
    expect(predictor.learn(ride('bus-8', 'T1', DATE, [[EIGHT, EIGHT], [EIGHT + 3600, EIGHT + 3600]]))).toEqual([]) // parked mid-route
    expect(predictor.learn([...ride('bus-9', 'T0', DATE, [[EIGHT - 600, EIGHT - 600]]), ...ride('bus-9', 'T1', DATE, [[EIGHT, EIGHT], [EIGHT + 130, EIGHT + 130]]).slice(1)])).toEqual([])
    expect(predictor.history.traversals).toBe(0)
  })

  it('learns nothing from a traversal faster than a bus can go (a misplaced stop event)', () => {
    const predictor = new ArrivalPredictor(schedule)
    expect(predictor.learn(ride('bus-7', 'T1', DATE, [[EIGHT, EIGHT], [EIGHT + 20, EIGHT + 20]]))).toEqual([]) // 1 km in 20 s
    expect(predictor.history.traversals).toBe(0)
    expect(predictor.kalman.size).toBe(0)
    expect(predictor.pace!.size).toBe(0)
    expect(predictor.learn(ride('bus-8', 'T1', DATE, [[EIGHT, EIGHT], [EIGHT + 60, EIGHT + 60]]))).toHaveLength(1) // 60 km/h
  })

  it('does not start the next trip of the block before its timetable when early', () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT)
    const [t1, t2] = predictor.predict(match({ atMs: now }), 'learned', now)
    expect(secondsOf(t1!.arrivalsMs).at(-1)).toBe(EIGHT + 360)
    expect(t2!.trip.tripId).toBe('T2')
    expect(secondsOf(t2!.arrivalsMs)[0]).toBe(EIGHT + 360) // it reaches T2's first stop at the end of T1
    expect(secondsOf(t2!.departuresMs)[0]).toBe(EIGHT + 1800) // and leaves at 08:30
    expect(secondsOf(t2!.arrivalsMs)[1]).toBe(EIGHT + 1800 + 120)
  })

  it('starts the next trip of a late bus after its minimum layover', () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT + 1740) // 08:29, at S1 (due 08:02)
    const [t1, t2] = predictor.predict(match({ atMs: now, nextStopIndex: 1, distanceAlongTripM: 1000, scheduleDeviationS: 1620 }), 'learned', now)
    expect(secondsOf(t1!.arrivalsMs)).toEqual([EIGHT + 1740, EIGHT + 1860, EIGHT + 1980])
    expect(secondsOf(t2!.departuresMs)[0]).toBe(EIGHT + 1980 + 120) // 08:35
    expect(t2!.delayS).toBe(1980 - 1800) // arrives at its first stop 3 min after its departure time
  })

  it('starts a headway-based run as soon as the bus is ready, an exact-times run at its time', () => {
    const template = trip('H', 'B2', EIGHT, FORWARD, 'OUT')
    const window = { tripId: 'H', startS: EIGHT, endS: EIGHT + 3600, headwayS: 1200 }
    const headways = scheduleOf([template], [{ ...window, exactTimes: false }])
    const exact = scheduleOf([{ ...template }], [{ ...window, exactTimes: true }])
    const now = clock(EIGHT + 120)
    const onRun = match({ atMs: now, blockId: 'B2', tripId: 'H@08:00:00', nextStopIndex: 1, distanceAlongTripM: 1000 })
    for (const method of ['learned', 'kalman'] as const) {
      const [, nextRun] = new ArrivalPredictor(headways).predict(onRun, method, now)
      expect(nextRun!.trip).toMatchObject({ tripId: 'H@08:20:00', headwayBased: true })
      expect(secondsOf(nextRun!.departuresMs)[0]).toBe(EIGHT + 360 + 120) // ends 08:06, ready 08:08
      const [, timed] = new ArrivalPredictor(exact).predict(onRun, method, now)
      expect(secondsOf(timed!.departuresMs)[0]).toBe(EIGHT + 1200) // 08:20
    }
  })

  it("gives a bus on layover its trip's scheduled departure", () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT + 600) // 08:10, at S3 for T2 at 08:30
    const layover = match({ atMs: now, status: 'layover', tripId: 'T2', nextStopIndex: 0, nextStopId: 'S3', distanceAlongTripM: 0 })
    for (const method of PREDICTION_METHODS) {
      const [t2] = predictor.predict(layover, method, now)
      expect(t2!.trip.tripId).toBe('T2')
      expect(t2!.fromIndex).toBe(0)
      expect(secondsOf(t2!.departuresMs)[0]).toBe(EIGHT + 1800)
      expect(secondsOf(t2!.arrivalsMs)[1]).toBe(EIGHT + 1800 + 120)
    }
  })
})

describe('ArrivalPredictor: what the bus standing now says', () => {
  it('turns a bus that has just come in late to the terminal round before its next trip', () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT + 1790) // 08:29:50, T2 leaves S3 at 08:30
    const layover = match({ atMs: now, status: 'layover', tripId: 'T2', nextStopIndex: 0, nextStopId: 'S3', distanceAlongTripM: 0 })
    // in for 30 s: 90 s of its 2-minute turnaround left, so 08:31:20 rather than 08:30
    expect(secondsOf(predictor.predict(layover, 'learned', now, { standingForMs: 30_000 })[0]!.departuresMs)[0]).toBe(EIGHT + 1790 + 90)
    // in for long: its timetable
    expect(secondsOf(predictor.predict(layover, 'learned', now, { standingForMs: 20 * MIN })[0]!.departuresMs)[0]).toBe(EIGHT + 1800)
  })

  it('leaves a stop after what is left of its dwell there', () => {
    const predictor = new ArrivalPredictor(schedule)
    // learn a 60 s dwell at S1: buses arriving 08:02 and leaving 08:03
    for (let day = 1; day <= 3; day++) {
      const date = `2026-11-${String(23 - day * 7).padStart(2, '0')}`
      predictor.learn(ride(`bus-${day}`, 'T1', date, [[EIGHT, EIGHT], [EIGHT + 120, EIGHT + 180], [EIGHT + 300, EIGHT + 300], [EIGHT + 420, EIGHT + 420]]).map((e) => ({ ...e, observed: true })))
    }
    const now = clock(EIGHT + 130)
    const atS1 = match({ atMs: now, nextStopIndex: 1, nextStopId: 'S1', distanceAlongTripM: 1000 })
    const departure = (standingForMs?: number) => secondsOf(predictor.predict(atS1, 'learned', now, standingForMs === undefined ? {} : { standingForMs })[0]!.departuresMs)[0]
    expect(departure(0)).toBe(EIGHT + 130 + 60)
    expect(departure(40_000)).toBe(EIGHT + 130 + 20)
    expect(departure(5 * MIN)).toBe(EIGHT + 130)
    expect(departure()).toBe(EIGHT + 130 + 30) // not known: half of it
  })
})

// a filter that weighs one traversal heavily (prior 0.04), fading over 20 min, without jump detection
const EAGER_KALMAN = { segmentEvidence: 'filter', kalman: { ...DEFAULT_SEGMENT_KALMAN, priorVariance: 0.04, halfLifeMin: 20, jumpSigmas: 0 } } as const

describe('ArrivalPredictor: kalman', () => {
  it('reacts to a recent slow traversal, where learned does not', () => {
    const predictor = new ArrivalPredictor(schedule, EAGER_KALMAN)
    // bus-0 on T0 (07:50) took 4 min from S0 to S1 (2 in the timetable), arriving 6 minutes ago
    predictor.learn(ride('bus-0', 'T0', DATE, [[EIGHT - 600, EIGHT - 600], [EIGHT - 360, EIGHT - 360]]))
    const now = clock(EIGHT)
    const [learned] = predictor.predict(match({ atMs: now }), 'learned', now)
    const [kalman] = predictor.predict(match({ atMs: now }), 'kalman', now)
    expect(secondsOf(learned!.arrivalsMs)).toEqual([EIGHT, EIGHT + 120, EIGHT + 240, EIGHT + 360]) // one traversal: too few to learn from
    const slowerS = (kalman!.arrivalsMs[1]! - learned!.arrivalsMs[1]!) / 1000
    expect(slowerS).toBeGreaterThan(15)
    expect(slowerS).toBeLessThan(120) // part of the way to 240 s, faded by the 6 minutes since
    expect((kalman!.arrivalsMs[3]! - learned!.arrivalsMs[3]!) / 1000).toBeCloseTo(slowerS, 0) // the other segments as learned
  })

  it('forgets the slow traversal as it ages', () => {
    const predictor = new ArrivalPredictor(schedule, EAGER_KALMAN)
    predictor.learn(ride('bus-0', 'T0', DATE, [[EIGHT - 600, EIGHT - 600], [EIGHT - 360, EIGHT - 360]]))
    const soon = clock(EIGHT)
    const later = clock(EIGHT + 3 * 3600)
    const slowerAt = (now: number) => {
      const [kalman] = predictor.predict(match({ atMs: now, nextStopIndex: 0 }), 'kalman', now)
      return kalman!.arrivalsMs[1]! - kalman!.departuresMs[0]!
    }
    expect(slowerAt(soon)).toBeGreaterThan(135_000)
    expect(slowerAt(later)).toBeGreaterThanOrEqual(120_000)
    expect(slowerAt(later)).toBeLessThan(120_500) // nine half-lives on: a fraction of a second
  })
})

describe('ArrivalPredictor: kalman with the recent median of each segment', () => {
  it('takes the median of the last three buses over a segment: one held at a light does not pull it, as it pulls the learned mean', () => {
    const predictor = new ArrivalPredictor(schedule, { segmentEvidence: 'recent-median', pace: null })
    // three buses over T0's S0 → S1 (2 min in the timetable): 130 s, 400 s, 140 s, the last arriving 5 minutes ago
    predictor.learn(ride('bus-a', 'T0', DATE, [[EIGHT - 900, EIGHT - 900], [EIGHT - 770, EIGHT - 770]]))
    predictor.learn(ride('bus-b', 'T0', DATE, [[EIGHT - 840, EIGHT - 840], [EIGHT - 440, EIGHT - 440]]))
    predictor.learn(ride('bus-c', 'T0', DATE, [[EIGHT - 440, EIGHT - 440], [EIGHT - 300, EIGHT - 300]]))
    const now = clock(EIGHT)
    const runningS = (method: 'learned' | 'kalman') => {
      const [p] = predictor.predict(match({ atMs: now }), method, now)
      return (p!.arrivalsMs[1]! - p!.departuresMs[0]!) / 1000
    }
    expect(runningS('learned')).toBeCloseTo((130 + 400 + 140) / 3, 0)
    expect(runningS('kalman')).toBeGreaterThan(140)
    expect(runningS('kalman')).toBeLessThan(155) // the median, 140 s, 5 minutes old: 89 % of the weight
  })
})

describe("ArrivalPredictor: kalman, the bus's own pace", () => {
  // bus-1 on T1 took 3 min from S0 to S1 (2 in the timetable); no other bus has run T1's segments
  const slowStart = (predictor: ArrivalPredictor) => predictor.learn(ride('bus-1', 'T1', DATE, [[EIGHT, EIGHT], [EIGHT + 180, EIGHT + 180]]))
  const now = clock(EIGHT + 180)
  const atS1 = match({ atMs: now, nextStopIndex: 1, nextStopId: 'S1', distanceAlongTripM: 1000 })
  const runningS = (p: { arrivalsMs: number[]; departuresMs: number[] }) => [1, 2].map((k) => (p.arrivalsMs[k]! - p.departuresMs[k - 1]!) / 1000)

  it('expects a bus that ran its last segment slowly to run the next ones slower too, less so further ahead', () => {
    const predictor = new ArrivalPredictor(schedule)
    slowStart(predictor)
    const [s1s2, s2s3] = runningS(predictor.predict(atS1, 'kalman', now)[0]!)
    expect(s1s2).toBeGreaterThan(125)
    expect(s1s2).toBeLessThan(180) // part of the way: one traversal is noisy
    expect(s2s3).toBeGreaterThan(120)
    expect(s2s3).toBeLessThan(s1s2!) // fading with the time until the bus gets there
    expect(runningS(predictor.predict(atS1, 'learned', now)[0]!)).toEqual([120, 120]) // learned has no pace
    expect(runningS(predictor.predict({ ...atS1, vehicleId: 'bus-2' }, 'kalman', now)[0]!)).toEqual([120, 120]) // another bus's own
  })

  it('learns less of a pace from stop events placed between fixes far apart', () => {
    const slowdownS = (fixGapS: number) => {
      const predictor = new ArrivalPredictor(schedule)
      predictor.noteFix('bus-1', clock(EIGHT + 180 - 2 * fixGapS))
      predictor.noteFix('bus-1', clock(EIGHT + 180 - fixGapS))
      slowStart(predictor)
      return runningS(predictor.predict(atS1, 'kalman', now)[0]!)[0]! - 120
    }
    expect(slowdownS(120)).toBeGreaterThan(0)
    expect(slowdownS(120)).toBeLessThan(slowdownS(10) / 2) // 2 min between fixes: the 3 min taken may be 1–5
    expect(slowdownS(10)).toBeCloseTo(slowdownS(0), 0) // 10 s: as precise as the segment's own spread
  })

  it('fades as the bus goes on without a traversal, and can be turned off', () => {
    const predictor = new ArrivalPredictor(schedule)
    slowStart(predictor)
    const later = clock(EIGHT + 180 + 3600)
    const [s1s2] = runningS(predictor.predict({ ...atS1, atMs: later }, 'kalman', later)[0]!)
    expect(s1s2).toBeGreaterThanOrEqual(120)
    expect(s1s2).toBeLessThan(121)
    const withoutPace = new ArrivalPredictor(schedule, { pace: null })
    slowStart(withoutPace)
    expect(runningS(withoutPace.predict(atS1, 'kalman', now)[0]!)).toEqual([120, 120])
  })
})

describe('ArrivalPredictor: kalman, a bus crawling through the segment it is in', () => {
  // bus-1 on T1 left S1 on time at 08:02; S1 → S2 is 1 km and 120 s in the timetable
  const leftS1OnTime = (predictor: ArrivalPredictor) => predictor.learn(ride('bus-1', 'T1', DATE, [[EIGHT, EIGHT], [EIGHT + 120, EIGHT + 120]]))
  const toS2 = (predictor: ArrivalPredictor, method: 'kalman' | 'learned', atS: number, alongM: number) => {
    const now = clock(atS)
    return (predictor.predict(match({ atMs: now, nextStopIndex: 2, nextStopId: 'S2', distanceAlongTripM: alongM }), method, now)[0]!.arrivalsMs[0]! - now) / 1000
  }

  it('expects the rest of the segment to go as slowly as the part behind the bus, as far as it has come', () => {
    const predictor = new ArrivalPredictor(schedule)
    leftS1OnTime(predictor)
    // halfway after 3 min instead of 1: three times slower, trusted half → the other half at twice the pace
    expect(toS2(predictor, 'kalman', EIGHT + 300, 1500)).toBeCloseTo(120, 0)
    expect(toS2(predictor, 'learned', EIGHT + 300, 1500)).toBeCloseTo(60, 0) // learned has no such layer
    // three quarters in 3 min: twice as slow, trusted three quarters → the last quarter at 1.75 times its 30 s
    expect(toS2(predictor, 'kalman', EIGHT + 300, 1750)).toBeCloseTo(30 * (0.25 + 0.75 * 2), 0)
  })

  it('changes nothing for a bus on time, or one that has barely left the stop', () => {
    const predictor = new ArrivalPredictor(schedule)
    leftS1OnTime(predictor)
    expect(toS2(predictor, 'kalman', EIGHT + 180, 1500)).toBeCloseTo(60, 0) // halfway in 1 min: on time
    expect(toS2(predictor, 'kalman', EIGHT + 300, 1200)).toBeCloseTo(96, 0) // a fifth of the way: too little to say
  })
})

describe('ArrivalPredictor: every method', () => {
  it('predicts nothing before now: a bus not yet seen at its next stop is arriving', () => {
    const predictor = new ArrivalPredictor(schedule)
    // schedule: due at S1 08:02, on time by its deviation, now 08:03
    const now = clock(EIGHT + 180)
    const [bySchedule] = predictor.predict(match({ atMs: now, nextStopIndex: 1, distanceAlongTripM: 900, scheduleDeviationS: 0 }), 'schedule', now)
    expect(bySchedule!.arrivalsMs[0]).toBe(now)
    expect(secondsOf(bySchedule!.arrivalsMs)).toEqual([EIGHT + 180, EIGHT + 300, EIGHT + 420])
    expect(bySchedule!.delayS).toBe(60)
    // learned: the last fix a minute ago, 100 m short of S1 (12 s away)
    const [learned] = predictor.predict(match({ atMs: now - MIN, nextStopIndex: 1, distanceAlongTripM: 900 }), 'learned', now)
    expect(learned!.arrivalsMs[0]).toBe(now)
    expect(learned!.arrivalsMs[1]! - learned!.arrivalsMs[0]!).toBe(120_000)
  })

  it('gives a fresh fix short of its next stop the rest of the segment', () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT + 60)
    const [learned] = predictor.predict(match({ atMs: now, nextStopIndex: 1, distanceAlongTripM: 250 }), 'learned', now)
    expect(learned!.arrivalsMs[0]).toBe(now + 90_000) // three quarters of 120 s
  })

  it('widens the high side of a stale vehicle by the age of its fix', () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT + 200)
    const old = match({ atMs: now - 90_000, nextStopIndex: 2, distanceAlongTripM: 1500, scheduleDeviationS: 60 })
    const [fresh] = predictor.predict(old, 'schedule', now)
    const [stale] = predictor.predict(old, 'schedule', now, { stale: true })
    expect(stale!.stale).toBe(true)
    expect(stale!.arrivalsMs).toEqual(fresh!.arrivalsMs)
    expect(stale!.lowMs).toEqual(fresh!.lowMs)
    expect(stale!.highMs.map((h, k) => h - fresh!.highMs[k]!)).toEqual(fresh!.highMs.map(() => 90_000))
  })

  it('keeps low ≤ arrival ≤ high, times in order, departures not before arrivals', () => {
    const predictor = new ArrivalPredictor(schedule)
    // a spread learned entirely late (p10 > 0) must not move low above the arrival
    for (let i = 0; i < 50; i++) predictor.spread.observe('learned', 90_000, 100 + i)
    const now = clock(EIGHT + 30)
    for (const method of PREDICTION_METHODS) {
      const predictions = predictor.predict(match({ atMs: now, nextStopIndex: 1, distanceAlongTripM: 400, scheduleDeviationS: 45 }), method, now)
      expect(predictions.map((p) => p.trip.tripId)).toEqual(['T1', 'T2'])
      const times = predictions.flatMap((p) => p.arrivalsMs.flatMap((a, k) => [a, p.departuresMs[k]!]))
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!)
      for (const p of predictions) {
        expect(p.arrivalsMs.length).toBe(p.lowMs.length)
        p.arrivalsMs.forEach((a, k) => {
          expect(p.lowMs[k]).toBeLessThanOrEqual(a)
          expect(p.highMs[k]).toBeGreaterThanOrEqual(a)
          expect(a).toBeGreaterThanOrEqual(now)
        })
      }
    }
  })

  it('stops at the horizon', () => {
    const predictor = new ArrivalPredictor(schedule, { horizonMs: 3 * MIN })
    const now = clock(EIGHT)
    for (const method of PREDICTION_METHODS) {
      const predictions = predictor.predict(match({ atMs: now }), method, now)
      expect(predictions.map((p) => [p.trip.tripId, secondsOf(p.arrivalsMs)])).toEqual([['T1', [EIGHT, EIGHT + 120]]])
    }
  })

  it('keeps a later trip of the block within the horizon (learned, kalman)', () => {
    const predictor = new ArrivalPredictor(schedule, { horizonMs: 10 * MIN })
    const now = clock(EIGHT)
    for (const method of ['learned', 'kalman'] as const) {
      const arrivals = predictor.predict(match({ atMs: now }), method, now).flatMap((p) => p.arrivalsMs)
      expect(Math.max(...arrivals)).toBeLessThanOrEqual(now + 10 * MIN)
    }
  })

  it('keeps a later trip of the block within the horizon (schedule)', () => {
    const predictor = new ArrivalPredictor(schedule, { horizonMs: 10 * MIN })
    const now = clock(EIGHT)
    const arrivals = predictor.predict(match({ atMs: now }), 'schedule', now).flatMap((p) => p.arrivalsMs)
    expect(Math.max(...arrivals)).toBeLessThanOrEqual(now + 10 * MIN)
  })

  it('predicts nothing for a vehicle not working a trip', () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT)
    for (const method of PREDICTION_METHODS) {
      expect(predictor.predict(match({ status: 'deadhead' }), method, now)).toEqual([])
      expect(predictor.predict(unassignedMatch('bus-1', now), method, now)).toEqual([])
      expect(predictor.predict(match({ tripId: 'NOPE' }), method, now)).toEqual([])
    }
  })

  it('gives only the later trips of a bus past the last stop of its trip', () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT + 400)
    for (const method of PREDICTION_METHODS) {
      const predictions = predictor.predict(match({ atMs: now, nextStopIndex: null, distanceAlongTripM: 3000 }), method, now)
      expect(predictions.map((p) => p.trip.tripId)).toEqual(['T2'])
      expect(secondsOf(predictions[0]!.departuresMs)[0]).toBe(EIGHT + 1800)
    }
  })
})

describe('ArrivalPredictor: a bus stalled between stops', () => {
  it('moves its times on by as long again as it has stood, and widens their range by it; not at a stop, not the baseline', () => {
    const predictor = new ArrivalPredictor(schedule)
    const now = clock(EIGHT + 400)
    const between = match({ atMs: now, nextStopIndex: 2, distanceAlongTripM: 1500 })
    const [moving] = predictor.predict(between, 'learned', now)
    const [stalled] = predictor.predict(between, 'learned', now, { standingForMs: 5 * MIN })
    expect(stalled!.arrivalsMs.map((t, k) => t - moving!.arrivalsMs[k]!)).toEqual(moving!.arrivalsMs.map(() => 5 * MIN))
    expect(stalled!.highMs[0]! - stalled!.arrivalsMs[0]!).toBeGreaterThanOrEqual(moving!.highMs[0]! - moving!.arrivalsMs[0]! + 5 * MIN)
    // two minutes is traffic, not a stall
    expect(predictor.predict(between, 'learned', now, { standingForMs: 2 * MIN })[0]!.arrivalsMs).toEqual(moving!.arrivalsMs)
    // standing at a stop is dwelling or holding
    const atStop = match({ atMs: now, nextStopIndex: 2, distanceAlongTripM: 2000 })
    expect(predictor.predict(atStop, 'learned', now, { standingForMs: 5 * MIN })[0]!.arrivalsMs).toEqual(predictor.predict(atStop, 'learned', now)[0]!.arrivalsMs)
    expect(predictor.predict(between, 'schedule', now, { standingForMs: 5 * MIN })[0]!.arrivalsMs).toEqual(predictor.predict(between, 'schedule', now)[0]!.arrivalsMs)
  })
})
