import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuth } from '../auth/auth.js'
import { insertAccount } from '../auth/accounts.repository.js'
import { installErrorHandling } from '../http/api-errors.js'
import { at, handMadeSchedule, street } from '../matching/testing/hand-made-schedule.js'
import { insertStopEvents, type ScheduledStopEvent } from '../stop-events/stop-events.repository.js'
import { ladderPlugin } from './ladder-plugin.js'
import { readLadderFixes, readLadderStopEvents } from './ladder.repository.js'

// Route R1 east along a 3 km street (stops A–D every kilometre) and back; route R2 only one way.
const schedule = handMadeSchedule({
  stops: { A: [0, 0], B: [1000, 0], C: [2000, 0], D: [3000, 0] },
  shapes: { S0: street([0, 0], [3000, 0]), S1: street([3000, 0], [0, 0]) },
  trips: [
    { tripId: 'T1', routeId: 'R1', shapeId: 'S0', directionId: 0, stopIds: ['A', 'B', 'C', 'D'], times: ['08:00:00', '08:03:00', '08:06:00', '08:09:00'] },
    { tripId: 'T2', routeId: 'R1', shapeId: 'S0', directionId: 0, stopIds: ['A', 'B', 'C', 'D'], times: ['08:10:00', '08:13:00', '08:16:00', '08:19:00'] },
    { tripId: 'W1', routeId: 'R1', shapeId: 'S1', directionId: 1, stopIds: ['D', 'C', 'B', 'A'], times: ['08:00:00', '08:03:00', '08:06:00', '08:09:00'] },
    { tripId: 'X1', routeId: 'R2', shapeId: 'S0', directionId: 0, stopIds: ['A', 'D'], times: ['08:00:00', '08:09:00'] },
  ],
})
schedule.stops.get('B')!.translations.en = 'Bravo'
schedule.stops.get('B')!.name = 'باء'

const MINUTE = 60_000
const NOW = Date.UTC(2026, 5, 10, 6, 0) // 09:00 in Amman
const SECRET = 'a-test-secret-that-is-long-enough-0123456789'
let database: TestDatabase
let app: FastifyInstance
let token: string

function stopEvent(vehicleId: string, tripId: string, stopId: string, stopIndex: number, arrivalMs: number, dwellMs = 0, routeId = 'R1'): ScheduledStopEvent {
  return { vehicleId, tripId, routeId, serviceDate: '2026-06-10', stopId, stopIndex, arrivalMs, departureMs: arrivalMs + dwellMs, observed: true, scheduledArrivalMs: null, feedId: 1 }
}

async function insertFixes(fixes: Array<{ vehicleId: string; atMs: number; eastM: number }>): Promise<void> {
  const place = fixes.map((f) => at([f.eastM, 20]))
  await database.pool.query(
    `INSERT INTO vehicle_positions (vehicle_id, recorded_at, received_at, agency_id, lat, lon)
     SELECT v, r, r, 'gam', la, lo FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[]) AS f(v, r, la, lo)`,
    [fixes.map((f) => f.vehicleId), fixes.map((f) => new Date(f.atMs)), place.map((p) => p.lat), place.map((p) => p.lon)],
  )
}

