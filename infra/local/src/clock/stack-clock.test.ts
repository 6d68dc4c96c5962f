import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { Schedule } from '@masar/gtfs/schedule/schedule'
import { beforeAll, describe, expect, it } from 'vitest'
import { busesInServiceAt } from './buses-in-service.js'
import { chooseStackClock, createStackClock } from './stack-clock.js'

// Amman is UTC+3 all year: 2026-11-23 is a Monday (weekday timetable, 05:30–23:30), 2026-11-27 a Friday (07:00–23:30).
const amman = (isoLocal: string) => Date.parse(`${isoLocal}+03:00`)
let schedule: Schedule
beforeAll(async () => {
  schedule = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
}, 60_000)

const simulator = (start?: string) => ({ enabled: true, start, speed: 1 })

describe('busesInServiceAt', () => {
  it('counts the demo feed\'s buses out: the whole fleet at the weekday morning peak, none at night', () => {
    expect(busesInServiceAt(schedule, amman('2026-11-23T08:00'))).toBeGreaterThanOrEqual(206)
    expect(busesInServiceAt(schedule, amman('2026-11-23T03:00'))).toBe(0)
    expect(busesInServiceAt(schedule, amman('2026-11-24T01:00'))).toBe(0)
    const friday = busesInServiceAt(schedule, amman('2026-11-27T08:00'))
    expect(friday).toBeGreaterThan(0)
    expect(friday).toBeLessThan(busesInServiceAt(schedule, amman('2026-11-23T08:00')))
  })
})

describe('chooseStackClock', () => {
  it('starts a replayed trace\'s clock at its first record, whatever the simulator settings say', () => {
    const realNowMs = amman('2026-12-07T19:00')
    const replayStartMs = Date.parse('2025-11-20T07:00:00+03:00')
    for (const sim of [simulator(), simulator('now'), { enabled: false, start: undefined, speed: 1 }]) {
      const choice = chooseStackClock({ simulator: sim, schedule, realNowMs, replayStartMs })
      expect(choice).toEqual({ startMs: replayStartMs, offsetMs: replayStartMs - realNowMs, mode: 'replay' })
    }
    const clock = createStackClock(chooseStackClock({ simulator: simulator(), schedule, realNowMs, replayStartMs }), 'Asia/Amman', () => realNowMs + 5000)
    expect(clock.now()).toBe(replayStartMs + 5000)
  })

  it('keeps real time while buses run, for SIM_START=now, and always for a real deployment', () => {
    const noon = amman('2026-11-23T12:00')
    expect(chooseStackClock({ simulator: simulator(), schedule, realNowMs: noon })).toEqual({ startMs: noon, offsetMs: 0, mode: 'real' })
    const night = amman('2026-11-23T02:00')
    expect(chooseStackClock({ simulator: simulator('now'), schedule, realNowMs: night }).mode).toBe('real')
    expect(chooseStackClock({ simulator: { enabled: false, start: '08:00', speed: 1 }, schedule, realNowMs: night }).offsetMs).toBe(0)
  })

  it('shifts the clock to SIM_START, an hour of today in the feed\'s zone or an instant, ahead or behind', () => {
    const night = amman('2026-11-23T23:50')
    expect(chooseStackClock({ simulator: simulator('08:00'), schedule, realNowMs: night })).toEqual({
      startMs: amman('2026-11-23T08:00'), offsetMs: amman('2026-11-23T08:00') - night, mode: 'sim-start',
    })
    const early = amman('2026-11-23T04:00')
    expect(chooseStackClock({ simulator: simulator('2026-11-23T05:00:00Z'), schedule, realNowMs: early }).offsetMs).toBe(4 * 3600_000) // 05:00Z is 08:00 in Amman
  })

  it('at night without SIM_START runs the demo from 08:00 of the service day, or of the next day with buses out', () => {
    const beforeDawn = amman('2026-11-23T02:00')
    expect(chooseStackClock({ simulator: simulator(), schedule, realNowMs: beforeDawn })).toEqual({
      startMs: amman('2026-11-23T08:00'), offsetMs: 6 * 3600_000, mode: 'night-demo',
    })
    // after the last bus: 08:00 of the day the clock shows (the next morning, past midnight)
    expect(chooseStackClock({ simulator: simulator(), schedule, realNowMs: amman('2026-11-24T01:00') }).startMs).toBe(amman('2026-11-24T08:00'))
    // a feed whose one bus runs 07:00–09:00 on Tuesdays only: Monday night's demo is Tuesday 08:00
    const tuesdays = new Schedule({
      feedId: 2, timeZone: 'Asia/Amman', stops: [], routes: [], shapes: [], calendarDates: [], frequencies: [],
      calendar: [{ serviceId: 'TUE', days: [false, true, false, false, false, false, false], startDate: '2026-01-01', endDate: '2026-12-31' }],
      trips: [{
        tripId: 'T1', routeId: 'R1', serviceId: 'TUE', directionId: 0, blockId: 'B1', shapeId: null, headsign: null, stopIds: ['A', 'B'],
        arrivals: Int32Array.of(7 * 3600, 9 * 3600), departures: Int32Array.of(7 * 3600, 9 * 3600),
        shapeDistTraveled: Float64Array.of(Number.NaN, Number.NaN), distancesM: new Float64Array(0),
      }],
    })
    expect(chooseStackClock({ simulator: simulator(), schedule: tuesdays, realNowMs: amman('2026-11-23T22:00') }).startMs).toBe(amman('2026-11-24T08:00'))
    expect(chooseStackClock({ simulator: simulator(), schedule: tuesdays, realNowMs: amman('2026-11-24T08:30') }).mode).toBe('real')
    // the feed ends with 2026: on its last night there is no next day with service, so real time (and no bus)
    expect(chooseStackClock({ simulator: simulator(), schedule, realNowMs: amman('2027-01-01T02:00') }).mode).toBe('real')
  })
})

describe('createStackClock', () => {
  it('runs one second a second, shifted by the offset', () => {
    let realMs = 1_000_000
    const clock = createStackClock({ startMs: 1_000_000 - 3600_000, offsetMs: -3600_000, mode: 'sim-start' }, 'Asia/Amman', () => realMs)
    expect(clock.now()).toBe(1_000_000 - 3600_000)
    realMs += 2500
    expect(clock.now()).toBe(1_002_500 - 3600_000)
    expect(createStackClock({ startMs: realMs, offsetMs: 0, mode: 'real' }, 'UTC', () => realMs).now()).toBe(realMs)
  })
})
