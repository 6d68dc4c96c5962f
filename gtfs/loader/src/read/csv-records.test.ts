import { parse } from 'csv-parse/sync'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { readCsvRecords, type CsvRecord } from './csv-records.js'

async function recordsOf(chunks: Array<string | Buffer>): Promise<CsvRecord[]> {
  const all: CsvRecord[] = []
  async function* source() {
    yield* chunks
  }
  for await (const batch of readCsvRecords(source())) all.push(...batch)
  return all
}

const EDGE_CASES = '\uFEFFstop_id,stop_name,stop_desc\r\n' +
  'S1,"Downtown, Al-Balad","says ""hi""\r\nover two lines"\r\n' +
  'S2,العبدلي,\n' +
  '\n' +
  'S3,"",תחנה מרכזית\r\n' +
  'S4,5" screen,x\n' +
  'S5,last line without a break,'

describe('readCsvRecords', () => {
  it('reads quoted commas, doubled quotes, line breaks in quotes, CRLF and LF mixed, a BOM, Arabic and Hebrew', async () => {
    const records = await recordsOf([EDGE_CASES])
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5, 6, 7, 8])
    expect(records[0]!.fields).toEqual(['stop_id', 'stop_name', 'stop_desc'])
    expect(records[1]!.fields).toEqual(['S1', 'Downtown, Al-Balad', 'says "hi"\r\nover two lines'])
    expect(records[2]!.fields).toEqual(['S2', 'العبدلي', ''])
    expect(records[3]!.fields).toEqual(['']) // the blank line
    expect(records[4]!.fields).toEqual(['S3', '', 'תחנה מרכזית'])
    expect(records[5]!.fields).toEqual(['S4', '5" screen', 'x'])
    expect(records[6]!.fields).toEqual(['S5', 'last line without a break', ''])
  })

  it('gives the same records however the bytes are cut into chunks (inside quotes, CRLF and UTF-8 characters)', async () => {
    const whole = await recordsOf([EDGE_CASES])
    const bytes = Buffer.from(EDGE_CASES, 'utf8')
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await recordsOf([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole)
    }
    expect(await recordsOf([...bytes].map((b) => Buffer.of(b)))).toEqual(whole)
  })
})

const SHARED_GTFS = fileURLToPath(new URL('../../../../../shared/data/gtfs', import.meta.url))
const sharedZips = existsSync(SHARED_GTFS)
  ? readdirSync(SHARED_GTFS).flatMap((folder) => readdirSync(join(SHARED_GTFS, folder)).filter((f) => f.endsWith('.zip')).map((f) => join(SHARED_GTFS, folder, f)))
  : []

describe.skipIf(sharedZips.length === 0)('readCsvRecords on the real feeds in ../shared/data/gtfs (skipped where ../shared is absent)', () => {
  it.each(sharedZips)('reads %s exactly as csv-parse does', async (zip) => {
    const files = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.txt'))
    for (const file of files) {
      const bytes = execFileSync('unzip', ['-p', zip, file], { maxBuffer: 1 << 30 })
      if (bytes.length > 2_000_000) continue // the big files take csv-parse seconds; the small ones cover every kind of row
      const expected = (parse(bytes, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][])
      const ours = (await recordsOf([bytes.subarray(0, 65_536), bytes.subarray(65_536)])).map((r) => r.fields).filter((f) => !(f.length === 1 && f[0] === ''))
      expect(ours, `${zip} ${file}`).toEqual(expected)
    }
  }, 60_000)
})
