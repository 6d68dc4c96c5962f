import { describe, expect, it } from 'vitest'
import { activeServiceIds, candidateServiceDates, instantOfGtfsTime, localDateOf, serviceDayOriginMs, zoneOffsetMs, type CalendarException, type CalendarRule } from './service-day.js'

const iso = (ms: number) => new Date(ms).toISOString()

describe('service day instants', () => {
  it('Amman: +03:00 all year since 2022, so 08:00:00 is 05:00Z', () => {
    expect(zoneOffsetMs(Date.parse('2026-01-15T12:00:00Z'), 'Asia/Amman')).toBe(3 * 3600_000)
    expect(zoneOffsetMs(Date.parse('2026-07-15T12:00:00Z'), 'Asia/Amman')).toBe(3 * 3600_000)
    expect(iso(instantOfGtfsTime('2026-11-23', 8 * 3600, 'Asia/Amman'))).toBe('2026-11-23T05:00:00.000Z')
  })

  it('a trip past midnight belongs to the day it started: 25:10:00 on the 23rd is 01:10 on the 24th', () => {
    const instant = instantOfGtfsTime('2026-11-23', 25 * 3600 + 600, 'Asia/Amman')
    expect(iso(instant)).toBe('2026-11-23T22:10:00.000Z')
    expect(localDateOf(instant, 'Asia/Amman')).toBe('2026-11-24')
    expect(candidateServiceDates(instant, 'Asia/Amman')).toContain('2026-11-23')
  })

  // GTFS "Time": measured from noon minus 12 h, so on a DST day 08:00:00 is still 8 h after the origin
  it('New York on the day clocks go forward (2026-03-08): the origin is 23:00 EST the evening before', () => {
    expect(iso(serviceDayOriginMs('2026-03-08', 'America/New_York'))).toBe('2026-03-08T04:00:00.000Z')
    expect(iso(instantOfGtfsTime('2026-03-08', 8 * 3600, 'America/New_York'))).toBe('2026-03-08T12:00:00.000Z') // 08:00 EDT
    expect(iso(instantOfGtfsTime('2026-03-07', 8 * 3600, 'America/New_York'))).toBe('2026-03-07T13:00:00.000Z') // 08:00 EST
  })

  it('keeps the origin of a day apart from zone to zone, asked again and again', () => {
    for (let round = 0; round < 2; round++) {
      expect(iso(serviceDayOriginMs('2026-03-08', 'Asia/Amman'))).toBe('2026-03-07T21:00:00.000Z') // +03:00 all year
      expect(iso(serviceDayOriginMs('2026-03-08', 'America/New_York'))).toBe('2026-03-08T04:00:00.000Z')
    }
  })

  it('Halifax on the day clocks go back (2026-11-01): 08:00:00 is 08:00 AST', () => {
    expect(iso(instantOfGtfsTime('2026-11-01', 8 * 3600, 'America/Halifax'))).toBe('2026-11-01T12:00:00.000Z')
    expect(iso(instantOfGtfsTime('2026-10-31', 8 * 3600, 'America/Halifax'))).toBe('2026-10-31T11:00:00.000Z')
  })
})