beforeAll(async () => {
  database = await createTestDatabase()
  const t0 = NOW - 20 * MINUTE
  await insertStopEvents(database.pool, [
    // bus-1 runs T1 east from 20 minutes ago and is between C and D now
    stopEvent('bus-1', 'T1', 'A', 1, t0, 30_000), stopEvent('bus-1', 'T1', 'B', 2, t0 + 4 * MINUTE), stopEvent('bus-1', 'T1', 'C', 3, t0 + 8 * MINUTE),
    // bus-2 runs W1 west (direction 1); bus-3 ran T2 two hours ago; bus-4 ran R2
    stopEvent('bus-2', 'W1', 'D', 1, t0), stopEvent('bus-2', 'W1', 'C', 2, t0 + 3 * MINUTE),
    stopEvent('bus-3', 'T2', 'A', 1, NOW - 130 * MINUTE), stopEvent('bus-3', 'T2', 'B', 2, NOW - 125 * MINUTE),
    stopEvent('bus-4', 'X1', 'A', 1, t0, 0, 'R2'),
  ])
  await insertFixes([
    { vehicleId: 'bus-1', atMs: t0 + 2 * MINUTE, eastM: 500 }, { vehicleId: 'bus-1', atMs: t0 + 10 * MINUTE, eastM: 2250 },
    { vehicleId: 'bus-1', atMs: t0 + 12 * MINUTE, eastM: 2500 }, { vehicleId: 'bus-2', atMs: t0 + MINUTE, eastM: 2700 },
    { vehicleId: 'bus-9', atMs: t0 + MINUTE, eastM: 100 }, { vehicleId: 'bus-1', atMs: NOW - 3 * 3600_000, eastM: 0 },
    // a 1 Hz tracker: thinned to one fix per ten seconds
    ...Array.from({ length: 25 }, (_, i) => ({ vehicleId: 'bus-5', atMs: t0 + i * 1000, eastM: 10 * i })),
  ])
  const auth = await createAuth({ pool: database.pool, secret: SECRET, tokenTtlS: 3600, now: () => NOW })
  const accountId = (await insertAccount(database.pool, 'dispatcher1', 'scrypt$not-a-hash', 'dispatcher'))!
  token = auth.issue({ accountId, username: 'dispatcher1', role: 'dispatcher', tokenGeneration: 0 }).token
  app = Fastify({ ajv: { customOptions: { coerceTypes: true, removeAdditional: false } } }) // as build-app.ts
  installErrorHandling(app)
  await app.register(ladderPlugin, { pool: database.pool, schedule: () => schedule, auth, now: () => NOW })
  await app.ready()
}, 120_000)
afterAll(async () => {
  await app?.close()
  await database?.close()
})

