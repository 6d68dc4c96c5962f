import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { mosquittoMissing, startMosquitto, type MosquittoProcess } from '@masar/platform/testing/mosquitto-process'
import type { ServiceProcess } from '@masar/platform/testing/service-process'
import { publishLoad } from '@masar/simulators/load/publish-load'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestProcess, metric, msUntil, realDatabaseMissing } from './fault-stack.js'

/**
 * Ingest killed with -9 in the middle of a sustained load and started again: QoS 1, a persistent session and
 * idempotent writes mean 0 valid pings lost and 0 stored twice.
 */
const skip = mosquittoMissing ?? realDatabaseMissing
if (skip) console.warn(skip)
const agencyId = `killfault${process.pid}`
const VEHICLES = 200
const PINGS_PER_VEHICLE = 100
const RATE = 500 // pings/s: 40 s of load

let broker: MosquittoProcess
let database: TestDatabase
let ingest: ServiceProcess

beforeAll(async () => {
  if (skip) return
  broker = await startMosquitto()
  database = await createTestDatabase()
  ingest = await ingestProcess({ databaseUrl: database.url, brokerUrl: broker.url, agencyId, env: { INGEST_BATCH_MAX_ROWS: '100', MQTT_SESSION_EXPIRY_S: '3600' } })
  await ingest.start()
}, 180_000)

afterAll(async () => {
  await ingest?.terminate()
  await broker?.close()
  await database?.close()
})

describe.skipIf(skip)('ingest killed with -9 under sustained load', () => {
  it('loses no valid ping and stores none twice', async () => {
    const total = VEHICLES * PINGS_PER_VEHICLE
    const load = publishLoad({ url: broker.url, protocolVersion: 5, agencyId, vehicles: VEHICLES, pingsPerVehicle: PINGS_PER_VEHICLE, ratePerSecond: RATE, connections: 4, vehicleIdOf: (i) => `bus-${i}` })
    const ingestUrl = new URL(ingest.options.readyUrl!).origin
    await msUntil(async () => (await metric(ingestUrl, 'masar_ingest_pings_stored_total')) > total / 4, 'a quarter of the load stored', 120_000)
    const storedAtKill = await metric(ingestUrl, 'masar_ingest_pings_stored_total')
    await ingest.kill()
    const restartStarted = performance.now()
    await ingest.start()
    const restartS = (performance.now() - restartStarted) / 1000
    const published = await load
    expect(published.publishedPings).toBe(total)
    await msUntil(async () => {
      const { rows } = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1', [agencyId])
      return rows[0]!.n >= total
    }, 'every ping stored', 180_000)
    await new Promise((r) => setTimeout(r, 1000)) // anything redelivered late would land now
    const { rows } = await database.pool.query<{ n: number; distinct: number }>('SELECT count(*)::int AS n, count(DISTINCT (vehicle_id, seq))::int AS distinct FROM vehicle_positions WHERE agency_id = $1', [agencyId])
    const duplicatesSkipped = await metric(ingestUrl, 'masar_ingest_pings_duplicate_total')
    console.log(`[faults] ingest kill -9 under ${RATE} pings/s: killed after ${storedAtKill} stored, back in ${restartS.toFixed(1)} s; ${rows[0]!.n} of ${total} stored (${total - rows[0]!.distinct} lost, ${rows[0]!.n - rows[0]!.distinct} duplicated); redeliveries recognised and skipped after the restart: ${duplicatesSkipped}`)
    expect(rows[0]).toEqual({ n: total, distinct: total })
    expect(ingest.running).toBe(true)
  })
})
