import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { length, lineString, nearestPointOnLine, point } from '@turf/turf'
import { openFeedSource } from '@masar/gtfs/read/feed-source'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { validateFeed } from '@masar/gtfs/validate/validate-feed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTrace } from '../replay/read-trace.js'
import { REAL_TRACES } from '../replay/real-traces.js'
import type { TraceRecord } from '../replay/trace-record.js'
import { buildAvlFeed, type AvlFeedOptions } from './build-avl-feed.js'
import { buildFeedFromAvlFiles } from './build-feed-from-avl-files.js'
import { KNOWN_AGENCIES } from './feed-identities.js'
import { writeFeedFolder } from './write-feed-folder.js'

const missing = existsSync(REAL_TRACES.amman) ? null : `SKIPPED: the Amman BRT trace is not on this machine (${REAL_TRACES.amman})`
if (missing) console.warn(`avl feed on real traces: ${missing}`)

const options: AvlFeedOptions = { identity: { ...KNOWN_AGENCIES['amman-brt']!, stopNames: new Map() }, minTrips: 30, forecastDays: 28 }

// ../shared/data/avl/amman-brt-2025-11/PROVENANCE.md: route 99, nine days, stop ids and direction per ping, six glitch
// rows of bus 59197 at 31.3838,41.0892, plausible points inside lat 31.9398..32.0326, lon 35.8416..36.0163.
describe.skipIf(missing !== null)(`a GTFS feed learned from Amman BRT's own positions${missing ? ` (${missing})` : ''}`, () => {
  let records: TraceRecord[]
  let built: ReturnType<typeof buildAvlFeed>
  let folder: string
  beforeAll(async () => {
    records = (await readTrace(REAL_TRACES.amman)).records
    built = buildAvlFeed(records, options)
    folder = await mkdtemp(join(tmpdir(), 'avl-feed-'))
    await writeFeedFolder(folder, built.files)
  }, 120_000)
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true })
  })

  const route99 = () => built.models.routes.find((r) => r.routeId === '99')!

  it('finds both directions of route 99, each with 20–41 stations, and leaves out the routes polled for an hour', () => {
    expect(built.models.routes.map((r) => r.routeId)).toEqual(['99'])
    expect(route99().directions.map((d) => d.direction)).toEqual(['0', '1'])
    for (const d of route99().directions) {
      expect(d.stations.length).toBeGreaterThanOrEqual(20)
      expect(d.stations.length).toBeLessThanOrEqual(41)
      expect(d.trips).toBeGreaterThan(300)
    }
    expect(built.models.skipped.some((s) => s.startsWith('route 100'))).toBe(true)
    // The logger's notes: 0 runs to the Museum (10635 and beyond), 1 to Sweileh (10613 and beyond).
    const [toMuseum, toSweileh] = route99().directions.map((d) => d.stations.map((s) => s.stopId))
    expect(toMuseum!.indexOf('10617')).toBeLessThan(toMuseum!.indexOf('10635'))
    expect(toSweileh!.indexOf('10635')).toBeLessThan(toSweileh!.indexOf('10617'))
  })

  it('draws each shape from the tracks: a plausible length, every station on it, in order along it', () => {
    for (const d of route99().directions) {
      const shape = lineString(d.shape)
      const km = length(shape)
      expect(km).toBeGreaterThan(10)
      expect(km).toBeLessThan(25)
      const along = d.stations.map((s) => nearestPointOnLine(shape, point([s.lon, s.lat]), { units: 'meters' }))
      for (const p of along) expect(p.properties.dist).toBeLessThan(60)
      const locations = along.map((p) => p.properties.location)
      expect(locations).toEqual([...locations].sort((a, b) => a - b))
    }
  })

  it('leaves the glitch rows out: nothing of the feed lies outside the plausible box', () => {
    expect(built.models.cleaning.dropped.farFromFleet).toBe(6)
    const inside = ([lon, lat]: [number, number]) => lat > 31.93 && lat < 32.04 && lon > 35.83 && lon < 36.03
    for (const d of route99().directions) {
      expect(d.shape.every(inside)).toBe(true)
      expect(d.stations.every((s) => inside([s.lon, s.lat]))).toBe(true)
    }
  })

  it('puts stations within tens of metres of where buses stand at them', () => {
    const spreads = route99().directions.flatMap((d) => d.stations.map((s) => s.medianSpreadM)).sort((a, b) => a - b)
    expect(spreads[Math.floor(spreads.length * 0.8)]).toBeLessThan(50)
    expect(spreads[spreads.length >> 1]).toBeLessThan(35)
  })

  it('learns plausible running times and headways', () => {
    for (const d of route99().directions) {
      const endToEndMin = d.times.arrivalS.at(-1)! / 60
      expect(endToEndMin).toBeGreaterThan(30)
      expect(endToEndMin).toBeLessThan(75)
      expect(d.times.departureS.every((s, i) => s >= d.times.arrivalS[i]! && (i === 0 || d.times.arrivalS[i]! > d.times.departureS[i - 1]!))).toBe(true)
      for (const band of d.bands) {
        expect(band.headwayS).toBeGreaterThanOrEqual(120)
        expect(band.headwayS).toBeLessThanOrEqual(20 * 60)
        if (band.startS >= 7 * 3600 && band.endS <= 19 * 3600) expect(band.headwayS).toBeLessThanOrEqual(8 * 60)
      }
    }
  })

  it('writes a feed that passes the loader\'s checks and loads as headway-based trips', async () => {
    const source = await openFeedSource(folder)
    const report = await validateFeed(source).finally(() => source.close())
    expect(report.errors).toEqual([])
    const schedule = await readScheduleFromFeed(folder)
    const runs = [...schedule.trips.values()]
    expect(runs.length).toBeGreaterThan(300)
    expect(runs.every((trip) => trip.headwayBased === true)).toBe(true)
    expect(runs.every((trip) => trip.distancesM.every((d, i) => i === 0 || d >= trip.distancesM[i - 1]!))).toBe(true)
  })

  it('is deterministic, and --until learns only from the days up to it', () => {
    const again = buildAvlFeed(records, options)
    expect([...again.files]).toEqual([...built.files])
    const heldOut = buildAvlFeed(records, { ...options, until: '2025-11-19' })
    expect(heldOut.models.serviceDates.at(-1)).toBe('2025-11-19')
    // Service day 11-19 runs until 03:00 on the 20th (Amman is UTC+3 all year since 2022).
    expect(heldOut.records).toBe(records.filter((r) => r.atMs < Date.parse('2025-11-20T03:00:00+03:00')).length)
    expect(heldOut.records).toBeLessThan(records.length - 30_000) // 11-20 is the busiest day logged
    expect(heldOut.files.get('frequencies.txt')).not.toBe(built.files.get('frequencies.txt'))
    // The calendar covers the held-out day: the feed is a forecast for the 28 days after the last one learned.
    expect(heldOut.files.get('calendar.txt')).toContain('20251111,20251217')
    expect(heldOut.files.get('feed_info.txt')).toContain('avl-20251111-20251119')
  }, 120_000) // two more builds of nine days on a shared machine

  it("builds the eval's feed from the trace file: the days up to the one before the test day, byte for byte as --until", async () => {
    const out = await mkdtemp(join(tmpdir(), 'avl-feed-eval-'))
    try {
      expect(await buildFeedFromAvlFiles({ avlPaths: [REAL_TRACES.amman], untilDay: '2025-11-19', outDir: out })).toBe(out)
      const schedule = await readScheduleFromFeed(out)
      expect(schedule.stops.size).toBeGreaterThan(20)
      const expected = buildAvlFeed(records, { ...options, until: '2025-11-19' }).files.get('frequencies.txt')
      expect(await readFile(join(out, 'frequencies.txt'), 'utf8')).toBe(expected)
    } finally {
      await rm(out, { recursive: true, force: true })
    }
  }, 120_000)
})
