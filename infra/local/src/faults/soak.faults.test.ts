import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { mosquittoMissing, startMosquitto, type MosquittoProcess } from '@masar/platform/testing/mosquitto-process'
import type { ServiceProcess } from '@masar/platform/testing/service-process'
import { publishLoad } from '@masar/simulators/load/publish-load'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { histogramQuantile, ingestProcess, metric, msUntil, realDatabaseMissing } from './fault-stack.js'

/**
 * Soak: 2,000 vehicles reporting once a second for 10 minutes (FAULTS_SOAK_MINUTES) into ingest as its own
 * process. Its memory stays flat (resident memory after the first minute against the end) and its lag bounded
 * (pings published but not yet stored, sampled every 10 s).
 */
const skip = mosquittoMissing ?? realDatabaseMissing
if (skip) console.warn(skip)
const agencyId = `soak${process.pid}`
const VEHICLES = 2_000
const MINUTES = Number(process.env.FAULTS_SOAK_MINUTES ?? 10)
const MB = 1024 * 1024

let broker: MosquittoProcess
let database: TestDatabase
let ingest: ServiceProcess

beforeAll(async () => {
  if (skip) return
  broker = await startMosquitto()
  database = await createTestDatabase()
  ingest = await ingestProcess({ databaseUrl: database.url, brokerUrl: broker.url, agencyId, env: { DB_POOL_MAX: '2' } })
  await ingest.start()
}, 180_000)

afterAll(async () => {
  await ingest?.terminate()
  await broker?.close()
  await database?.close()
})

describe.skipIf(skip)(`soak: ${VEHICLES.toLocaleString('en')} vehicles at 1 Hz for ${MINUTES} min`, () => {
  it('keeps memory flat and lag bounded', async () => {
    const ingestUrl = new URL(ingest.options.readyUrl!).origin
    const total = VEHICLES * MINUTES * 60
    let published = 0
    const samples: Array<{ atS: number; rssMb: number; lagPings: number }> = []
    const started = performance.now()
    const rssAtStart = (await ingest.rssBytes()) / MB
    const sampler = setInterval(() => {
      void (async () => {
        const stored = await metric(ingestUrl, 'masar_ingest_pings_stored_total')
        samples.push({ atS: (performance.now() - started) / 1000, rssMb: (await ingest.rssBytes()) / MB, lagPings: Math.max(0, published - stored) })
      })().catch(() => undefined)
    }, 10_000)
    try {
      const load = await publishLoad({
        url: broker.url, protocolVersion: 5, agencyId, vehicles: VEHICLES, pingsPerVehicle: MINUTES * 60, ratePerSecond: VEHICLES, connections: 8, fixTime: 'publish-time',
        vehicleIdOf: (i) => `bus-${i}`, onProgress: (p) => void (published = p.publishedPings),
      })
      published = load.publishedPings
      expect(published).toBe(total)
      const drainMs = await msUntil(async () => (await metric(ingestUrl, 'masar_ingest_pings_stored_total')) === total, 'every ping stored', 120_000)
      const afterWarmUp = samples.find((s) => s.atS >= 60) ?? samples[0]!
      const end = samples.at(-1)!
      const maxLag = Math.max(...samples.map((s) => s.lagPings))
      const rate = load.pingsPerSecond
      const fixToReceivedP99 = await histogramQuantile(ingestUrl, 'masar_ingest_fix_to_received_seconds', 0.99)
      const receiveToStoredP99 = await histogramQuantile(ingestUrl, 'masar_ingest_receive_to_stored_seconds', 0.99)
      console.log(`[faults] soak: ${total.toLocaleString('en')} pings from ${VEHICLES} vehicles in ${(load.elapsedMs / 60_000).toFixed(1)} min (${Math.round(rate)} pings/s); ingest RSS ${rssAtStart.toFixed(0)} MB at start, ${afterWarmUp.rssMb.toFixed(0)} MB after 1 min, ${end.rssMb.toFixed(0)} MB at the end (max ${Math.max(...samples.map((s) => s.rssMb)).toFixed(0)} MB); lag at most ${maxLag} pings (${(maxLag / rate).toFixed(1)} s of load), drained ${(drainMs / 1000).toFixed(1)} s after the last publish; p99 fix → received ≤ ${fixToReceivedP99} s, received → stored ≤ ${receiveToStoredP99} s`)
      expect(end.rssMb).toBeLessThan(afterWarmUp.rssMb * 1.5 + 50) // flat: no growth with the pings handled
      expect(maxLag / rate).toBeLessThan(30) // bounded: never more than 30 s behind
      expect(fixToReceivedP99 + receiveToStoredP99).toBeLessThanOrEqual(5)
    } finally {
      clearInterval(sampler)
    }
  })
})
