import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { latestPastStart } from '@masar/simulators/fleet/parse-sim-args'
import { runFleet } from '@masar/simulators/fleet/run-fleet'
import { createVehicleClients } from '@masar/simulators/mqtt/vehicle-clients'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startIngest, type Ingest } from './start-ingest.js'
import { ingestTestConfig } from './testing/ingest-test-config.js'

let database: TestDatabase
let broker: TestBroker
let ingest: Ingest

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  ingest = await startIngest({
    config: ingestTestConfig({ databaseUrl: database.url, embeddedDatabase: database.embedded, broker, clientId: `fleet-it-${process.pid}-${Date.now()}` }),
    logger: pino({ level: 'warn' }), pool: database.pool,
  })
})
afterAll(async () => {
  await ingest?.stop()
  await broker?.close()
  await database?.close()
})

// This run's own agency: on a shared real broker, other publishers' pings reach this ingest too.
const agencyId = `fleet${process.pid}`

async function count(sql: string): Promise<number> {
  const { rows } = await database.pool.query<{ n: number }>(sql, [agencyId])
  return rows[0]?.n ?? 0
}

describe(`the 206-bus Amman fleet through ${process.env.MQTT_URL ? 'Mosquitto' : 'embedded aedes'} and ingest into ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'}`, () => {
  it('lands every good ping as a row, and every bad one in the dead letters with the reason the simulator meant', async () => {
    const schedule = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
    // The last 07:30 in Amman at least ten minutes ago: the morning peak, wholly in the past at ×60 (ingest refuses
    // fixes from the future), whatever the hour the test runs.
    const startMs = latestPastStart('07:30', schedule.timeZone, Date.now(), 10 * 60_000)
    const clients = createVehicleClients({ url: broker.url, protocolVersion: broker.protocolVersion })
    let result
    try {
      result = await runFleet({ schedule, clients, agencyId, seed: 206, startMs, durationS: 10 * 60, speed: 60, vehicles: 206, tracker: { badPingRate: 0.005 } })
    } finally {
      await clients.close()
    }
    expect(result.buses).toBe(206)
    expect(result.pings).toBeGreaterThan(3000)
    expect(result.badMessages).toBeGreaterThan(5)
    await vi.waitFor(async () => {
      expect(await count('SELECT count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1')).toBe(result.pings)
      expect(await count(`SELECT count(*)::int AS n FROM ping_rejects WHERE split_part(topic, '/', 3) = $1`)).toBe(result.badMessages)
    }, { timeout: 60_000, interval: 250 })
    const { rows } = await database.pool.query<{ reason: string; n: number }>(`SELECT reason, count(*)::int AS n FROM ping_rejects WHERE split_part(topic, '/', 3) = $1 GROUP BY reason`, [agencyId])
    expect(Object.fromEntries(rows.map((r) => [r.reason, r.n]))).toEqual(result.badByReason)
    const vehicles = await count(`SELECT count(DISTINCT vehicle_id)::int AS n FROM vehicle_positions WHERE agency_id = $1`)
    expect(vehicles).toBeGreaterThan(150) // the buses out at 07:30, each its own MQTT client
  }, 180_000)
})
