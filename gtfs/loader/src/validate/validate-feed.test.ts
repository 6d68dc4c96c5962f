import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openFeedSource } from '../read/feed-source.js'
import { validateFeed } from './validate-feed.js'
import type { ValidationReport } from './validation-report.js'

async function validateFixture(name: string): Promise<ValidationReport> {
  const source = await openFeedSource(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)))
  try {
    return await validateFeed(source, { warningSamplesPerCode: 100 })
  } finally {
    await source.close()
  }
}

/** (code, file, line) of each issue, to compare lists without the wording of messages. */
const where = (issues: { code: string; file: string; line: number | null }[]) => issues.map(({ code, file, line }) => ({ code, file, line }))

/** The warnings every feed without shapes.txt and shape_dist_traveled gets: the importer derives both. */
const DERIVES_SHAPES = { GTFS_SHAPES_MISSING: 1, GTFS_SHAPE_DIST_MISSING: 1 }

describe('validateFeed on valid feeds', () => {
  it('finds nothing wrong in a minimal feed with shapes and distances', async () => {
    const report = await validateFixture('valid-minimal')
    expect(report).toEqual({
      ok: true,
      errors: [],
      errorCount: 0,
      warningCountsByCode: {},
      warningSamples: [],
      rowCounts: { 'agency.txt': 1, 'stops.txt': 3, 'routes.txt': 1, 'calendar.txt': 1, 'shapes.txt': 3, 'trips.txt': 1, 'stop_times.txt': 3 },
      ignoredFiles: [],
      derived: { shapesDerived: false, shapeDistComputed: false },
    })
  })

  it('accepts a feed whose services are all in calendar_dates.txt', async () => {
    // GTFS calendar.txt: "Conditionally Required: Required unless all dates of service are defined in calendar_dates.txt".
    const report = await validateFixture('calendar-dates-only')
    expect(report.errors).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.warningCountsByCode).toEqual(DERIVES_SHAPES)
  })

  it('accepts times past 24:00:00', async () => {
    // GTFS field types, Time: "For times occurring after midnight on the service day, enter the time as a value
    // greater than 24:00:00 in HH:MM:SS."
    const report = await validateFixture('after-midnight-trips')
    expect(report.errors).toEqual([])
    expect(report.warningCountsByCode).toEqual(DERIVES_SHAPES)
  })

  it('accepts frequencies with exact_times 0, 1 and empty, and a headway period ending past midnight', async () => {
    // GTFS frequencies.txt exact_times: "0 or empty - Frequency-based trips. 1 - Schedule-based trips".
    const report = await validateFixture('frequencies-exact-times')
    expect(report.errors).toEqual([])
    expect(report.rowCounts['frequencies.txt']).toBe(4)
  })

  it('accepts a loop trip that visits the same stop at two stop_sequences', async () => {
    // GTFS stop_times.txt stop_id: "A stop may be serviced multiple times in the same trip".
    const report = await validateFixture('loop-route')
    expect(report.errors).toEqual([])
    expect(report.warningCountsByCode).toEqual(DERIVES_SHAPES)
  })

  it('checks trips in stop_sequence order whatever order stop_times.txt lists them in', async () => {
    // GTFS stop_sequence: "The values must increase along the trip but do not need to be consecutive"; the file
    // itself need not be sorted.
    const report = await validateFixture('unsorted-stop-times')
    expect(report.errors).toEqual([])
    expect(report.warningCountsByCode).toEqual(DERIVES_SHAPES)
  })
})

