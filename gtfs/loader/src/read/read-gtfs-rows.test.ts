import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openFeedSource } from './feed-source.js'
import { readGtfsRows, type GtfsRow } from './read-gtfs-rows.js'

const EDGE_CASES = fileURLToPath(new URL('../fixtures/csv-edge-cases', import.meta.url))

async function rowsOf(folder: string, fileName: string): Promise<GtfsRow[]> {
  const source = await openFeedSource(folder)
  try {
    const rows: GtfsRow[] = []
    for await (const row of readGtfsRows(await source.open(fileName))) rows.push(row)
    return rows
  } finally {
    await source.close()
  }
}

describe('readGtfsRows', () => {
  it('reads BOM, CRLF, padded headers, quoted commas, line breaks and quotes, Arabic and Hebrew', async () => {
    const rows = await rowsOf(EDGE_CASES, 'stops.txt')
    expect(rows.map((r) => r.fields.stop_name)).toEqual(['Abdali, Gate 2', 'Line one\r\nline two', 'المحطة', 'He said "hi"', 'תחנה מרכזית'])
    expect(Object.keys(rows[0]!.fields)).toEqual(['stop_id', 'stop_name', 'stop_lat', 'stop_lon', 'zone_id', 'platform_color'])
  })

  it('keeps what a short row has and does not invent the rest', async () => {
    const rows = await rowsOf(EDGE_CASES, 'stops.txt')
    expect(rows[1]!.fields).toEqual({ stop_id: 'S2', stop_name: 'Line one\r\nline two', stop_lat: '31.95', stop_lon: '35.93' })
  })

  it('numbers rows by the line they start on, the header being line 1', async () => {
    const rows = await rowsOf(EDGE_CASES, 'stops.txt')
    expect(rows.map((r) => [r.fields.stop_id, r.line])).toEqual([['S1', 2], ['S2', 3], ['S3', 5], ['S4', 6], ['S5', 7]])
  })

  it('lists the files of a folder feed and refuses a missing one by name', async () => {
    const source = await openFeedSource(EDGE_CASES)
    expect(source.fileNames().sort()).toEqual(['agency.txt', 'stops.txt'])
    await expect(source.open('trips.txt')).rejects.toMatchObject({ code: 'GTFS_MISSING_FILE', message: expect.stringContaining('trips.txt') })
    await source.close()
  })

  it('says clearly when there is no feed at the path', async () => {
    await expect(openFeedSource('/nonexistent/feed.zip')).rejects.toMatchObject({ code: 'GTFS_NOT_FOUND' })
    await expect(openFeedSource(fileURLToPath(import.meta.url))).rejects.toMatchObject({ code: 'GTFS_UNREADABLE' })
  })
})
