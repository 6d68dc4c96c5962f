import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { buildFeedFromAvlFiles } from '@masar/simulators/avl-feed/build-feed-from-avl-files'
import { REAL_TRACES } from '@masar/simulators/replay/real-traces'
import { AMMAN_BRT_LEARN_UNTIL } from './amman-brt-demo-days.js'
import { loadLocalConfig } from './config.js'
import { startStack, type Stack } from './start-stack.js'

const missing = existsSync(REAL_TRACES.amman) ? null : `SKIPPED: the Amman BRT trace is not on this machine (${REAL_TRACES.amman})`
if (missing) console.warn(`npm run demo:amman-brt: ${missing}`)

interface FeedJson {
  entity?: Array<{ tripUpdate?: { trip: { tripId: string; routeId?: string; startTime?: string; scheduleRelationship?: string }; vehicle?: { id?: string }; stopTimeUpdate?: Array<{ stopId?: string; arrival?: { time?: string | number } }> } }>
}

/**
 * Issue #18, done when: the schedule-free path end to end for Amman BRT. A feed learned from route 99's own positions
 * up to the 19th (no timetable exists), the 20th replayed as its trackers reported it into the whole embedded stack
 * (`npm run demo:amman-brt` does this from 07:00): buses untagged by trip are matched to the feed's frequency-based
 * trips, and riders and the TripUpdates feed get their predictions.
 */
describe.skipIf(missing !== null)(`route 99's replay in the demo${missing ? ` (${missing})` : ''}`, () => {
  const dirs: string[] = []
  let stack: Stack | null = null
  afterAll(async () => {
    await stack?.stop()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('learns the feed from the AVL, replays a later day, and serves predictions for it: TripUpdates with start_time, arrivals at a route 99 stop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'masar-amman-brt-'))
    dirs.push(dir)
    const feedDir = await buildFeedFromAvlFiles({ avlPaths: [REAL_TRACES.amman], untilDay: AMMAN_BRT_LEARN_UNTIL, outDir: join(dir, 'feed') })
    const env = {
      MASAR_DATA_DIR: join(dir, 'data'), EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn',
      MASAR_FEED: feedDir, MASAR_REPLAY: REAL_TRACES.amman, MASAR_REPLAY_FROM: '2025-11-20T08:00:00+03:00',
    }
    stack = await startStack({ config: loadLocalConfig(env), env, logger: pino({ level: 'warn' }) })
    expect(stack.replay).not.toBeNull()
    expect(stack.simulation).toBeNull()
    expect(stack.clock.mode).toBe('replay')
    // the stack lives on the 20th of November 2025, Amman time
    expect(new Date(stack.clock.now()).toISOString().slice(0, 13)).toMatch(/^2025-11-20T0[5-6]/)

    const api = stack.api.url
    let predicted: { tripId: string; startTime: string; stopId: string; vehicleId: string } | null = null
    await vi.waitFor(async () => {
      const feed = (await (await fetch(`${api}/gtfs-rt/trip-updates.pb?format=json`)).json()) as FeedJson
      const nowS = stack!.clock.now() / 1000
      for (const e of feed.entity ?? []) {
        const update = e.tripUpdate
        const ahead = update?.stopTimeUpdate?.find((u) => u.stopId && Number(u.arrival?.time) > nowS)
        if (update?.trip.startTime && update.vehicle?.id && ahead) {
          predicted = { tripId: update.trip.tripId, startTime: update.trip.startTime, stopId: ahead.stopId!, vehicleId: update.vehicle.id }
          expect(update.trip.routeId).toBe('99')
          break
        }
      }
      expect(predicted).not.toBeNull()
    }, { timeout: 240_000, interval: 2_000 })
    const { stopId, vehicleId, startTime } = predicted!
    expect(startTime).toMatch(/^\d{2}:\d{2}:\d{2}$/)

    const arrivals = (await (await fetch(`${api}/api/v1/stops/${encodeURIComponent(stopId)}/arrivals`)).json()) as { arrivals: Array<{ realtime: boolean; vehicleId: string | null; routeId: string; minutes: number; earliest: string | null }> }
    const realtime = arrivals.arrivals.filter((a) => a.realtime)
    expect(realtime.length).toBeGreaterThan(0)
    expect(realtime.every((a) => a.routeId === '99' && a.earliest !== null && a.minutes >= 0)).toBe(true)
    expect(realtime.map((a) => a.vehicleId)).toContain(vehicleId)
    expect(stack.replay!.published).toBeGreaterThan(20)
  }, 420_000)
})
