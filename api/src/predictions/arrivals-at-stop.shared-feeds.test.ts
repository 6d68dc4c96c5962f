import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { SHARED_GTFS } from '@masar/gtfs/read/shared-feeds'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FleetState } from '../fleet/fleet-state.js'
import { arrivalsAt } from './arrivals-at-stop.js'

// Cairo's 2018 bus and microbus feed: every trip is run to a headway (frequencies.txt without exact_times).
const CAIRO = join(SHARED_GTFS, 'cairo-tfc-2018', 'gtfs.zip')
const cairoMissing = existsSync(CAIRO) ? null : `SKIPPED: the Cairo 2018 feed is not in ../shared (${CAIRO})`
if (cairoMissing) console.warn(cairoMissing)

describe.skipIf(cairoMissing !== null)("arrivals on Cairo's headway-only feed", () => {
  it('tells a rider "every N min" once per route pattern at a stop, never a made-up time', async () => {
    const schedule = await readScheduleFromFeed(CAIRO)
    // a day every service of the feed runs
    const days = [...Array(400).keys()].map((d) => new Date(Date.UTC(2018, 0, 1 + d)).toISOString().slice(0, 10))
    const most = Math.max(...days.map((d) => schedule.servicesOn(d).size))
    const serviceDate = days.find((d) => schedule.servicesOn(d).size === most)!
    // the stop most trips call at, at 09:00 local time
    const calls = new Map<string, number>()
    for (const trip of schedule.trips.values()) for (const stopId of trip.stopIds) calls.set(stopId, (calls.get(stopId) ?? 0) + 1)
    const busiest = [...calls].sort((a, b) => b[1] - a[1])[0]![0]
    const nowMs = instantOfGtfsTime(serviceDate, 9 * 3600, schedule.timeZone)
    const source = { schedule, fleet: new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 }), predictions: [], cancelled: new Set<string>() }
    const arrivals = arrivalsAt(source, busiest, nowMs, 60 * 60_000)
    expect(arrivals.length).toBeGreaterThan(0)
    expect(arrivals.every((a) => !a.realtime && a.headwayMinutes !== null && a.headwayMinutes > 0)).toBe(true)
    const patterns = arrivals.map((a) => a.tripId)
    expect(new Set(patterns).size).toBe(patterns.length) // one entry per pattern, however many runs an hour
  }, 60_000) // reads a whole city's feed from disk: seconds on a loaded machine
})
