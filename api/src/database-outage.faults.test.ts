import { publishLoad } from '@masar/simulators/load/publish-load'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROCESS_ADMIN_PASSWORD, startApiProcess, type ApiProcessStack } from './testing/api-process.js'

/**
 * An api reader with its database unreachable for 30 s (FAULTS_OUTAGE_S), its connections reset and new ones
 * refused, as in a database restart, a failover or a network partition: the process stays up and says it is not
 * ready and why; what it holds in memory from the realtime engine (the GTFS-Realtime feeds, the fleet, riders'
 * arrivals) is served throughout, new pings included; what needs the database answers at
 * once with 503 API_DATABASE_UNAVAILABLE; and when the database returns the api is ready again on its own.
 * Both stacks: the embedded database and broker, or DATABASE_URL's PostgreSQL and MQTT_URL's broker.
 */
const OUTAGE_S = Number(process.env.FAULTS_OUTAGE_S ?? 30)
const agencyId = `dbout${process.pid}`
/** Far above what any answer here takes: a request still open after this is a hang. */
const NO_HANG = { signal: () => AbortSignal.timeout(20_000) }

let stack: ApiProcessStack

beforeAll(async () => {
  stack = await startApiProcess({ agencyId })
}, 180_000)

afterAll(async () => {
  await stack?.stop()
})

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (err) {
      last = err
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}; api ${stack.api.running ? 'running' : `exited: ${stack.api.output.slice(-3000)}`}`)
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.url}${path}`, { headers, signal: NO_HANG.signal() })
const signIn = () => fetch(`${stack.url}/api/v1/auth/token`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PROCESS_ADMIN_PASSWORD }), signal: NO_HANG.signal(),
})
async function feedVehicles(): Promise<string[]> {
  const feed = (await (await get('/gtfs-rt/vehicle-positions.pb?format=json')).json()) as { entity?: Array<{ vehicle?: { vehicle?: { id?: string } } }> }
  return (feed.entity ?? []).map((e) => e.vehicle?.vehicle?.id ?? '').sort()
}
const publish = (prefix: string) => publishLoad({
  url: stack.broker.url, protocolVersion: stack.broker.protocolVersion, agencyId, vehicles: 3, pingsPerVehicle: 2, fixTime: 'publish-time', vehicleIdOf: (i) => `${prefix}-${i}`,
})

describe(`the api with its database unreachable for ${OUTAGE_S} s`, () => {
  it('stays up, says not ready and why, serves what it holds, answers 503 for the rest, and recovers alone', async () => {
    await publish('before')
    await until('the fleet in the feed', async () => ((await feedVehicles()).length === 3 ? true : undefined))
    const signedIn = await signIn()
    expect(signedIn.status).toBe(200)
    const dispatcher = { authorization: `Bearer ${((await signedIn.json()) as { token: string }).token}` }
    const stops = (await (await get('/api/v1/stops?q=Abdali&lang=en')).json()) as { stops: Array<{ stopId: string }> }
    const stopId = stops.stops[0]!.stopId
    expect((await get('/readyz')).status).toBe(200)
    expect((await get('/gtfs/gtfs.zip')).status).toBe(200)

    await stack.proxy.cut()
    const cutAt = Date.now()
    const reasons = await until('/readyz to say not ready', async () => {
      const readiness = await get('/readyz')
      return readiness.status === 503 ? ((await readiness.json()) as { reasons: string[] }).reasons : undefined
    }, 30_000)
    expect(reasons.join('; ')).toMatch(/database/)

    // Pings keep arriving while the database is away: the fleet and the feeds follow them from memory.
    await publish('during')
    await until('the new buses in the feed', async () => ((await feedVehicles()).length === 6 ? true : undefined))

    let rounds = 0
    while (Date.now() - cutAt < OUTAGE_S * 1000) {
      expect(stack.api.running, stack.api.output.slice(-3000)).toBe(true)
      expect((await get('/healthz')).status).toBe(200)
      const readiness = await get('/readyz')
      expect(readiness.status).toBe(503)
      expect(((await readiness.json()) as { reasons: string[] }).reasons.join('; ')).toMatch(/database/)
      // from memory
      expect(await feedVehicles()).toEqual(['before-0', 'before-1', 'before-2', 'during-0', 'during-1', 'during-2'])
      expect((await get('/gtfs-rt/trip-updates.pb')).status).toBe(200)
      expect((await get('/gtfs-rt/alerts.pb')).status).toBe(200)
      expect((await get(`/api/v1/stops/${stopId}/arrivals`)).status).toBe(200)
      expect((await get('/api/v1/vehicles', dispatcher)).status).toBe(200)
      // from the database: a clear 503, not a stack trace, not a hang
      for (const response of [await get('/gtfs/gtfs.zip'), await signIn(), await get('/api/v1/kpi', dispatcher)]) {
        expect(response.status, response.url).toBe(503)
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/)
        const body = (await response.json()) as { code: string; message: string }
        expect(body.code).toBe('API_DATABASE_UNAVAILABLE')
        expect(body.message).not.toMatch(/\n\s+at /)
      }
      rounds += 1
      await new Promise((resolve) => setTimeout(resolve, 2_000))
    }
    expect(rounds).toBeGreaterThan(1)

    await stack.proxy.restore()
    const restoredAt = Date.now()
    await until('/readyz to say ready again', async () => ((await get('/readyz')).status === 200 ? true : undefined), 60_000)
    const readyAfterS = (Date.now() - restoredAt) / 1000
    expect((await get('/gtfs/gtfs.zip')).status).toBe(200)
    expect((await signIn()).status).toBe(200)
    expect((await get('/api/v1/kpi', dispatcher)).status).toBe(200)
    expect(await feedVehicles()).toHaveLength(6)
    expect(stack.api.running).toBe(true)
    console.log(`[faults] api with its database unreachable ${OUTAGE_S} s: up throughout, not ready (${reasons.join('; ')}), feeds/fleet/arrivals served from memory, database routes 503 API_DATABASE_UNAVAILABLE (${rounds} rounds checked); ready again ${readyAfterS.toFixed(1)} s after the database returned`)
  })
})
