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

  it('Halifax on the day clocks go back (2026-11-01): 08:00:00 is 08:00 AST', () => {
    expect(iso(instantOfGtfsTime('2026-11-01', 8 * 3600, 'America/Halifax'))).toBe('2026-11-01T12:00:00.000Z')
    expect(iso(instantOfGtfsTime('2026-10-31', 8 * 3600, 'America/Halifax'))).toBe('2026-10-31T11:00:00.000Z')
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
