import { createReadStream, existsSync } from 'node:fs'
import { join } from 'node:path'
import { createGunzip } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { readCapMetricsSchedule } from './capmetrics-schedule.js'
import { readGtfsRows } from './read-gtfs-rows.js'
import { SHARED_GTFS } from './shared-feeds.js'

/** The CapMetrics day beside the shared feeds (../shared/data/avl); absent in a user's clone. */
const AUSTIN = join(SHARED_GTFS, '..', 'avl', 'capmetro-austin-2015-03-07')
const FILES = {
  schedulePath: join(AUSTIN, 'schedule_20140824_20150606.csv.gz'),
  stopsPath: join(AUSTIN, 'stops_20140824_20150606.csv.gz'),
  avlPath: join(AUSTIN, 'vehicle_positions_2015-03-07.csv.gz'),
}
const missing = Object.values(FILES).filter((path) => !existsSync(path))
const skipped = missing.length > 0 ? `SKIPPED: the CapMetrics files are not on this machine (${missing.join(', ')})` : null
if (skipped) console.warn(`capmetrics schedule real traces: ${skipped}`)

async function avlRoutesByTrip(): Promise<Map<string, string>> {
  const routes = new Map<string, string>()
  for await (const row of readGtfsRows(createReadStream(FILES.avlPath).pipe(createGunzip()))) routes.set(row.fields.trip_id!, row.fields.route_id!)
  return routes
}

// Counts from ../shared/data/avl/capmetro-austin-2015-03-07/PROVENANCE.md: 1,310 trips of 42 routes, all in the schedule.
describe.skipIf(skipped !== null)(`readCapMetricsSchedule on Austin, Saturday 2015-03-07${skipped ? ` (${skipped})` : ''}`, () => {
  it('holds every trip of the AVL file with its route, two or more stops in time order, and distances that grow', async () => {
    const [schedule, avlRoutes] = await Promise.all([readCapMetricsSchedule({ ...FILES, serviceDate: '2015-03-07' }), avlRoutesByTrip()])
    expect(avlRoutes.size).toBe(1_310)
    expect(schedule.trips.size).toBe(1_310)
    expect(schedule.routes.size).toBe(42)
    expect(schedule.timeZone).toBe('America/Chicago')
    const saturday = schedule.servicesOn('2015-03-07')
    const friday = schedule.servicesOn('2015-03-06')
    let owls = 0
    for (const [tripId, routeId] of avlRoutes) {
      const trip = schedule.trips.get(tripId)
      expect(trip, tripId).toBeDefined()
      expect(trip!.routeId).toBe(routeId)
      expect(trip!.stopIds.length).toBeGreaterThanOrEqual(2)
      expect(trip!.arrivals.every((s, i) => i === 0 || trip!.arrivals[i - 1]! <= s), tripId).toBe(true)
      expect(trip!.distancesM.every((m, i) => i === 0 ? m === 0 : trip!.distancesM[i - 1]! < m), tripId).toBe(true)
      expect(trip!.stopIds.every((id) => schedule.stops.has(id))).toBe(true)
      expect(schedule.shapes.get(tripId)!.lats).toHaveLength(trip!.stopIds.length)
      if (saturday.has(trip!.serviceId)) continue
      // Not Saturday's: Friday's owl trip, after midnight (GTFS stop_times.txt: arrival_time may exceed 24:00:00).
      expect(friday.has(trip!.serviceId), tripId).toBe(true)
      expect(trip!.arrivals.at(-1)).toBeGreaterThanOrEqual(24 * 3600)
      owls += 1
    }
    expect(owls).toBe(62)
  })
})
