import { formatPositionTopic, formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import mqtt from 'mqtt'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeTcpPort } from '../testing/mosquitto-process.js'
import { ServiceProcess } from '../testing/service-process.js'

/**
 * The production build (`npm run build`, dist/) as the image runs it: plain `node dist/<name>.js`, no tsx, from a
 * working directory outside the repository. The compiled migrate builds a fresh database, the compiled gtfs CLI
 * imports the demo feed (its validator on the compiled worker thread), then the compiled ingest, realtime engine
 * and api reader run as processes on the real PostgreSQL and broker, and a ping published to the broker comes out
 * of the api's VehiclePositions feed. As deployed (issue #17): migrate and the gtfs CLI as the owner (the test
 * server's superuser), migrate creating a login per service, and each service logged in as its own login only, so a
 * privilege a service uses and its role (migration 0015) lacks fails here.
 * MASAR_COMPILED_ROOT runs it on another tree laid out as the image is (dist/, production node_modules, migrations,
 * dashboard/dist), MASAR_COMPILED_NODE with another Node binary (e.g. Node 22).
 */
const REPO = fileURLToPath(new URL('../../../../', import.meta.url))
const ROOT = process.env.MASAR_COMPILED_ROOT ?? REPO
const NODE = process.env.MASAR_COMPILED_NODE ?? process.execPath
const DIST = join(ROOT, 'dist')
const compiled = (name: string) => join(DIST, `${name}.js`)
const skipReason = !existsSync(compiled('api'))
  ? 'SKIPPED: no compiled output (dist/): run `npm run build` first (.ci/run does)'
  : !process.env.DATABASE_URL || !process.env.MQTT_URL
    ? 'SKIPPED: the compiled services run as separate processes on a real PostgreSQL and broker: set DATABASE_URL and MQTT_URL (.ci/run does)'
    : null
if (skipReason) console.warn(skipReason)

const run = promisify(execFile)
const agencyId = `compiled${process.pid}`
const processes: ServiceProcess[] = []
let workDir: string
let databaseUrl: string
let dropDatabase: () => Promise<void> = async () => {}
/** Each service's login, created by the compiled migrate: names of this run's own (roles are cluster-wide). */
const logins = Object.fromEntries((['ingest', 'realtime', 'api'] as const).map((service) => [
  service, { user: `masar_c${randomBytes(5).toString('hex')}_${service}`, password: randomBytes(18).toString('base64url') },
])) as Record<'ingest' | 'realtime' | 'api', { user: string; password: string }>
const migrateLoginsEnv = () => Object.fromEntries(Object.entries(logins).flatMap(([service, { user, password }]) => [
  [`MIGRATE_${service.toUpperCase()}_DB_USER`, user], [`MIGRATE_${service.toUpperCase()}_DB_PASSWORD`, password],
]))
/** A service's connection: its own login, the password in PGPASSWORD (as compose and Kubernetes give it). */
const serviceDatabaseEnv = (service: keyof typeof logins) => {
  const url = new URL(databaseUrl)
  url.username = logins[service].user
  url.password = ''
  return { DATABASE_URL: url.toString(), PGPASSWORD: logins[service].password }
}

/** An empty database on the test server: the compiled migrate is to build its schema. */
async function createEmptyDatabase(serverUrl: string): Promise<string> {
  const name = `masar_compiled_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  dropDatabase = async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl })
    await cleanup.connect()
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    for (const { user } of Object.values(logins)) await cleanup.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(user)}`)
    await cleanup.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** The environment of a compiled process: nothing from the test runner's Node options (no tsx loader). */
const baseEnv = () => ({ DATABASE_URL: databaseUrl, NODE_OPTIONS: '--enable-source-maps', LOG_LEVEL: 'warn' })

/** A compiled long-running service, ready when its /readyz on `port` answers (or at once, without a port). */
async function service(name: string, env: Record<string, string>, port?: number): Promise<ServiceProcess & { url: string }> {
  const readyUrl = port ? `http://127.0.0.1:${port}/readyz` : undefined
  const child = new ServiceProcess(name, { main: compiled(name), node: NODE, nodeArgs: [], cwd: workDir, readyUrl, env: { ...baseEnv(), ...env } })
  processes.push(child)
  await child.start({ timeoutMs: 90_000 })
  return Object.assign(child, { url: `http://127.0.0.1:${port}` })
}

