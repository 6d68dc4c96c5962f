import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTrace } from './read-trace.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'masar-nextbus-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

// Written from ../shared/data/avl/ttc-toronto-nextbus-2016-12/PROVENANCE.md, "Raw format".
const ROUTE_FILE = [
  '10-Van Horne',
  '14155~14633~Don Mills Station~43.7759799~-79.34691~4095_ar~null~Brian Ave At Van Horne Ave~43.7877199~-79.33484',
  '1481535978397~8199~10_0_VHBR~216~43.7363659~-79.453201~8201~10_1_VHBR~-4~43.78~-79.34',
  '1481535998583~8199~10_0_VHBR~216~43.7363659~-79.453201',
  '1481536018552~8199~10_0_VHBR~216~91~-79.45~bad vehicle!~10_0_VHBR~0~43.7~-79.4',
  '',
]

describe('readTrace: TTC NextBus route files', () => {
  it('reads the title and stops, then one record per vehicle and poll, times in epoch ms, direction tags kept', async () => {
    const path = join(dir, '10.txt.gz')
    await writeFile(path, gzipSync(ROUTE_FILE.join('\n')))
    const trace = await readTrace(path)
    expect(trace.format.name).toBe('ttc-nextbus')
    expect(trace.timeZone).toBe('America/Toronto')
    expect(trace.nextBusRoute).toEqual({ title: '10-Van Horne', routeId: '10', stops: [
      { stopTag: '14155', stopCode: '14633', title: 'Don Mills Station', lat: 43.7759799, lon: -79.34691 },
      { stopTag: '4095_ar', stopCode: null, title: 'Brian Ave At Van Horne Ave', lat: 43.7877199, lon: -79.33484 },
    ] })
    expect(trace.records).toEqual([
      { vehicleId: '8199', atMs: 1481535978397, lat: 43.7363659, lon: -79.453201, routeId: '10', bearingDeg: 216, direction: '10_0_VHBR' },
      { vehicleId: '8201', atMs: 1481535978397, lat: 43.78, lon: -79.34, routeId: '10', direction: '10_1_VHBR' },
      { vehicleId: '8199', atMs: 1481535998583, lat: 43.7363659, lon: -79.453201, routeId: '10', bearingDeg: 216, direction: '10_0_VHBR' },
    ])
    expect(trace.skipped.byReason).toEqual({ invalid_position: 1, invalid_vehicle_id: 1 })
  })

  it('names the NextBus layout among what it expected when a file is neither', async () => {
    const path = join(dir, 'nothing.txt')
    await writeFile(path, 'hello-world\nnot~stops\n')
    await expect(readTrace(path)).rejects.toThrow(/TTC NextBus route file/)
  })
})

const ROUTE_10 = fileURLToPath(new URL('../../../../shared/data/avl/ttc-toronto-nextbus-2016-12/raw_route_files/10.txt.gz', import.meta.url))
const missing = existsSync(ROUTE_10) ? null : `SKIPPED: the TTC NextBus archive is not on this machine (${ROUTE_10})`
if (missing) console.warn(`nextbus real trace: ${missing}`)

describe.skipIf(missing !== null)(`readTrace on TTC route 10${missing ? ` (${missing})` : ''}`, () => {
  it('reads every vehicle row the MANIFEST counts, in Toronto, over 11–19 Dec 2016', async () => {
    const trace = await readTrace(ROUTE_10)
    expect(trace.format.name).toBe('ttc-nextbus')
    expect(trace.records.length + trace.skipped.count).toBe(18_535) // MANIFEST.csv n_vehicle_rows for 10.txt
    expect(trace.skipped.count).toBeLessThan(20)
    expect(trace.nextBusRoute?.stops.length).toBeGreaterThan(20)
    // Direction tags name a route and its direction (10_0_…, 10_1_…; a few buses run on to another route's, 196_1_…);
    // a bus out of service has the tag "null".
    const tagged = trace.records.filter((r) => r.direction !== undefined)
    const routeAndDirection = tagged.map((r) => r.direction!.split('_').slice(0, 2).join('_'))
    expect(new Set(routeAndDirection.filter((tag) => tag.startsWith('10_')))).toEqual(new Set(['10_0', '10_1']))
    expect(routeAndDirection.filter((tag) => tag.startsWith('10_')).length / trace.records.length).toBeGreaterThan(0.8)
    expect(trace.records[0]!.atMs).toBeGreaterThanOrEqual(Date.parse('2016-12-11T14:25:00-05:00'))
    expect(trace.records.at(-1)!.atMs).toBeLessThanOrEqual(Date.parse('2016-12-19T01:11:00-05:00'))
    const inToronto = trace.records.filter((r) => r.lat > 43.5 && r.lat < 43.9 && r.lon > -79.7 && r.lon < -79.1)
    expect(inToronto.length / trace.records.length).toBeGreaterThan(0.99)
  })
})
