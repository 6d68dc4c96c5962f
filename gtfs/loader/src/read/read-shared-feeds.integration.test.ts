import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { openFeedSource } from './feed-source.js'
import { readGtfsRows } from './read-gtfs-rows.js'
import { SHARED_FEED_ROWS as EXPECTED, SHARED_GTFS, sharedFeedZip as zipOf } from './shared-feeds.js'

const present = existsSync(SHARED_GTFS)

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
