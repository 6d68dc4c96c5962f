import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { candidateServiceDates, instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFeed } from '../import/import-feed.js'
import { openFeedSource } from '../read/feed-source.js'
import { validateFeed } from '../validate/validate-feed.js'
import type { ValidationReport } from '../validate/validation-report.js'
import { loadSchedule } from './load-schedule.js'
import type { Schedule, ScheduleTrip } from './schedule.js'

/**
 * fixtures/dst-change: a New York feed running on the 2026 US DST changes. GTFS times count from noon minus 12 h
 * of the service date in the agency's zone, so every instant below is worked out as (local noon - 12 h) + time, and
 * its wall clock is given in the comment (EST is -05:00, EDT -04:00). See the fixture's README.md.
 */
const DST_CHANGE = fileURLToPath(new URL('../fixtures/dst-change', import.meta.url))
const HOUR_S = 3600

let database: TestDatabase
let report: ValidationReport
let feedId: number
let schedule: Schedule

beforeAll(async () => {
  const source = await openFeedSource(DST_CHANGE)
  try {
    report = await validateFeed(source, { warningSamplesPerCode: 100 })
  } finally {
    await source.close()
  }
  database = await createTestDatabase()
  const imported = await importFeed({ pool: database.pool, path: DST_CHANGE, writeMethod: database.embedded ? 'insert' : 'copy' })
  if (!imported.ok) throw new Error('dst-change import failed')
  feedId = imported.feedId
  schedule = await loadSchedule(database.pool)
})
afterAll(async () => {
  await database?.close()
})

const trip = (tripId: string): ScheduleTrip => {
  const found = schedule.trips.get(tripId)
  if (!found) throw new Error(`no trip ${tripId}`)
  return found
}
/** The UTC instants (ISO) of a trip's departures on a service date. */
const departuresOn = (serviceDate: string, tripId: string) =>
  [...trip(tripId).departures].map((seconds) => new Date(instantOfGtfsTime(serviceDate, seconds, schedule.timeZone)).toISOString())
/** Real seconds from a trip's first departure to its last arrival on a service date. */
const realDurationS = (serviceDate: string, tripId: string) => {
  const { departures, arrivals } = trip(tripId)
  return (instantOfGtfsTime(serviceDate, arrivals[arrivals.length - 1]!, schedule.timeZone) - instantOfGtfsTime(serviceDate, departures[0]!, schedule.timeZone)) / 1000
}
const services = (serviceDate: string) => [...schedule.servicesOn(serviceDate)].sort()

describe('the dst-change fixture feed', () => {
  it('is valid', () => {
    expect(report.errors).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.warningCountsByCode).toEqual({ GTFS_SHAPES_MISSING: 1, GTFS_SHAPE_DIST_MISSING: 1 }) // the importer derives both
    expect(report.rowCounts).toMatchObject({ 'calendar.txt': 2, 'calendar_dates.txt': 4, 'trips.txt': 3, 'stop_times.txt': 9 })
  })

  it('loads as the active feed, in the agency time zone', () => {
    expect(schedule.feedId).toBe(feedId)
    expect(schedule.timeZone).toBe('America/New_York')
    expect(schedule.trips.size).toBe(3)
    expect([...trip('OWL').departures]).toEqual([1.5 * HOUR_S, 2.5 * HOUR_S, 3.5 * HOUR_S])
    expect([...trip('LATE').departures]).toEqual([24 * HOUR_S + 2400, 25 * HOUR_S + 600, 26 * HOUR_S + 2400])
  })

  it('runs calendar.txt services with calendar_dates.txt exceptions on the change dates and around them', () => {
    expect(services('2026-03-07')).toEqual(['SAT']) // Saturday before spring forward
    expect(services('2026-03-08')).toEqual(['NIGHT', 'SUN']) // spring forward: NIGHT added
    expect(services('2026-03-09')).toEqual([]) // Monday
    expect(services('2026-03-14')).toEqual([]) // SAT removed
    expect(services('2026-03-15')).toEqual(['NIGHT', 'SUN']) // the normal day: NIGHT added
    expect(services('2026-03-22')).toEqual(['SUN'])
    expect(services('2026-10-31')).toEqual(['SAT']) // Saturday before fall back
    expect(services('2026-11-01')).toEqual(['NIGHT', 'SUN']) // fall back: NIGHT added
    expect(services('2026-12-06')).toEqual([]) // after the calendar ends
  })
})