beforeAll(async () => {
  if (skipReason) return
  workDir = await mkdtemp(join(tmpdir(), 'masar-compiled-'))
  databaseUrl = await createEmptyDatabase(process.env.DATABASE_URL!)
}, 60_000)
afterAll(async () => {
  for (const child of processes.reverse()) await child.terminate()
  await dropDatabase()
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

describe.skipIf(skipReason)('the compiled services (dist/), run with node', () => {
  let api: ServiceProcess & { url: string }

  it('migrate builds the schema from the migrations beside its source, and a second run finds nothing to do', async () => {
    const first = await run(NODE, [compiled('migrate')], { cwd: workDir, env: { ...process.env, ...baseEnv(), ...migrateLoginsEnv() } })
    expect(first.stdout).toMatch(/schema up to date: \d+ applied now, 0 before/)
    const again = await run(NODE, [compiled('migrate')], { cwd: workDir, env: { ...process.env, ...baseEnv(), ...migrateLoginsEnv() } })
    expect(again.stdout).toMatch(/schema up to date: 0 applied now, [1-9]\d* before/)
  })

  it('the gtfs CLI imports the demo feed, validating it on its compiled worker thread', async () => {
    const demoFeed = join(REPO, 'gtfs/loader/demo-feed')
    const imported = await run(NODE, [compiled('gtfs'), 'import', demoFeed], { cwd: workDir, env: { ...process.env, ...baseEnv() } })
    expect(imported.stdout).toMatch(/total\s+[\d,]+/)
    const listed = await run(NODE, [compiled('gtfs'), 'list'], { cwd: workDir, env: { ...process.env, ...baseEnv() } })
    expect(listed.stdout).toMatch(/^\*\s+\d+\s+ready/m)
  })

  it('ingest, the realtime engine and the api start, a ping published to the broker reaches the VehiclePositions feed, and the api serves the dashboard', async () => {
    const mqttEnv = { MQTT_URL: process.env.MQTT_URL!, MQTT_PROTOCOL_VERSION: '5', MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId) }
    const ingestPort = await freeTcpPort()
    await service('ingest', { ...serviceDatabaseEnv('ingest'), ...mqttEnv, MQTT_CLIENT_ID: `${agencyId}-ingest`, MQTT_SHARE_GROUP: agencyId, HTTP_PORT: String(ingestPort) }, ingestPort)
    const realtimePort = await freeTcpPort()
    await service('realtime', { ...serviceDatabaseEnv('realtime'), ...mqttEnv, REALTIME_ENGINE_KEY: agencyId, REALTIME_HTTP_PORT: String(realtimePort), FEED_MIN_INTERVAL_MS: '100', REALTIME_PUBLISH_INTERVAL_MS: '200' }, realtimePort)
    const apiPort = await freeTcpPort()
    api = await service('api', { ...serviceDatabaseEnv('api'), ...mqttEnv, MQTT_CLIENT_ID: `${agencyId}-api`, REALTIME_ENGINE_KEY: agencyId, API_PORT: String(apiPort), METRICS_PORT: '0', API_ADMIN_PASSWORD: 'compiled-admin-password', FEED_MIN_INTERVAL_MS: '100' }, apiPort)

    const vehicleId = `bus-${process.pid}`
    const publisher = await mqtt.connectAsync(process.env.MQTT_URL!, { protocolVersion: 5, clientId: `${agencyId}-publisher` })
    try {
      const seen = async () => {
        await publisher.publishAsync(formatPositionTopic(agencyId, vehicleId), JSON.stringify({ ts: Date.now() - 1000, lat: 31.9539, lon: 35.9106 }), { qos: 1 })
        const feed = await (await fetch(`${api.url}/gtfs-rt/vehicle-positions.pb?format=json`)).text()
        return feed.includes(vehicleId)
      }
      let found = false
      for (let attempt = 0; attempt < 150 && !found; attempt++) {
        found = await seen()
        if (!found) await new Promise((resolve) => setTimeout(resolve, 200))
      }
      expect(found, `no ${vehicleId} in the feed; api output: ${api.output.slice(-2000)}`).toBe(true)
    } finally {
      await publisher.endAsync()
    }

    const stored = new pg.Pool({ connectionString: databaseUrl, max: 1 })
    try {
      let rows = 0
      for (let attempt = 0; attempt < 150 && rows === 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200))
        rows = (await stored.query<{ n: number }>('SELECT count(*)::int AS n FROM vehicle_positions WHERE vehicle_id = $1', [vehicleId])).rows[0]!.n
      }
      expect(rows, `ingest stored no ping of ${vehicleId}; ingest output: ${processes[0]?.output.slice(-2000)}`).toBeGreaterThan(0)
      // every connection but this one is a service's, each as its own login (none as the owner)
      const { rows: users } = await stored.query<{ usename: string }>(
        'SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY 1',
      )
      expect(users.map((u) => u.usename)).toEqual(Object.values(logins).map((l) => l.user).sort())
      for (const child of processes) expect(child.output, child.name).not.toMatch(/permission denied/i)
    } finally {
      await stored.end()
    }

    const page = await fetch(`${api.url}/`)
    if (existsSync(join(ROOT, 'dashboard/dist/index.html'))) {
      expect(page.status).toBe(200)
      expect(await page.text()).toMatch(/<html/i)
    }
  })
})
