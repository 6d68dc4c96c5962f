import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openFeedSource } from './feed-source.js'
import { readGtfsRows } from './read-gtfs-rows.js'

const SHARED_GTFS = fileURLToPath(new URL('../../../../../shared/data/gtfs', import.meta.url))
const present = existsSync(SHARED_GTFS)

/** Row counts as each feed's PROVENANCE.md states them. */
const EXPECTED: Record<string, Record<string, number>> = {
  'bart-2019-08': { 'agency.txt': 1, 'routes.txt': 8, 'trips.txt': 2641, 'stop_times.txt': 32185, 'stops.txt': 48, 'shapes.txt': 34578, 'calendar.txt': 3, 'calendar_dates.txt': 12, 'frequencies.txt': 0 },
  'cairo-metro-tfc-2016': { 'agency.txt': 1, 'routes.txt': 3, 'trips.txt': 6, 'stop_times.txt': 128, 'stops.txt': 189, 'shapes.txt': 510, 'frequencies.txt': 6, 'calendar.txt': 1, 'calendar_dates.txt': 1 },
  'cairo-tfc-2018': { 'agency.txt': 7, 'routes.txt': 217, 'trips.txt': 736, 'stop_times.txt': 16722, 'stops.txt': 1490, 'frequencies.txt': 748, 'calendar.txt': 2, 'calendar_dates.txt': 2 },
  'caltrain-2023-11': { 'agency.txt': 1, 'routes.txt': 9, 'trips.txt': 176, 'stop_times.txt': 3498, 'stops.txt': 109, 'shapes.txt': 12027, 'calendar.txt': 2, 'calendar_dates.txt': 20 },
  'halifax-transit-2025-08': { 'agency.txt': 1, 'routes.txt': 80, 'trips.txt': 9472, 'stop_times.txt': 328499, 'stops.txt': 2386, 'shapes.txt': 105788, 'calendar.txt': 10, 'calendar_dates.txt': 72 },
  'israel-dan-beersheva-2017-07': { 'agency.txt': 1, 'routes.txt': 57, 'trips.txt': 5172, 'stop_times.txt': 153021, 'stops.txt': 551, 'shapes.txt': 32580, 'calendar.txt': 152 },
  'israel-mot-yavne-2019-03': { 'agency.txt': 28, 'routes.txt': 3, 'trips.txt': 505, 'stop_times.txt': 11870, 'stops.txt': 52, 'shapes.txt': 1251, 'calendar.txt': 28 },
  'trimet-portland-streetcar-2021-10': { 'agency.txt': 2, 'routes.txt': 2, 'trips.txt': 2341, 'stop_times.txt': 43813, 'stops.txt': 103, 'shapes.txt': 18286, 'calendar.txt': 18, 'calendar_dates.txt': 168, 'transfers.txt': 57 },
  'usf-bullrunner': { 'agency.txt': 1, 'routes.txt': 6, 'trips.txt': 15, 'stop_times.txt': 473, 'stops.txt': 125, 'shapes.txt': 1522, 'frequencies.txt': 15, 'calendar.txt': 3 },
}

async function zipOf(feed: string): Promise<string> {
  const zip = (await readdir(join(SHARED_GTFS, feed))).find((f) => f.endsWith('.zip'))
  if (!zip) throw new Error(`no zip in ${feed}`)
  return join(SHARED_GTFS, feed, zip)
}

describe.skipIf(!present)('reading the real feeds in ../shared/data/gtfs', () => {
  it.each(Object.keys(EXPECTED))('%s: every file has the rows its PROVENANCE.md states', async (feed) => {
    const source = await openFeedSource(await zipOf(feed))
    try {
      const counts: Record<string, number> = {}
      for (const fileName of Object.keys(EXPECTED[feed]!)) {
        let rows = 0
        for await (const _row of readGtfsRows(await source.open(fileName))) rows += 1
        counts[fileName] = rows
      }
      expect(counts).toEqual(EXPECTED[feed])
    } finally {
      await source.close()
    }
  })

  it('reads Hebrew names from the Israeli feed (UTF-8 with a BOM)', async () => {
    const source = await openFeedSource(await zipOf('israel-mot-yavne-2019-03'))
    try {
      const names: string[] = []
      for await (const row of readGtfsRows(await source.open('routes.txt'))) names.push(row.fields.route_long_name ?? '')
      expect(names.some((name) => /[\u0590-\u05FF]/.test(name) && name.includes('יבנה'))).toBe(true)
      const first = (await readGtfsRows(await source.open('agency.txt')).next()).value
      expect(Object.keys(first?.fields ?? {})[0]).toBe('agency_id') // not "\uFEFFagency_id"
    } finally {
      await source.close()
    }
  })

  it('reports the Cairo feed without shapes.txt clearly', async () => {
    const source = await openFeedSource(await zipOf('cairo-tfc-2018'))
    try {
      expect(source.fileNames()).not.toContain('shapes.txt')
      await expect(source.open('shapes.txt')).rejects.toMatchObject({ code: 'GTFS_MISSING_FILE', message: expect.stringMatching(/shapes\.txt is not in .*cairo-tfc-2018/) })
    } finally {
      await source.close()
    }
  })
})

if (!present) {
  describe('reading the real feeds in ../shared/data/gtfs', () => {
    it.skip(`skipped: ${SHARED_GTFS} is absent (it sits beside the repository on the project's machines)`, () => {})
  })
}