describe('instants of its trips', () => {
  it('spring forward, 2026-03-08: origin 04:00Z (noon EDT 16:00Z - 12 h), OWL takes 2 real hours', () => {
    // 01:30:00 → 05:30Z (00:30 EST), 02:30:00 → 06:30Z (01:30 EST), 03:30:00 → 07:30Z (03:30 EDT, after the jump)
    expect(departuresOn('2026-03-08', 'OWL')).toEqual(['2026-03-08T05:30:00.000Z', '2026-03-08T06:30:00.000Z', '2026-03-08T07:30:00.000Z'])
    expect(realDurationS('2026-03-08', 'OWL')).toBe(2 * HOUR_S)
    // DAY 08:00:00 → 12:00Z = 08:00 EDT
    expect(departuresOn('2026-03-08', 'DAY')[0]).toBe('2026-03-08T12:00:00.000Z')
  })

  it('fall back, 2026-11-01: origin 05:00Z (noon EST 17:00Z - 12 h), OWL takes 2 real hours', () => {
    // 01:30:00 → 06:30Z (the second 01:30, EST), 02:30:00 → 07:30Z (02:30 EST), 03:30:00 → 08:30Z (03:30 EST)
    expect(departuresOn('2026-11-01', 'OWL')).toEqual(['2026-11-01T06:30:00.000Z', '2026-11-01T07:30:00.000Z', '2026-11-01T08:30:00.000Z'])
    expect(realDurationS('2026-11-01', 'OWL')).toBe(2 * HOUR_S)
    // DAY 08:00:00 → 13:00Z = 08:00 EST
    expect(departuresOn('2026-11-01', 'DAY')[0]).toBe('2026-11-01T13:00:00.000Z')
  })

  it('a normal day, 2026-03-15: origin 04:00Z = 00:00 EDT, so OWL runs 01:30 → 03:30 EDT', () => {
    expect(departuresOn('2026-03-15', 'OWL')).toEqual(['2026-03-15T05:30:00.000Z', '2026-03-15T06:30:00.000Z', '2026-03-15T07:30:00.000Z'])
    expect(realDurationS('2026-03-15', 'OWL')).toBe(2 * HOUR_S)
  })

  it('past midnight into spring forward: LATE of Saturday 2026-03-07 (origin 05:00Z = 00:00 EST)', () => {
    // 24:40:00 → 05:40Z (00:40 EST on the 8th), 25:10:00 → 06:10Z (01:10 EST), 26:40:00 → 07:40Z (03:40 EDT)
    expect(departuresOn('2026-03-07', 'LATE')).toEqual(['2026-03-08T05:40:00.000Z', '2026-03-08T06:10:00.000Z', '2026-03-08T07:40:00.000Z'])
    expect(realDurationS('2026-03-07', 'LATE')).toBe(2 * HOUR_S) // the wall clock says 3 h
  })

  it('past midnight into fall back: LATE of Saturday 2026-10-31 (origin 04:00Z = 00:00 EDT)', () => {
    // 24:40:00 → 04:40Z (00:40 EDT on 11-01), 25:10:00 → 05:10Z (the first 01:10, EDT), 26:40:00 → 06:40Z (01:40 EST)
    expect(departuresOn('2026-10-31', 'LATE')).toEqual(['2026-11-01T04:40:00.000Z', '2026-11-01T05:10:00.000Z', '2026-11-01T06:40:00.000Z'])
    expect(realDurationS('2026-10-31', 'LATE')).toBe(2 * HOUR_S) // the wall clock says 1 h
  })

  it('finds both trips running at 01:20 EST on 2026-03-08: Saturday\'s LATE and Sunday\'s OWL', () => {
    const instant = Date.parse('2026-03-08T06:20:00Z')
    const running: string[] = []
    for (const serviceDate of candidateServiceDates(instant, schedule.timeZone)) {
      const active = schedule.servicesOn(serviceDate)
      for (const t of schedule.trips.values()) {
        if (!active.has(t.serviceId)) continue
        const start = instantOfGtfsTime(serviceDate, t.departures[0]!, schedule.timeZone)
        const end = instantOfGtfsTime(serviceDate, t.arrivals[t.arrivals.length - 1]!, schedule.timeZone)
        if (start <= instant && instant <= end) running.push(`${t.tripId} ${serviceDate}`)
      }
    }
    expect(running.sort()).toEqual(['LATE 2026-03-07', 'OWL 2026-03-08'])
  })
})