describe('validateFeed on broken files', () => {
  it('reports each missing required file once, and nothing that follows from its absence', async () => {
    const report = await validateFixture('missing-files')
    expect(report.ok).toBe(false)
    expect(where(report.errors)).toEqual([
      { code: 'GTFS_MISSING_FILE', file: 'routes.txt', line: null },
      { code: 'GTFS_MISSING_FILE', file: 'trips.txt', line: null },
      { code: 'GTFS_MISSING_FILE', file: 'stop_times.txt', line: null },
      { code: 'GTFS_MISSING_FILE', file: 'calendar.txt', line: null },
    ])
    expect(report.errors[3]!.message).toMatch(/neither calendar\.txt nor calendar_dates\.txt \(feed: .*missing-files\)/)
    expect(report.warningCountsByCode).toEqual({ GTFS_SHAPES_MISSING: 1 })
  })

  it('reports header problems on line 1, and a required file without rows', async () => {
    const report = await validateFixture('bad-headers')
    expect(where(report.errors)).toEqual([
      { code: 'GTFS_DUPLICATE_COLUMN', file: 'agency.txt', line: 1 },
      // GTFS stops.txt stop_lat: "Required for locations which are stops (location_type=0), stations … entrances".
      { code: 'GTFS_MISSING_COLUMN', file: 'stops.txt', line: 1 },
      // GTFS routes.txt route_short_name: "Required if routes.route_long_name is empty".
      { code: 'GTFS_MISSING_COLUMN', file: 'routes.txt', line: 1 },
      { code: 'GTFS_MISSING_COLUMN', file: 'calendar.txt', line: 1 },
      // routes.txt has no rows, so the trip's route_id names nothing.
      { code: 'GTFS_UNKNOWN_REFERENCE', file: 'trips.txt', line: 2 },
      { code: 'GTFS_MISSING_COLUMN', file: 'stop_times.txt', line: 1 },
      { code: 'GTFS_EMPTY_FILE', file: 'routes.txt', line: null },
    ])
    expect(report.errors.map((e) => e.message)).toContain('calendar.txt line 1: column sunday is required but not in the header: add it')
    expect(report.warningCountsByCode).toEqual(DERIVES_SHAPES)
  })

  it('checks each trip for times at its ends, times at timepoints, and distances that never decrease', async () => {
    const report = await validateFixture('trip-edges-and-distances')
    expect(report.errors).toEqual([
      // GTFS stop_times.txt arrival_time and departure_time: "Required for timepoint=1".
      expect.objectContaining({ code: 'GTFS_MISSING_VALUE', file: 'stop_times.txt', line: 3, message: expect.stringContaining('arrival_time is empty but is required when timepoint is 1') }),
      expect.objectContaining({ code: 'GTFS_MISSING_VALUE', file: 'stop_times.txt', line: 3, message: expect.stringContaining('departure_time is empty') }),
      // GTFS stop_times.txt arrival_time: "Required for the first and last stop in a trip".
      expect.objectContaining({ code: 'GTFS_MISSING_VALUE', file: 'stop_times.txt', line: 2, message: expect.stringContaining('trip "T1" needs a time at its first stop') }),
      // GTFS stop_times.txt shape_dist_traveled: "Values … must increase along with stop_sequence".
      expect.objectContaining({ code: 'GTFS_STOP_TIMES_OUT_OF_ORDER', file: 'stop_times.txt', line: 4, message: expect.stringContaining('shape_dist_traveled 1.2 at stop_sequence 3, less than 1.5') }),
      expect.objectContaining({ code: 'GTFS_MISSING_VALUE', file: 'stop_times.txt', line: 6, message: expect.stringContaining('trip "T2" needs a time at its last stop') }),
    ])
  })

  it('keeps the first errors it finds, counting all of them', async () => {
    const source = await openFeedSource(fileURLToPath(new URL('../fixtures/bad-rows', import.meta.url)))
    try {
      const report = await validateFeed(source, { maxStoredErrors: 3, warningSamplesPerCode: 1 })
      expect(report.errors).toHaveLength(3)
      expect(report.errorCount).toBe(35)
      expect(report.warningSamples.filter((w) => w.code === 'GTFS_UNUSED_STOP')).toHaveLength(1)
      expect(report.warningCountsByCode.GTFS_UNUSED_STOP).toBe(5)
    } finally {
      await source.close()
    }
  })
})
