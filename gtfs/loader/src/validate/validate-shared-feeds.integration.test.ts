import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openFeedSource } from '../read/feed-source.js'
import { validateFeed } from './validate-feed.js'
import type { ValidationReport } from './validation-report.js'

const SHARED_GTFS = fileURLToPath(new URL('../../../../../shared/data/gtfs', import.meta.url))

interface Expected {
  /** Errors by code, as found in the data (each checked against the files by hand, see the comments). */
  errorsByCode: Record<string, number>
  warningCountsByCode: Record<string, number>
  stopTimes: number
}

/**
 * What each feed really holds. Only feeds with no errors are expected to be ok; the errors of the others are real
 * (see their PROVENANCE.md and the tests below).
 */
const EXPECTED: Record<string, Expected> = {
  // fare_attributes, fare_rules, transfers ignored; shape_dist_traveled column present but empty.
  'bart-2019-08': { errorsByCode: {}, warningCountsByCode: { GTFS_IGNORED_FILE: 3, GTFS_SHAPE_DIST_MISSING: 1 }, stopTimes: 32185 },
  // trips.txt has no shape_id column, so its 4 shapes are unused and trip shapes will be derived.
  'cairo-metro-tfc-2016': { errorsByCode: {}, warningCountsByCode: { GTFS_SHAPES_MISSING: 1, GTFS_SHAPE_DIST_MISSING: 1, GTFS_UNUSED_SHAPE: 4 }, stopTimes: 128 },
  // No shapes.txt, yet all 736 trips name one of 371 shape_ids (PROVENANCE.md: "dangling"): derived from the stops.
  'cairo-tfc-2018': { errorsByCode: {}, warningCountsByCode: { GTFS_SHAPE_NOT_SHIPPED: 736, GTFS_SHAPES_MISSING: 1, GTFS_IGNORED_FILE: 2, GTFS_SHAPE_DIST_MISSING: 1 }, stopTimes: 16722 },
  // 511 extension files ignored; 18 stops (shuttle stops, temporary stops) that no trip visits.
  'caltrain-2023-11': { errorsByCode: {}, warningCountsByCode: { GTFS_IGNORED_FILE: 9, GTFS_UNUSED_STOP: 18 }, stopTimes: 3498 },
  // The first stop of each of the 9,472 trips has no shape_dist_traveled.
  'halifax-transit-2025-08': { errorsByCode: {}, warningCountsByCode: { GTFS_SHAPE_DIST_MISSING: 1 }, stopTimes: 328499 },
  // Every stop_name was stripped (PROVENANCE.md), and one stop's parent station is not in the subset.
  'israel-dan-beersheva-2017-07': { errorsByCode: {}, warningCountsByCode: { GTFS_STOP_WITHOUT_NAME: 551, GTFS_UNKNOWN_PARENT_STATION: 1 }, stopTimes: 153021 },
  'israel-mot-yavne-2019-03': { errorsByCode: {}, warningCountsByCode: { GTFS_IGNORED_FILE: 2 }, stopTimes: 11870 },
  // routes.as_route and stops.area_id are not GTFS columns.
  'trimet-portland-streetcar-2021-10': { errorsByCode: {}, warningCountsByCode: { GTFS_IGNORED_FILE: 3, GTFS_UNKNOWN_COLUMN: 2 }, stopTimes: 43813 },
  'usf-bullrunner': { errorsByCode: {}, warningCountsByCode: { GTFS_IGNORED_FILE: 1, GTFS_SHAPE_DIST_MISSING: 1 }, stopTimes: 473 },
}

async function validateSharedFeed(feed: string): Promise<ValidationReport> {
  const zip = (await readdir(join(SHARED_GTFS, feed))).find((f) => f.endsWith('.zip'))
  if (!zip) throw new Error(`no zip in ${join(SHARED_GTFS, feed)}`)
  const source = await openFeedSource(join(SHARED_GTFS, feed, zip))
  try {
    return await validateFeed(source)
  } finally {
    await source.close()
  }
}

function countByCode(issues: { code: string }[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const { code } of issues) counts[code] = (counts[code] ?? 0) + 1
  return counts
}

const reports = new Map<string, Promise<ValidationReport>>()
const reportOf = (feed: string) => reports.get(feed) ?? reports.set(feed, validateSharedFeed(feed)).get(feed)!

for (const [feed, expected] of Object.entries(EXPECTED)) {
  const present = existsSync(join(SHARED_GTFS, feed))
  describe.skipIf(!present)(`validating ${feed}`, () => {
    it(`validates without throwing; ${Object.keys(expected.errorsByCode).length === 0 ? 'no errors' : 'reports its real errors'}`, async () => {
      const report = await reportOf(feed)
      const errorCount = Object.values(expected.errorsByCode).reduce((sum, n) => sum + n, 0)
      expect(countByCode(report.errors)).toEqual(expected.errorsByCode)
      expect(report.errorCount).toBe(errorCount)
      expect(report.ok).toBe(errorCount === 0)
      expect(report.warningCountsByCode).toEqual(expected.warningCountsByCode)
      expect(report.rowCounts['stop_times.txt']).toBe(expected.stopTimes)
    })
  })
  if (!present) {
    describe(`validating ${feed}`, () => {
      it.skip(`skipped: ${join(SHARED_GTFS, feed)} is absent (it sits beside the repository on the project's machines)`, () => {})
    })
  }
}

describe.skipIf(!existsSync(join(SHARED_GTFS, 'cairo-tfc-2018')))('cairo-tfc-2018 in detail', () => {
  it('warns that shapes.txt is missing and reports each trip naming a shape', async () => {
    const report = await reportOf('cairo-tfc-2018')
    expect(report.warningSamples).toContainEqual(expect.objectContaining({ code: 'GTFS_SHAPES_MISSING', file: 'shapes.txt', line: null }))
    expect(report.derived).toEqual({ shapesDerived: true, shapeDistComputed: true })
    expect(report.ok).toBe(true)
    expect(report.warningSamples).toContainEqual(expect.objectContaining({
      code: 'GTFS_SHAPE_NOT_SHIPPED', line: 2,
      message: 'trips.txt line 2: shape_id "T_L3_W_shape" names a shape but the feed has no shapes.txt: the trip\'s shape will be derived from its stops; add shapes.txt to use the real one',
    }))
    expect(report.ignoredFiles).toEqual(['fare_attributes.txt', 'fare_rules.txt'])
  })
})

describe.skipIf(!existsSync(join(SHARED_GTFS, 'israel-dan-beersheva-2017-07')))('israel-dan-beersheva-2017-07 in detail', () => {
  it('reports the stripped stop names and the parent station left out of the subset', async () => {
    const report = await reportOf('israel-dan-beersheva-2017-07')
    const unnamed = report.warningSamples.filter((e) => e.code === 'GTFS_STOP_WITHOUT_NAME')
    expect(unnamed.length).toBeGreaterThan(0)
    expect(unnamed.every((e) => e.file === 'stops.txt' && e.message.includes('riders will see its stop_code'))).toBe(true)
    // stops.txt line 550: 41425,11749,,,31.279994,34.821693,0,41393, and no stop 41393 in the file.
    expect(report.warningSamples).toContainEqual(expect.objectContaining({ code: 'GTFS_UNKNOWN_PARENT_STATION', file: 'stops.txt', line: 550, message: expect.stringContaining('parent_station "41393"') }))
  })
})
