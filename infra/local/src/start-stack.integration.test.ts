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
  const env = { MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn', ...more }
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
  }, 300_000) // two whole stacks, one after the other, on a 2-core machine

  it('takes the demo\'s buses through a phone (OsmAnd) and Traccar\'s JSON forwarder onto the live fleet and the GTFS-Realtime feed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'masar-stack-'))
    dirs.push(dataDir)
    const stack = await start(dataDir)
    try {
      expect(stack.ingest.sourcesUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const fixS = Math.floor(Date.now() / 1000) - 2
      // Traccar Client's request (OsmAnd protocol): speed in knots; the demo's vehicles need no token
      const phone = await fetch(`${stack.ingest.sourcesUrl}/?id=bus-0007&timestamp=${fixS}&lat=31.95&lon=35.91&speed=12&bearing=45&accuracy=8&batt=80`, { method: 'POST' })
      expect(phone.status).toBe(200)
      const fixTime = new Date(fixS * 1000).toISOString()
      const traccar = await fetch(`${stack.ingest.sourcesUrl}/traccar/json`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ position: { deviceId: 3, protocol: 'teltonika', fixTime, deviceTime: fixTime, serverTime: fixTime, valid: true, latitude: 31.96, longitude: 35.92, altitude: 800, speed: 0, course: 270, accuracy: 0, attributes: {} }, device: { id: 3, name: 'Bus 8', uniqueId: 'bus-0008', status: 'online' } }),
      })
      expect(traccar.status).toBe(200)
      const stranger = await fetch(`${stack.ingest.sourcesUrl}/?id=not-a-demo-bus&timestamp=${fixS}&lat=31.95&lon=35.91`)
      expect(stranger.status).toBe(403)

      const login = await fetch(`${stack.api.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.api.firstAdmin) })
      const { token } = await login.json() as { token: string }
      await vi.waitFor(async () => {
        const { vehicles } = await (await fetch(`${stack.api.url}/api/v1/vehicles`, { headers: { authorization: `Bearer ${token}` } })).json() as { vehicles: Array<{ vehicleId: string; lat: number; lon: number }> }
        expect(vehicles.filter((v) => v.vehicleId === 'bus-0007' || v.vehicleId === 'bus-0008').map(({ vehicleId, lat, lon }) => ({ vehicleId, lat, lon })).sort((a, b) => a.vehicleId.localeCompare(b.vehicleId)))
          .toEqual([{ vehicleId: 'bus-0007', lat: 31.95, lon: 35.91 }, { vehicleId: 'bus-0008', lat: 31.96, lon: 35.92 }])
      }, { timeout: 30_000, interval: 250 })
      await vi.waitFor(async () => {
        const feed = await (await fetch(`${stack.api.url}/gtfs-rt/vehicle-positions.pb?format=json`)).json() as { entity?: Array<{ vehicle?: { vehicle?: { id?: string }; position?: { latitude: number; speed?: number } } }> }
        const bus7 = feed.entity?.find((e) => e.vehicle?.vehicle?.id === 'bus-0007')
        expect(bus7?.vehicle?.position?.latitude).toBeCloseTo(31.95, 5)
        expect(bus7?.vehicle?.position?.speed).toBeCloseTo(12 * 0.514444, 2)
      }, { timeout: 30_000, interval: 250 })
    } finally {
      await stack.stop()
    }
  }, 180_000)

  it('runs the fleet simulator on a demo clock from SIM_START: its buses are in service and fresh within seconds', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'masar-stack-'))
    dirs.push(dataDir)
    // 08:00 today in Amman, ahead of or behind the real clock whatever the hour the test runs: the whole stack runs
    // on a clock shifted there (a Friday's 08:00 has fewer buses, still more than 20).
    const realBefore = Date.now()
    const stack = await start(dataDir, { SIM_VEHICLES: '20', SIM_START: '08:00' })
    try {
      expect(stack.simulation).not.toBeNull()
      expect(stack.clock.mode).toBe('sim-start')
      const start8 = parseStart('08:00', 1, 'Asia/Amman', realBefore)
      expect(stack.clock.offsetMs).toBeGreaterThan(start8 - realBefore - 60_000)
      expect(stack.clock.offsetMs).toBeLessThanOrEqual(start8 - Date.now() + 60_000)
      // the api tells the dashboard the demo clock, not the machine's
      const { serverTimeMs } = await (await fetch(`${stack.api.url}/api/v1/time`)).json() as { serverTimeMs: number }
      expect(Math.abs(serverTimeMs - (Date.now() + stack.clock.offsetMs))).toBeLessThan(2000)

      // as a dispatcher: the first admin made on this first start (shown once in the banner)
      expect(stack.api.firstAdmin).not.toBeNull()
      const login = await fetch(`${stack.api.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.api.firstAdmin) })
      const { token } = await login.json() as { token: string }
      const fleet = async () => (await (await fetch(`${stack.api.url}/api/v1/vehicles`, { headers: { authorization: `Bearer ${token}` } })).json()) as { count: number; vehicles: Array<{ vehicleId: string; health: string; fixAt: string }> }
      // ingest accepts the demo clock's fixes (none "from the future" or "too old") and the api holds them fresh
      await vi.waitFor(async () => expect((await fleet()).vehicles.filter((v) => v.health === 'fresh').length).toBeGreaterThanOrEqual(10), { timeout: 30_000, interval: 500 })
      const { vehicles } = await fleet()
      expect(vehicles.every((v) => /^bus-\d{4}$/.test(v.vehicleId))).toBe(true)
      for (const v of vehicles.filter((x) => x.health === 'fresh')) expect(Math.abs(Date.parse(v.fixAt) - serverTimeMs)).toBeLessThan(120_000)
      // …and in the GTFS-Realtime feed, which leaves offline vehicles out (rebuilt by the engine at most every 2 s
      // and published to the api within a second, so a moment after the fleet)
      const vehiclePositions = async () => await (await fetch(`${stack.api.url}/gtfs-rt/vehicle-positions.pb?format=json`)).json() as { header: { timestamp: string }; entity?: unknown[] }
      await vi.waitFor(async () => expect((await vehiclePositions()).entity?.length ?? 0).toBeGreaterThanOrEqual(10), { timeout: 10_000, interval: 250 })
      const feed = await vehiclePositions()
      expect(Math.abs(Number(feed.header.timestamp) * 1000 - (Date.now() + stack.clock.offsetMs))).toBeLessThan(60_000)

      const client = new pg.Client({ connectionString: stack.databaseUrl })
      await client.connect()
      try {
        const rejects = await client.query<{ reason: string; n: number }>('SELECT reason, count(*)::int AS n FROM ping_rejects GROUP BY reason')
        expect(rejects.rows.filter((r) => r.reason === 'future_timestamp' || r.reason === 'stale_timestamp')).toEqual([])
        // ingest stamped what it received with the demo clock too
        const { rows } = await client.query<{ received_at: Date }>('SELECT max(received_at) AS received_at FROM vehicle_latest')
        expect(Math.abs(rows[0]!.received_at.getTime() - (Date.now() + stack.clock.offsetMs))).toBeLessThan(60_000)
      } finally {
        await client.end()
      }
    } finally {
      await stack.stop()
    }
  }, 300_000)
})
