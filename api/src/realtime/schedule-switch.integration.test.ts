import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { activateFeed } from '@masar/gtfs/import/feeds.repository'
import { importFeed } from '@masar/gtfs/import/import-feed'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { SMALL_FEED_DIR } from '../gtfs-rt/conformance/fixtures/small-feed-messages.js'
import { loadApiConfig } from '../config.js'
import { startApi, type Api } from '../start-api.js'
import { startTestRealtime, type TestRealtime } from '../testing/start-test-realtime.js'

const logger = pino({ level: 'warn' })
let database: TestDatabase
let broker: TestBroker
let realtime: TestRealtime
let api: Api

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  const imported = await importFeed({ pool: database.pool, path: AMMAN_DEMO_FEED_PATH, writeMethod: database.embedded ? 'insert' : 'copy' })
  if (!imported.ok) throw new Error('demo feed import failed')
  realtime = await startTestRealtime({
    databaseUrl: database.url, pool: database.pool, broker, topicFilter: formatPositionTopicFilter(`sw${process.pid}`), logger, env: { REALTIME_FEED_CHECK_INTERVAL_MS: '500' },
  })
  api = await startApi({
    config: loadApiConfig({ DATABASE_URL: database.url, MQTT_URL: broker.url, MQTT_PROTOCOL_VERSION: String(broker.protocolVersion), API_PORT: '0', METRICS_PORT: '0', REALTIME_ENGINE_KEY: realtime.engineKey, MQTT_CLIENT_ID: `sw-api-${process.pid}-${Date.now()}` }),
    logger, pool: database.pool,
  })
  await api.realtime.firstState
}, 180_000)
afterAll(async () => {
  await api?.stop()
  await realtime?.stopAndClear()
  await broker?.close()
  await database?.close()
})

it('switches the engine and its readers to a newly activated timetable without a restart, in step with gtfs.zip', async () => {
  const routesOf = async () => ((await (await fetch(`${api.url}/api/v1/routes`)).json()) as { routes: Array<{ routeId: string }> }).routes.map((r) => r.routeId)
  expect((await routesOf()).length).toBe(28) // the Amman demo feed
  const first = realtime.engine!.schedule!.feedId

  const small = await importFeed({ pool: database.pool, path: fileURLToPath(SMALL_FEED_DIR), writeMethod: database.embedded ? 'insert' : 'copy', activate: false })
  expect(small.ok).toBe(true)
  expect(await activateFeed(database.pool, small.feedId)) // what npm run gtfs:activate does
    .toBe(true)
  expect((await fetch(`${api.url}/gtfs/gtfs.zip`)).headers.get('etag')).toContain(`feed-${small.feedId}-`) // the static feed at once

  await vi.waitFor(() => expect(realtime.engine!.schedule!.feedId).toBe(small.feedId), { timeout: 15_000, interval: 100 })
  expect(realtime.counts.scheduleSwitches).toBe(1)
  expect(small.feedId).not.toBe(first)
  // the reader follows the engine onto the new feed: its routes, and the engine's feeds checked against it
  await vi.waitFor(async () => expect(await routesOf()).toEqual(['R1', 'R2']), { timeout: 15_000, interval: 100 })
  expect(api.realtime.engine!.feedId).toBe(small.feedId)
})