/** Wall-clock time and UTC offset of an instant as Intl (ICU's tzdata) sees it: '2026-03-08 00:30 GMT-05:00'. */
function wallClock(instantMs: number, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZoneName: 'longOffset',
  })
  const p = Object.fromEntries(format.formatToParts(new Date(instantMs)).map((part) => [part.type, part.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`
}

const HOUR = 3600
const gtfs = (hours: number, minutes: number) => hours * HOUR + minutes * 60

// Each expected instant is worked out by hand (origin = local noon - 12 h, then + the GTFS time) and then checked
// against Intl's wall clock, so a wrong hand computation and a wrong implementation cannot agree by accident.
describe('service day instants across DST changes', () => {
  const NY = 'America/New_York'

  it('New York, spring forward (Sun 2026-03-08, 02:00 EST → 03:00 EDT)', () => {
    // Noon on the 8th is EDT (-04): 16:00Z; minus 12 h: 04:00Z, which is 23:00 EST on the 7th.
    const origin = serviceDayOriginMs('2026-03-08', NY)
    expect(iso(origin)).toBe('2026-03-08T04:00:00.000Z')
    expect(wallClock(origin, NY)).toBe('2026-03-07 23:00 GMT-05:00')
    // 00:30:00 → 04:30Z: still the 7th on the wall clock.
    expect(wallClock(instantOfGtfsTime('2026-03-08', gtfs(0, 30), NY), NY)).toBe('2026-03-07 23:30 GMT-05:00')
    // 01:30:00 → 05:30Z = 00:30 EST; 02:30:00 → 06:30Z = 01:30 EST; 03:30:00 → 07:30Z = 03:30 EDT (after the jump).
    const [at0130, at0230, at0330] = [gtfs(1, 30), gtfs(2, 30), gtfs(3, 30)].map((t) => instantOfGtfsTime('2026-03-08', t, NY)) as [number, number, number]
    expect([at0130, at0230, at0330].map(iso)).toEqual(['2026-03-08T05:30:00.000Z', '2026-03-08T06:30:00.000Z', '2026-03-08T07:30:00.000Z'])
    expect([at0130, at0230, at0330].map((t) => wallClock(t, NY))).toEqual(['2026-03-08 00:30 GMT-05:00', '2026-03-08 01:30 GMT-05:00', '2026-03-08 03:30 GMT-04:00'])
    // 01:30:00 → 03:30:00 is 2 h of GTFS time and 2 h of real time (the wall clock says 3 h).
    expect(at0330 - at0130).toBe(2 * HOUR * 1000)
  })

  it('New York, a Saturday trip past midnight into the spring-forward night', () => {
    // Noon on the 7th is EST (-05): 17:00Z; origin 05:00Z = 00:00 EST on the 7th.
    expect(iso(serviceDayOriginMs('2026-03-07', NY))).toBe('2026-03-07T05:00:00.000Z')
    // 25:10:00 → 05:00Z + 25 h 10 min = 06:10Z on the 8th = 01:10 EST, before the jump;
    // 26:40:00 → 07:40Z = 03:40 EDT, after it: 1 h 30 min of real time, the wall clock says 2 h 30 min.
    const at2510 = instantOfGtfsTime('2026-03-07', gtfs(25, 10), NY)
    const at2640 = instantOfGtfsTime('2026-03-07', gtfs(26, 40), NY)
    expect([iso(at2510), iso(at2640)]).toEqual(['2026-03-08T06:10:00.000Z', '2026-03-08T07:40:00.000Z'])
    expect([wallClock(at2510, NY), wallClock(at2640, NY)]).toEqual(['2026-03-08 01:10 GMT-05:00', '2026-03-08 03:40 GMT-04:00'])
    // The service day of the 7th lasts 23 h: from its origin to the 8th's.
    expect(serviceDayOriginMs('2026-03-08', NY) - serviceDayOriginMs('2026-03-07', NY)).toBe(23 * HOUR * 1000)
  })

  it('New York: at 23:30 EST on the 7th, the 8th\'s service day has begun', () => {
    // 04:30Z is 00:30:00 on the 8th (origin 04:00Z), 23:30:00 on the 7th (origin 05:00Z on the 7th) and 47:30:00 on the 6th.
    const instant = Date.parse('2026-03-08T04:30:00Z')
    expect(localDateOf(instant, NY)).toBe('2026-03-07')
    expect(candidateServiceDates(instant, NY)).toEqual(['2026-03-06', '2026-03-07', '2026-03-08'])
    expect(instantOfGtfsTime('2026-03-08', gtfs(0, 30), NY)).toBe(instant)
    // An hour earlier the 8th has not begun: only yesterday and today.
    expect(candidateServiceDates(Date.parse('2026-03-08T03:30:00Z'), NY)).toEqual(['2026-03-06', '2026-03-07'])
  })

  it('New York, fall back (Sun 2026-11-01, 02:00 EDT → 01:00 EST): 01:30 happens twice', () => {
    // Noon on the 1st is EST (-05): 17:00Z; minus 12 h: 05:00Z = 01:00 EDT on the 1st.
    const origin = serviceDayOriginMs('2026-11-01', NY)
    expect(iso(origin)).toBe('2026-11-01T05:00:00.000Z')
    expect(wallClock(origin, NY)).toBe('2026-11-01 01:00 GMT-04:00')
    // 00:30:00 → 05:30Z = the first 01:30 (EDT); 01:30:00 → 06:30Z = the second 01:30 (EST); 03:30:00 → 08:30Z = 03:30 EST.
    const times = [gtfs(0, 30), gtfs(1, 30), gtfs(3, 30)].map((t) => instantOfGtfsTime('2026-11-01', t, NY))
    expect(times.map(iso)).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z', '2026-11-01T08:30:00.000Z'])
    expect(times.map((t) => wallClock(t, NY))).toEqual(['2026-11-01 01:30 GMT-04:00', '2026-11-01 01:30 GMT-05:00', '2026-11-01 03:30 GMT-05:00'])
    expect(times[2]! - times[1]!).toBe(2 * HOUR * 1000) // 01:30:00 → 03:30:00: 2 h real, the wall clock also says 2 h
  })

  it('New York, a Saturday trip past midnight into the fall-back night', () => {
    // Noon on Sat 10-31 is EDT: 16:00Z; origin 04:00Z. 25:10:00 → 05:10Z on 11-01 = 01:10 EDT (the first one);
    // 26:40:00 → 06:40Z = 01:40 EST: 1 h 30 min of real time, the wall clock says 30 min.
    const at2510 = instantOfGtfsTime('2026-10-31', gtfs(25, 10), NY)
    const at2640 = instantOfGtfsTime('2026-10-31', gtfs(26, 40), NY)
    expect([iso(at2510), iso(at2640)]).toEqual(['2026-11-01T05:10:00.000Z', '2026-11-01T06:40:00.000Z'])
    expect([wallClock(at2510, NY), wallClock(at2640, NY)]).toEqual(['2026-11-01 01:10 GMT-04:00', '2026-11-01 01:40 GMT-05:00'])
    // The service day of 10-31 lasts 25 h.
    expect(serviceDayOriginMs('2026-11-01', NY) - serviceDayOriginMs('2026-10-31', NY)).toBe(25 * HOUR * 1000)
  })

  it('Berlin, fall back (Sun 2026-10-25, 03:00 CEST → 02:00 CET): 01:30:00 and 02:30:00 are both 02:30 on the clock', () => {
    // Noon on the 25th is CET (+01): 11:00Z; origin 23:00Z on the 24th = 01:00 CEST on the 25th.
    expect(iso(serviceDayOriginMs('2026-10-25', 'Europe/Berlin'))).toBe('2026-10-24T23:00:00.000Z')
    const at0130 = instantOfGtfsTime('2026-10-25', gtfs(1, 30), 'Europe/Berlin') // 00:30Z
    const at0230 = instantOfGtfsTime('2026-10-25', gtfs(2, 30), 'Europe/Berlin') // 01:30Z
    expect([iso(at0130), iso(at0230)]).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'])
    expect([wallClock(at0130, 'Europe/Berlin'), wallClock(at0230, 'Europe/Berlin')]).toEqual(['2026-10-25 02:30 GMT+02:00', '2026-10-25 02:30 GMT+01:00'])
  })

  it('Amman before permanent +03: DST in 2021 (+02 in winter, +03 from Fri 03-26 00:00 to Fri 10-29 01:00)', () => {
    const AMMAN = 'Asia/Amman'
    // tzdata (Intl): 2021-03-26 00:00 +02 → 01:00 +03 (22:00Z on the 25th); 2021-10-29 01:00 +03 → 00:00 +02 (22:00Z on the 28th).
    expect(zoneOffsetMs(Date.parse('2021-01-15T10:00:00Z'), AMMAN)).toBe(2 * HOUR * 1000)
    expect(zoneOffsetMs(Date.parse('2021-07-15T09:00:00Z'), AMMAN)).toBe(3 * HOUR * 1000)
    expect(wallClock(Date.parse('2021-03-25T22:00:00Z'), AMMAN)).toBe('2021-03-26 01:00 GMT+03:00')
    expect(wallClock(Date.parse('2021-10-28T22:00:00Z'), AMMAN)).toBe('2021-10-29 00:00 GMT+02:00')
    // Winter, 2021-01-15: 08:00:00 +02 → 06:00Z. Summer, 2021-07-15: 08:00:00 +03 → 05:00Z.
    expect(iso(instantOfGtfsTime('2021-01-15', gtfs(8, 0), AMMAN))).toBe('2021-01-15T06:00:00.000Z')
    expect(iso(instantOfGtfsTime('2021-07-15', gtfs(8, 0), AMMAN))).toBe('2021-07-15T05:00:00.000Z')
    // 2021-03-26 has no local midnight: noon +03 = 09:00Z, origin 21:00Z on the 25th = 23:00 +02 the evening before.
    const springOrigin = serviceDayOriginMs('2021-03-26', AMMAN)
    expect(iso(springOrigin)).toBe('2021-03-25T21:00:00.000Z')
    expect(wallClock(springOrigin, AMMAN)).toBe('2021-03-25 23:00 GMT+02:00')
    expect(iso(instantOfGtfsTime('2021-03-26', gtfs(8, 0), AMMAN))).toBe('2021-03-26T05:00:00.000Z')
    // 2021-10-29 has two midnights: noon +02 = 10:00Z, origin 22:00Z on the 28th = the second 00:00 (+02).
    const fallOrigin = serviceDayOriginMs('2021-10-29', AMMAN)
    expect(iso(fallOrigin)).toBe('2021-10-28T22:00:00.000Z')
    expect(wallClock(fallOrigin, AMMAN)).toBe('2021-10-29 00:00 GMT+02:00')
    expect(iso(instantOfGtfsTime('2021-10-29', gtfs(8, 0), AMMAN))).toBe('2021-10-29T06:00:00.000Z')
  })

  it('Amman: no change on 2022-10-28, where DST would have ended; +03 ever since', () => {
    // Noon +03 = 09:00Z, origin 21:00Z on the 27th; 08:00:00 → 05:00Z, as on any day since.
    expect(iso(serviceDayOriginMs('2022-10-28', 'Asia/Amman'))).toBe('2022-10-27T21:00:00.000Z')
    expect(iso(instantOfGtfsTime('2022-10-28', gtfs(8, 0), 'Asia/Amman'))).toBe('2022-10-28T05:00:00.000Z')
    expect(wallClock(Date.parse('2022-12-15T09:00:00Z'), 'Asia/Amman')).toBe('2022-12-15 12:00 GMT+03:00')
    expect(zoneOffsetMs(Date.parse('2022-12-15T09:00:00Z'), 'Asia/Amman')).toBe(3 * HOUR * 1000)
  })
})

describe('services active on a date', () => {
  const weekdaySatToThu = [true, true, true, true, false, true, true] as const // Jordan: Friday is the weekend
  const fridays = [false, false, false, false, true, false, false] as const
  const rules: CalendarRule[] = [
    { serviceId: 'WEEKDAY', days: weekdaySatToThu, startDate: '2026-01-01', endDate: '2026-12-31' },
    { serviceId: 'FRIDAY', days: fridays, startDate: '2026-01-01', endDate: '2026-12-31' },
  ]
  const holidays: CalendarException[] = [
    { serviceId: 'WEEKDAY', date: '2026-05-25', exceptionType: 2 },
    { serviceId: 'FRIDAY', date: '2026-05-25', exceptionType: 1 },
  ]

  it.each([
    ['2026-11-23', ['WEEKDAY']], // a Monday
    ['2026-11-27', ['FRIDAY']],
    ['2026-11-28', ['WEEKDAY']], // Saturday is a working day in Jordan
    ['2026-05-25', ['FRIDAY']], // Independence Day: Friday service instead
    ['2027-01-04', []], // after the calendar ends
  ])('%s → %j', (date, expected) => {
    expect([...activeServiceIds(date, rules, holidays)]).toEqual(expected)
  })

  it('runs a service that only calendar_dates.txt defines', () => {
    const only: CalendarException[] = [{ serviceId: 'EVENT', date: '2026-11-23', exceptionType: 1 }]
    expect([...activeServiceIds('2026-11-23', [], only)]).toEqual(['EVENT'])
    expect([...activeServiceIds('2026-11-24', [], only)]).toEqual([])
  })
})
