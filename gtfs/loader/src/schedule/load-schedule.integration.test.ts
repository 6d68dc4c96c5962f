import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import { haversineM, pointAtDistance } from '@masar/model/geo/polyline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFeed } from '../import/import-feed.js'
import { loadSchedule } from './load-schedule.js'
import { readScheduleFromFeed } from './read-schedule-from-feed.js'
import type { Schedule } from './schedule.js'

const AMMAN_DEMO = fileURLToPath(new URL('../../demo-feed', import.meta.url))
let database: TestDatabase
let schedule: Schedule

beforeAll(async () => {
  database = await createTestDatabase()
  const imported = await importFeed({ pool: database.pool, path: AMMAN_DEMO, writeMethod: database.embedded ? 'insert' : 'copy' })
  if (!imported.ok) throw new Error('demo import failed')
  schedule = await loadSchedule(database.pool)
})
afterAll(async () => {
  await database?.close()
})

describe('the schedule model of the Amman demo feed', () => {
  it('has the feed in memory, in the agency time zone', () => {
    expect(schedule.timeZone).toBe('Asia/Amman')
    expect(schedule.routes.size).toBe(28)
    expect(schedule.stops.size).toBe(604)
    expect(schedule.trips.size).toBe(5647) // the BRT's runs (frequencies.txt) one per trip
  })

  it('knows which services run: Saturday to Thursday, Friday, and holidays', () => {
    expect([...schedule.servicesOn('2026-11-23')]).toEqual(['WEEKDAY']) // Monday
    expect([...schedule.servicesOn('2026-11-28')]).toEqual(['WEEKDAY']) // Saturday works in Jordan
    expect([...schedule.servicesOn('2026-11-27')]).toEqual(['FRIDAY'])
    expect([...schedule.servicesOn('2026-05-25')]).toEqual(['FRIDAY']) // Independence Day
  })

  it('gives each block its trips in order, never overlapping, with times that turn into Amman instants', () => {
    const trip = [...schedule.trips.values()].find((t) => t.serviceId === 'WEEKDAY' && t.blockId !== null)!
    const block = schedule.tripsOfBlock('WEEKDAY', trip.blockId!)
    expect(block.length).toBeGreaterThan(1)
    for (let i = 1; i < block.length; i++) {
      const previous = block[i - 1]!
      expect(block[i]!.departures[0]!).toBeGreaterThanOrEqual(previous.arrivals[previous.arrivals.length - 1]!)
    }
    const first = block[0]!
    const departure = instantOfGtfsTime('2026-11-23', first.departures[0]!, schedule.timeZone)
    expect(new Date(departure).toISOString().slice(0, 10)).toBe('2026-11-23')
  })

  it('has every trip on a shape, each stop placed on it in order, at a point beside the stop', () => {
    for (const trip of schedule.trips.values()) {
      const shape = schedule.shapes.get(trip.shapeId!)!
      expect(shape).toBeDefined()
      const lengthM = shape.distancesM[shape.distancesM.length - 1]!
      expect(trip.distancesM[trip.distancesM.length - 1]!).toBeLessThanOrEqual(lengthM + 1e-6)
      for (let i = 1; i < trip.distancesM.length; i++) expect(trip.distancesM[i]!).toBeGreaterThan(trip.distancesM[i - 1]!)
    }
    for (const trip of [...schedule.trips.values()].slice(0, 200)) {
      const shape = schedule.shapes.get(trip.shapeId!)!
      trip.stopIds.forEach((stopId, i) => {
        const onShape = pointAtDistance({ lats: shape.lats, lons: shape.lons, distances: shape.distancesM }, trip.distancesM[i]!)
        const stop = schedule.stops.get(stopId)!
        expect(haversineM(onShape.lat, onShape.lon, stop.lat, stop.lon)).toBeLessThan(50)
      })
    }
  })

  it('has the names riders read in English too: stops, headsigns (translated by their Arabic text), route names', () => {
    const trip = [...schedule.trips.values()].find((t) => t.headsign === 'مجمع صويلح')!
    expect(trip.headsignTranslations).toEqual({ en: 'Sweileh Terminal' })
    const withHeadsign = [...schedule.trips.values()].filter((t) => t.headsign !== null)
    expect(withHeadsign.every((t) => t.headsignTranslations?.en)).toBe(true)
    expect([...schedule.routes.values()].every((r) => r.longName === null || r.longNameTranslations?.en)).toBe(true)
    expect(schedule.stops.get('S1014')!.translations).toEqual({ en: 'University of Jordan' })
  })

  it('is the same model when read straight from the feed, without a database (readScheduleFromFeed)', async () => {
    const fromFeed = await readScheduleFromFeed(AMMAN_DEMO)
    expect(fromFeed.timeZone).toBe(schedule.timeZone)
    expect([...fromFeed.trips.keys()].sort()).toEqual([...schedule.trips.keys()].sort())
    expect(fromFeed.stops.size).toBe(schedule.stops.size)
    expect(fromFeed.blocksOn('2026-11-23').length).toBe(schedule.blocksOn('2026-11-23').length)
    for (const tripId of [...schedule.trips.keys()].slice(0, 50)) {
      const a = schedule.trips.get(tripId)!
      const b = fromFeed.trips.get(tripId)!
      expect(b.stopIds).toEqual(a.stopIds)
      expect([...b.arrivals]).toEqual([...a.arrivals])
      expect([...b.stopSequences!]).toEqual([...a.stopSequences!])
      expect([...b.distancesM].map(Math.round)).toEqual([...a.distancesM].map(Math.round))
    }
    expect(fromFeed.stops.get([...schedule.stops.keys()][0]!)!.translations).toEqual(schedule.stops.get([...schedule.stops.keys()][0]!)!.translations)
    expect([...fromFeed.trips.values()].map((t) => t.headsignTranslations)).toEqual([...fromFeed.trips.keys()].map((id) => schedule.trips.get(id)!.headsignTranslations))
    expect([...fromFeed.routes.values()].map((r) => r.longNameTranslations)).toEqual([...fromFeed.routes.keys()].map((id) => schedule.routes.get(id)!.longNameTranslations))
  })

  it('finds stops near a place and by Arabic or English name', () => {
    const abdali = schedule.searchStops('Abdali', 50)
    expect(abdali.length).toBeGreaterThan(0)
    const near = schedule.stopsNear(abdali[0]!.lat, abdali[0]!.lon, 50)
    expect(near[0]?.stopId).toBe(abdali[0]!.stopId)
    expect(schedule.searchStops('العبدلي', 50).map((s) => s.stopId)).toContain(abdali[0]!.stopId)
  })
})

describe('the schedule model of a frequency-based feed', () => {
  it('expands frequencies.txt into runs (fixtures/frequencies-exact-times)', async () => {
    const fixture = fileURLToPath(new URL('../fixtures/frequencies-exact-times', import.meta.url))
    const imported = await importFeed({ pool: database.pool, path: fixture, writeMethod: database.embedded ? 'insert' : 'copy', activate: false })
    if (!imported.ok) throw new Error('fixture import failed')
    const frequencyBased = await loadSchedule(database.pool, imported.feedId)
    const runsOf = (tripId: string) => [...frequencyBased.trips.values()].filter((t) => t.templateTripId === tripId)
    expect(runsOf('FREQ')).toHaveLength(36 + 62)
    expect(runsOf('EXACT')).toHaveLength(24)
    expect(runsOf('DEFAULT')).toHaveLength(48)
    expect(runsOf('EXACT').every((run) => run.headwayBased === false)).toBe(true)
    expect(runsOf('DEFAULT').every((run) => run.headwayBased === true)).toBe(true) // exact_times empty means 0
    expect(frequencyBased.trips.get('FREQ@24:15:00')?.departures[0]).toBe(24 * 3600 + 900)
  })
})
