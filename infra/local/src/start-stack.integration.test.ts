import { formatPositionTopic } from '@masar/model/telemetry/topics'
import mqtt from 'mqtt'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import pino from 'pino'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { parseStart } from '@masar/simulators/fleet/parse-sim-args'
import { loadLocalConfig } from './config.js'
import { startStack, type Stack } from './start-stack.js'

const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function start(dataDir: string, more: Record<string, string> = { MASAR_SIMULATOR: 'false' }): Promise<Stack> {
  // Always the embedded servers here, whatever the environment says: this is what `npm start` does on a fresh machine.
  const env = { MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', API_PORT: '0', LOG_LEVEL: 'warn', ...more }
  return startStack({ config: loadLocalConfig(env), env, logger: pino({ level: 'warn' }) })
}

describe('npm start with no servers (embedded broker and TimescaleDB)', () => {
  it('migrates, imports the Amman demo feed once, ingests what trackers publish, and keeps it all across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'masar-stack-'))
    dirs.push(dataDir)
    let stack = await start(dataDir)
    expect(stack.embeddedBroker && stack.embeddedDatabase && stack.timescale).toBe(true)
    expect((await fetch(`${stack.ingest.httpUrl}/readyz`)).status).toBe(200)

    const tracker = await mqtt.connectAsync(stack.brokerUrl, { protocolVersion: 4, clientId: 'bus-0042' })
    const ts = Date.now() - 1000
    await tracker.publishAsync(formatPositionTopic('gam', 'bus-0042'), JSON.stringify({ ts, lat: 31.9539, lon: 35.9106, speed: 8.3 }), { qos: 1 })
    await tracker.publishAsync(formatPositionTopic('gam', 'bus-0042'), JSON.stringify({ ts, lat: 0, lon: 0 }), { qos: 1 })
    await tracker.endAsync()
    await vi.waitFor(async () => expect((await stack.ingest.metrics.pingsStored.get()).values[0]?.value).toBe(1), { timeout: 20_000, interval: 100 })
    await stack.stop()

    stack = await start(dataDir)
    const client = new pg.Client({ connectionString: stack.databaseUrl })
    await client.connect()
    try {
      const { rows } = await client.query<{ vehicle_id: string; lat: number; recorded_at: Date }>('SELECT vehicle_id, lat, recorded_at FROM vehicle_latest')
      expect(rows).toEqual([{ vehicle_id: 'bus-0042', lat: 31.9539, recorded_at: new Date(ts) }])
      const rejects = await client.query<{ reason: string }>('SELECT reason FROM ping_rejects')
      expect(rejects.rows).toEqual([{ reason: 'null_island' }])
      const feeds = await client.query<{ feed_id: number; routes: number }>(
        'SELECT a.feed_id, (SELECT count(*)::int FROM gtfs_routes r WHERE r.feed_id = a.feed_id) AS routes FROM active_feed a',
      )
      expect(feeds.rows).toEqual([{ feed_id: 1, routes: 28 }]) // imported on the first start only
    } finally {
      await client.end()
      await stack.stop()
    }
  })

  it('runs the fleet simulator by default: the demo buses publish, each its own client, and ingest stores them', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'masar-stack-'))
    dirs.push(dataDir)
    // The last 08:00 in Amman that has passed: buses are out, and fixes at speed 1 from a past start are never ahead
    // of the clock (ingest refuses those), whatever the hour the test runs.
    const today8 = parseStart('08:00', 1, 'Asia/Amman', Date.now())
    const start8 = today8 <= Date.now() ? today8 : today8 - 24 * 3600_000
    const stack = await start(dataDir, { SIM_VEHICLES: '20', SIM_START: new Date(start8).toISOString() })
    try {
      expect(stack.simulation).not.toBeNull()
      await vi.waitFor(async () => expect((await stack.ingest.metrics.pingsStored.get()).values[0]?.value ?? 0).toBeGreaterThan(20), { timeout: 60_000, interval: 250 })
      const client = new pg.Client({ connectionString: stack.databaseUrl })
      await client.connect()
      try {
        const { rows } = await client.query<{ vehicle_id: string }>('SELECT vehicle_id FROM vehicle_latest ORDER BY vehicle_id')
        expect(rows.length).toBeGreaterThan(1)
        expect(rows.every((row) => /^bus-\d{4}$/.test(row.vehicle_id))).toBe(true)
        // …and the api holds them (hours-old fixes, since the simulation started at 08:00: offline, so not in the
        // GTFS-Realtime feed, which leaves offline vehicles out)
        // …as a dispatcher: the first admin made on this first start (shown once in the banner)
        expect(stack.api.firstAdmin).not.toBeNull()
        const login = await fetch(`${stack.api.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.api.firstAdmin) })
        const { token } = await login.json() as { token: string }
        const fleet = await (await fetch(`${stack.api.url}/api/v1/vehicles`, { headers: { authorization: `Bearer ${token}` } })).json() as { count: number; vehicles: Array<{ vehicleId: string }> }
        expect(fleet.count).toBeGreaterThan(1)
        expect(fleet.vehicles.every((v) => /^bus-\d{4}$/.test(v.vehicleId))).toBe(true)
      } finally {
        await client.end()
      }
    } finally {
      await stack.stop()
    }
  })
})
