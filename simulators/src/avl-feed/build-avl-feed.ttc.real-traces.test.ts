import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { distance, point } from '@turf/turf'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { describe, expect, it } from 'vitest'
import { readTrace } from '../replay/read-trace.js'
import { buildAvlFeed } from './build-avl-feed.js'
import { KNOWN_AGENCIES } from './feed-identities.js'
import { writeFeedFolder } from './write-feed-folder.js'

const ROUTE_10 = fileURLToPath(new URL('../../../../shared/data/avl/ttc-toronto-nextbus-2016-12/raw_route_files/10.txt.gz', import.meta.url))
const missing = existsSync(ROUTE_10) ? null : `SKIPPED: the TTC NextBus archive is not on this machine (${ROUTE_10})`
if (missing) console.warn(`avl feed on TTC route 10: ${missing}`)

describe.skipIf(missing !== null)(`a GTFS feed learned from TTC route 10's NextBus positions and published stops${missing ? ` (${missing})` : ''}`, () => {
  it('finds both directions along the published stops, learns plausible times, and loads as headway-based trips', async () => {
    const trace = await readTrace(ROUTE_10)
    const published = trace.nextBusRoute!.stops.map((s) => ({ stopId: s.stopTag, name: s.title, lat: s.lat, lon: s.lon }))
    const records = trace.records.filter((r) => r.direction?.startsWith('10_'))
    const built = buildAvlFeed(records, { identity: { ...KNOWN_AGENCIES['ttc-nextbus']!, stopNames: new Map(published.map((s) => [s.stopId, s.name])) }, minTrips: 30, forecastDays: 28, publishedStops: published })
    const directions = built.models.routes.find((r) => r.routeId === '10')!.directions
    expect(directions.map((d) => d.direction)).toEqual(['10_0_10', '10_1_10'])
    const byId = new Map(published.map((s) => [s.stopId, s]))
    for (const d of directions) {
      expect(d.stations.length).toBeGreaterThanOrEqual(12)
      for (const s of d.stations) expect(s.lat).toBe(byId.get(s.stopId)!.lat) // stops stay where the TTC put them
      expect(d.times.arrivalS.at(-1)! / 60).toBeGreaterThan(8)
      expect(d.times.arrivalS.at(-1)! / 60).toBeLessThan(40)
      for (const band of d.bands) expect(band.headwayS).toBeGreaterThanOrEqual(180)
    }
    // Don Mills Station (14155_ar) ends one direction and starts the other.
    expect(directions[0]!.stations[0]!.stopId).toBe('14155_ar')
    expect(directions[1]!.stations.at(-1)!.stopId).toBe('14155_ar')
    const first = directions[0]!.stations[0]!
    expect(distance(point([first.lon, first.lat]), point(directions[0]!.shape[0]!)) * 1000).toBeLessThan(1)
    const folder = await mkdtemp(join(tmpdir(), 'avl-feed-ttc-'))
    try {
      await writeFeedFolder(folder, built.files)
      const schedule = await readScheduleFromFeed(folder)
      expect(schedule.timeZone).toBe('America/Toronto')
      expect([...schedule.trips.values()].every((trip) => trip.headwayBased === true)).toBe(true)
      expect(schedule.stops.get('14155_ar')?.name).toBe('Don Mills Station')
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  }, 120_000)
})
