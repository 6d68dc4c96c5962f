import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { mosquittoMissing, startMosquitto, type MosquittoProcess } from '@masar/platform/testing/mosquitto-process'
import type { ServiceProcess } from '@masar/platform/testing/service-process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiProcess, ingestProcess, metric, msUntil, realDatabaseMissing, realtimeProcess, simulatorProcess } from './fault-stack.js'

/**
 * The broker restarts under a running fleet: ingest, the api and the simulator (each its own process) reconnect
 * and resubscribe within 5 s of the broker being back, and none of them exits. A Mosquitto of the test's own
 * (the machine's binary, production settings) so that it can be restarted.
 */
const skip = mosquittoMissing ?? realDatabaseMissing
if (skip) console.warn(skip)
const agencyId = `brokerfault${process.pid}`
const RECONNECT_LIMIT_MS = 5_000

let broker: MosquittoProcess
let database: TestDatabase
let ingest: ServiceProcess
let api: ServiceProcess & { url: string; metricsUrl: string }
let simulator: ServiceProcess
let engine: ServiceProcess

beforeAll(async () => {
  if (skip) return
  broker = await startMosquitto()
  database = await createTestDatabase()
  ingest = await ingestProcess({ databaseUrl: database.url, brokerUrl: broker.url, agencyId })
  api = await apiProcess({ databaseUrl: database.url, brokerUrl: broker.url, agencyId })
  engine = await realtimeProcess({ databaseUrl: database.url, brokerUrl: broker.url, agencyId })
  simulator = simulatorProcess({ brokerUrl: broker.url, agencyId, vehicles: 30, intervalS: 2 })
  await Promise.all([ingest.start(), engine.start()])
  await api.start()
  await simulator.start()
}, 180_000)

afterAll(async () => {
  await simulator?.terminate()
  await ingest?.terminate()
  await api?.terminate()
  await engine?.terminate()
  await broker?.close()
  await database?.close()
})

describe.skipIf(skip)('broker restart', () => {
  it('ingest, api and simulator reconnect and resubscribe within 5 s; no process exits', async () => {
    const ingestUrl = new URL(ingest.options.readyUrl!).origin
    await msUntil(async () => (await metric(ingestUrl, 'masar_ingest_pings_stored_total')) > 30, 'the fleet to be stored', 120_000)
    await msUntil(async () => (await metric(api.metricsUrl, 'masar_api_vehicle_updates_total')) > 30, 'the api to follow the fleet', 60_000)

    await broker.stop()
    await msUntil(async () => !(await ingest.ready()) && !(await api.ready()), 'ingest and api to notice the broker is gone', 30_000)
    await new Promise((r) => setTimeout(r, 2000)) // down for a while
    const storedBefore = await metric(ingestUrl, 'masar_ingest_pings_stored_total')
    const appliedBefore = await metric(api.metricsUrl, 'masar_api_vehicle_updates_total')
    await broker.start()
    const [ingestReadyMs, apiReadyMs, storedAgainMs, appliedAgainMs] = await Promise.all([
      msUntil(() => ingest.ready(), 'ingest ready again'),
      msUntil(() => api.ready(), 'the api ready again'),
      // new pings stored: the simulator reconnected and ingest resubscribed
      msUntil(async () => (await metric(ingestUrl, 'masar_ingest_pings_stored_total')) > storedBefore, 'new pings stored'),
      // …and derived by the engine, which reconnected to its persistent session, and sent on to the api
      msUntil(async () => (await metric(api.metricsUrl, 'masar_api_vehicle_updates_total')) > appliedBefore, 'new pings at the api'),
    ])
    console.log(`[faults] broker restart: back in service after ${[['ingest ready', ingestReadyMs], ['api ready', apiReadyMs], ['simulator → ingest → stored', storedAgainMs], ['simulator → api', appliedAgainMs]].map(([what, ms]) => `${what} ${(Number(ms) / 1000).toFixed(1)} s`).join(', ')} (limit ${RECONNECT_LIMIT_MS / 1000} s); processes running: ingest ${ingest.running}, api ${api.running}, simulator ${simulator.running}`)
    expect(Math.max(ingestReadyMs, apiReadyMs, storedAgainMs, appliedAgainMs)).toBeLessThanOrEqual(RECONNECT_LIMIT_MS)
    expect([ingest.running, api.running, simulator.running]).toEqual([true, true, true])
  })
})