const ladder = (query: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
  app.inject({ method: 'GET', url: `/api/v1/routes/R1/ladder${query}`, headers })

describe(`the ladder on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'}`, () => {
  it('reads a route\'s stop events that overlap the window, by vehicle then time', async () => {
    const events = await readLadderStopEvents(database.pool, { routeId: 'R1', fromMs: NOW - 60 * MINUTE, toMs: NOW })
    expect(events.map((e) => [e.vehicleId, e.tripId, e.stopId, (e.arrivalMs - NOW) / MINUTE])).toEqual([
      ['bus-1', 'T1', 'A', -20], ['bus-1', 'T1', 'B', -16], ['bus-1', 'T1', 'C', -12], ['bus-2', 'W1', 'D', -20], ['bus-2', 'W1', 'C', -17],
    ])
    expect(events[0]).toMatchObject({ serviceDate: '2026-06-10', stopIndex: 1, departureMs: NOW - 20 * MINUTE + 30_000 })
    expect((await readLadderStopEvents(database.pool, { routeId: 'R1', fromMs: NOW - 3 * 3600_000, toMs: NOW - 60 * MINUTE })).map((e) => e.vehicleId)).toEqual(['bus-3', 'bus-3'])
  })

  it('reads the fixes of the vehicles asked for, in the window, by vehicle then time, up to a limit', async () => {
    const fixes = await readLadderFixes(database.pool, { vehicleIds: ['bus-1', 'bus-2'], fromMs: NOW - 60 * MINUTE, toMs: NOW, everyS: 10, limit: 100 })
    expect(fixes.map((f) => [f.vehicleId, (f.atMs - NOW) / MINUTE])).toEqual([['bus-1', -18], ['bus-1', -10], ['bus-1', -8], ['bus-2', -19]])
    expect(fixes[0]!.lat).toBeCloseTo(at([500, 20]).lat, 9)
    expect(await readLadderFixes(database.pool, { vehicleIds: ['bus-1'], fromMs: NOW - 60 * MINUTE, toMs: NOW, everyS: 10, limit: 2 })).toHaveLength(2)
    expect(await readLadderFixes(database.pool, { vehicleIds: [], fromMs: NOW - 60 * MINUTE, toMs: NOW, everyS: 10, limit: 2 })).toEqual([])
    const thinned = await readLadderFixes(database.pool, { vehicleIds: ['bus-5'], fromMs: NOW - 60 * MINUTE, toMs: NOW, everyS: 10, limit: 100 })
    expect(thinned.map((f) => (f.atMs - (NOW - 20 * MINUTE)) / 1000)).toEqual([0, 10, 20]) // t0 is a whole minute: buckets start at 0, 10, 20 s
    expect(await readLadderFixes(database.pool, { vehicleIds: ['bus-5'], fromMs: NOW - 60 * MINUTE, toMs: NOW, everyS: 1, limit: 100 })).toHaveLength(25)
  })

  it('serves each bus\'s run as [epoch ms, metres] with the stops, names in the language asked for', async () => {
    const response = await ladder('?minutes=30&direction=0&lang=en')
    expect(response.statusCode).toBe(200)
    const body = response.json<{ routeId: string; directionId: number; from: string; to: string; shapeId: string; lengthM: number; stops: Array<{ stopId: string; name: string; distanceM: number }>; runs: Array<{ vehicleId: string; tripId: string; points: Array<[number, number]> }> }>()
    expect(body).toMatchObject({ routeId: 'R1', directionId: 0, from: new Date(NOW - 30 * MINUTE).toISOString(), to: new Date(NOW).toISOString(), shapeId: 'S0' })
    expect(body.lengthM).toBeCloseTo(3000, -1)
    expect(body.stops.map((s) => [s.stopId, s.name, Math.round(s.distanceM / 10) * 10])).toEqual([['A', 'A', 0], ['B', 'Bravo', 1000], ['C', 'C', 2000], ['D', 'D', 3000]])
    expect(body.runs.map((r) => [r.vehicleId, r.tripId])).toEqual([['bus-1', 'T1']])
    const points = body.runs[0]!.points.map(([ms, m]) => [(ms - NOW) / MINUTE, Math.round(m / 50) * 50])
    expect(points).toEqual([[-20, 0], [-19.5, 0], [-18, 500], [-16, 1000], [-12, 2000], [-10, 2250], [-8, 2500]])
    const arabic = (await ladder('?direction=0')).json<{ stops: Array<{ name: string }> }>()
    expect(arabic.stops[1]!.name).toBe('باء')
    const west = (await ladder('?direction=1')).json<{ shapeId: string; runs: Array<{ vehicleId: string; points: Array<[number, number]> }> }>()
    expect(west.shapeId).toBe('S1')
    expect(west.runs.map((r) => [r.vehicleId, r.points.map(([, m]) => Math.round(m / 50) * 50)])).toEqual([['bus-2', [0, 300, 1000]]])
  })

  it('answers a bad query with a 400 naming the field, an unknown route with a 404, and needs a dispatcher', async () => {
    for (const [query, field] of [['?minutes=2', 'querystring.minutes'], ['?minutes=soon', 'querystring.minutes'], ['?minutes=999', 'querystring.minutes'], ['?direction=2', 'querystring.direction'], ['?lang=fr', 'querystring.lang'], ['?hours=1', 'querystring.hours']] as const) {
      const response = await ladder(query)
      expect(response.statusCode, query).toBe(400)
      expect(response.json(), query).toMatchObject({ code: 'API_BAD_REQUEST', message: expect.stringContaining(field) })
    }
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/routes/R9/ladder', headers: { authorization: `Bearer ${token}` } })
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'API_ROUTE_NOT_FOUND'])
    const oneWay = await app.inject({ method: 'GET', url: '/api/v1/routes/R2/ladder?direction=1', headers: { authorization: `Bearer ${token}` } })
    expect([oneWay.statusCode, oneWay.json().code]).toEqual([404, 'API_LADDER_NO_SHAPE'])
    expect((await ladder('', {})).statusCode).toBe(401)
  })
})
