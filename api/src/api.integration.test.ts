import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { importFeed } from '@masar/gtfs/import/import-feed'
import { formatPositionTopic, formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { LiveMessage, liveProtocolsOf } from '@masar/model/api/live'
import { HISTORY_MAX_POINTS } from '@masar/model/api/fleet'
import { Value } from '@sinclair/typebox/value'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import mqtt from 'mqtt'
import WebSocket from 'ws'
import pino from 'pino'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadApiConfig } from './config.js'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { candidateServiceDates } from '@masar/model/gtfs/service-day'
import { insertPredictionOutcomes } from './predictions/prediction-outcomes.repository.js'
import { startApi, type Api } from './start-api.js'
import { startTestRealtime, type TestRealtime } from './testing/start-test-realtime.js'

const { FeedMessage, FeedHeader } = GtfsRealtimeBindings.transit_realtime
const agencyId = `api${process.pid}`
let database: TestDatabase
let broker: TestBroker
let api: Api
let realtime: TestRealtime
const logger = pino({ level: 'warn' })

function configFor(overrides: Record<string, string> = {}) {
  return loadApiConfig({
    REALTIME_ENGINE_KEY: realtime.engineKey,
    DATABASE_URL: database.url, MQTT_URL: broker.url, MQTT_PROTOCOL_VERSION: String(broker.protocolVersion), API_PORT: '0', METRICS_PORT: '0', FEED_MIN_INTERVAL_MS: '100',
    // This run's agency only: on a shared real broker, other publishers' vehicles are not this test's.
    MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), MQTT_CLIENT_ID: `api-it-${process.pid}-${Date.now()}`,
    API_ADMIN_PASSWORD: 'first-admin-password', API_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-0123456789', API_CHECK_RESPONSES: 'true', ...overrides,
  })
}

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  const imported = await importFeed({ pool: database.pool, path: AMMAN_DEMO_FEED_PATH, writeMethod: database.embedded ? 'insert' : 'copy' })
  if (!imported.ok) throw new Error('demo feed import failed')
  realtime = await startTestRealtime({ databaseUrl: database.url, pool: database.pool, broker, topicFilter: formatPositionTopicFilter(agencyId), logger })
  api = await startApi({ config: configFor(), logger, pool: database.pool })
  await api.realtime.firstState
}, 120_000)
afterAll(async () => {
  await api?.stop()
  await realtime?.stopAndClear()
  await broker?.close()
  await database?.close()
})

async function publish(vehicleId: string, ping: Record<string, unknown>): Promise<void> {
  const client = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion, clientId: `${agencyId}-${vehicleId}` })
  await client.publishAsync(formatPositionTopic(agencyId, vehicleId), JSON.stringify(ping), { qos: 1 })
  await client.endAsync()
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers })
const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${api.url}${path}`, body === undefined ? { method, headers } : { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

async function login(username = 'admin', password = 'first-admin-password'): Promise<Record<string, string>> {
  const response = await send('POST', '/api/v1/auth/token', { username, password })
  expect(response.status).toBe(200)
  return { authorization: `Bearer ${((await response.json()) as { token: string }).token}` }
}

describe(`the api through ${process.env.MQTT_URL ? 'Mosquitto' : 'embedded aedes'} and ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'}`, () => {
  it('keeps the live fleet from the tracker stream and serves it as a GTFS-Realtime VehiclePositions feed', async () => {
    const now = Date.now()
    await publish('bus-0001', { ts: now - 5000, lat: 31.9539, lon: 35.9106, speed: 8.5, bearing: 90, tripId: 'T1', routeId: 'R1' })
    await publish('bus-0002', { ts: now + 30_000, lat: 31.9600, lon: 35.9000 }) // a tracker clock half a minute ahead
    await publish('bus-0001', { ts: now - 9000, lat: 1, lon: 1 }) // older than what is held: ignored
    await vi.waitFor(() => expect(api.fleet.size).toBe(2), { timeout: 10_000, interval: 50 })
    // the engine rebuilds the feed at most every 100 ms here and publishes it to the api within 200 ms
    await vi.waitFor(() => expect(FeedMessage.decode(api.realtime.feed('vehicle-positions')!.bytes).entity.length).toBe(2), { timeout: 10_000, interval: 50 })

    const response = await get('/gtfs-rt/vehicle-positions.pb')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/x-protobuf')
    const feed = FeedMessage.decode(new Uint8Array(await response.arrayBuffer()))
    expect(feed.header.gtfsRealtimeVersion).toBe('2.0')
    expect(feed.header.incrementality).toBe(FeedHeader.Incrementality.FULL_DATASET)
    expect(Math.abs(Number(feed.header.timestamp) - Date.now() / 1000)).toBeLessThan(30) // seconds, not milliseconds
    expect(feed.entity.map((e) => e.id)).toEqual(['bus-0001', 'bus-0002'])
    const bus1 = feed.entity[0]!.vehicle!
    expect(bus1.position).toMatchObject({ latitude: expect.closeTo(31.9539, 4), longitude: expect.closeTo(35.9106, 4), bearing: 90, speed: 8.5 })
    // T1 is no trip of the active feed: matching does not pass on a claim the schedule contradicts
    expect(bus1.trip ?? null).toBeNull()
    expect(Number(bus1.timestamp)).toBe(Math.floor((now - 5000) / 1000))
    // no entity is dated after the feed, even from a tracker whose clock runs ahead (GTFS-RT E012)
    expect(Number(feed.entity[1]!.vehicle!.timestamp)).toBeLessThanOrEqual(Number(feed.header.timestamp))

    const etag = response.headers.get('etag')!
    expect(etag).toMatch(/^".+"$/)
    expect(response.headers.get('last-modified')).toBeTruthy()
    expect(response.headers.get('cache-control')).toMatch(/public, max-age=\d+/)
    expect((await get('/gtfs-rt/vehicle-positions.pb', { 'if-none-match': etag })).status).toBe(304)
    const json = (await (await get('/gtfs-rt/vehicle-positions.pb?format=json')).json()) as { entity: Array<{ id: string }> }
    expect(json.entity.map((e) => e.id)).toEqual(['bus-0001', 'bus-0002'])
  })

  it('gzips the feed for clients that accept it', async () => {
    const response = await fetch(`${api.url}/gtfs-rt/vehicle-positions.pb`, { headers: { 'accept-encoding': 'gzip' } })
    expect(response.headers.get('content-encoding')).toBe('gzip') // fetch unzips it; the header says it came zipped
    expect(FeedMessage.decode(new Uint8Array(await response.arrayBuffer())).entity.length).toBe(2)
    const raw = await import('node:http').then(({ get: httpGet }) => new Promise<Buffer>((resolve, reject) => {
      httpGet(`${api.url}/gtfs-rt/vehicle-positions.pb`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject)
      }).on('error', reject)
    }))
    expect(FeedMessage.decode(gunzipSync(raw)).entity.length).toBe(2)
  })

  it('lists and finds vehicles, and says what is wrong with a bad request, never with a stack trace', async () => {
    const auth = await login()
    const get = (path: string) => fetch(`${api.url}${path}`, { headers: auth })
    const list = (await (await get('/api/v1/vehicles?sort=vehicleId')).json()) as { count: number; vehicles: Array<{ vehicleId: string; health: string }> }
    expect(list.count).toBe(2)
    expect(list.vehicles.map((v) => [v.vehicleId, v.health])).toEqual([['bus-0001', 'fresh'], ['bus-0002', 'fresh']])
    expect(((await (await get('/api/v1/vehicles?route=R1')).json()) as { count: number }).count).toBe(1)
    const bad = await get('/api/v1/vehicles?health=purple')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ code: 'API_BAD_REQUEST', message: 'querystring.health must be equal to one of the allowed values' })
    const unknownField = await get('/api/v1/vehicles?colour=red')
    expect(unknownField.status).toBe(400)
    expect(((await unknownField.json()) as { message: string }).message).toMatch(/querystring\.colour/)
    const missing = await get('/api/v1/vehicles/bus-9999')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ code: 'API_VEHICLE_NOT_FOUND', message: 'no vehicle "bus-9999" has been heard from' })
    expect(((await (await get('/no/such/route')).json()) as { code: string }).code).toBe('API_NOT_FOUND')
  })

  it('streams the fleet live over a WebSocket to a dispatcher: a snapshot, then each new fix, filtered by route', async () => {
    // the dispatcher's view (the route the tracker declares counts there); anyone's is live/live-access.integration.test.ts
    const token = (await login()).authorization!.slice('Bearer '.length)
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/api/v1/live?route=R1`, liveProtocolsOf(token))
    const messages: Array<{ type: string; vehicles?: Array<{ vehicleId: string }>; vehicle?: { vehicleId: string; lat: number } }> = []
    socket.on('message', (data) => messages.push(JSON.parse(String(data))))
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    try {
      await vi.waitFor(() => expect(messages[0]?.type).toBe('snapshot'), { timeout: 5000, interval: 20 })
      expect(messages[0]!.vehicles!.map((v) => v.vehicleId)).toEqual(['bus-0001'])
      await publish('bus-0002', { ts: Date.now() - 1000, lat: 31.961, lon: 35.9001 }) // not on route R1
      await publish('bus-0001', { ts: Date.now() - 1000, lat: 31.955, lon: 35.911, tripId: 'T1', routeId: 'R1' })
      await vi.waitFor(() => expect(messages.some((m) => m.type === 'vehicle')).toBe(true), { timeout: 5000, interval: 20 })
      const updates = messages.filter((m) => m.type === 'vehicle')
      expect(updates.map((m) => m.vehicle!.vehicleId)).toEqual(['bus-0001'])
      expect(updates[0]!.vehicle!.lat).toBeCloseTo(31.955, 4)
      for (const message of messages) expect(Value.Check(LiveMessage, message), JSON.stringify(message)).toBe(true) // the model's contract
    } finally {
      socket.close()
    }
    const refused = new WebSocket(`${api.url.replace('http', 'ws')}/api/v1/live?bbox=oops`)
    const status = await new Promise<number>((resolve) => refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)).once('error', () => resolve(-1)))
    expect(status).toBe(400)
  })

  it('serves the active static feed as gtfs.zip with an ETag', async () => {
    const response = await get('/gtfs/gtfs.zip')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/zip')
    const bytes = Buffer.from(await response.arrayBuffer())
    expect(bytes.subarray(0, 2).toString()).toBe('PK')
    const etag = response.headers.get('etag')!
    expect((await get('/gtfs/gtfs.zip', { 'if-none-match': etag })).status).toBe(304)
  })

  it('answers riders in Arabic first, or English: stops by name or code and near a place, routes as GeoJSON, arrivals', async () => {
    const arabic = (await (await get(`/api/v1/stops?q=${encodeURIComponent('العبدلي')}`)).json()) as { stops: Array<{ stopId: string; name: string }> }
    expect(arabic.stops.length).toBeGreaterThan(0)
    expect(arabic.stops[0]!.name).toMatch(/[\u0600-\u06FF]/) // an Arabic name by default
    const english = (await (await get('/api/v1/stops?q=Abdali&lang=en')).json()) as { stops: Array<{ stopId: string; name: string }> }
    expect(english.stops.map((s) => s.stopId)).toContain(arabic.stops[0]!.stopId)
    expect(english.stops[0]!.name).toMatch(/Abdali/)
    const byHeader = (await (await get('/api/v1/stops?q=Abdali', { 'accept-language': 'en-GB,en;q=0.9,ar;q=0.5' })).json()) as { stops: Array<{ name: string }> }
    expect(byHeader.stops[0]!.name).toMatch(/Abdali/)
    const first = english.stops[0]!
    const stop = (await (await get(`/api/v1/stops?q=${first.stopId}`)).json()) as { stops: Array<{ stopId: string; lat: number; lon: number }> }
    const near = (await (await get(`/api/v1/stops/nearby?lat=${stop.stops[0]?.lat ?? 31.96}&lon=${stop.stops[0]?.lon ?? 35.91}&radius=300`)).json()) as { stops: Array<{ distanceM: number }> }
    expect(near.stops.length).toBeGreaterThan(0)
    for (let i = 1; i < near.stops.length; i++) expect(near.stops[i]!.distanceM).toBeGreaterThanOrEqual(near.stops[i - 1]!.distanceM)
    expect((await get('/api/v1/stops/nearby?lat=99&lon=35')).status).toBe(400)

    const routes = (await (await get('/api/v1/routes')).json()) as { routes: Array<{ routeId: string; longName: string | null }> }
    expect(routes.routes).toHaveLength(28)
    const ARABIC = /[\u0600-\u06FF]/
    expect(routes.routes.filter((r) => r.longName).every((r) => ARABIC.test(r.longName!))).toBe(true)
    const englishRoutes = (await (await get('/api/v1/routes?lang=en')).json()) as { routes: Array<{ routeId: string; longName: string | null }> }
    expect(englishRoutes.routes.map((r) => r.routeId)).toEqual(routes.routes.map((r) => r.routeId))
    expect(englishRoutes.routes.filter((r) => r.longName).every((r) => !ARABIC.test(r.longName!))).toBe(true)
    // follow my bus in English: the headsign too, not only the stop names
    const schedule = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
    const headed = [...schedule.trips.values()].find((t) => t.headsign !== null)!
    const followed = (await (await get(`/api/v1/trips/${encodeURIComponent(headed.tripId)}?lang=en`)).json()) as { headsign: string; stops: Array<{ name: string }> }
    expect(followed.headsign).toBe(headed.headsignTranslations!.en)
    expect(followed.headsign).not.toMatch(ARABIC)
    expect(((await (await get(`/api/v1/trips/${encodeURIComponent(headed.tripId)}`)).json()) as { headsign: string }).headsign).toBe(headed.headsign)
    const route = (await (await get(`/api/v1/routes/${routes.routes[0]!.routeId}`)).json()) as { geojson: { features: Array<{ geometry: { type: string } }> } }
    const kinds = new Set(route.geojson.features.map((f) => f.geometry.type))
    expect(kinds).toEqual(new Set(['LineString', 'Point']))
    expect((await get('/api/v1/routes/NOPE')).status).toBe(404)

    const arrivals = (await (await get(`/api/v1/stops/${first.stopId}/arrivals`)).json()) as { stop: { stopId: string }; arrivals: Array<{ minutes: number; realtime: boolean }> }
    expect(arrivals.stop.stopId).toBe(first.stopId)
    for (const a of arrivals.arrivals) expect(a.minutes).toBeGreaterThanOrEqual(0) // the timetable's, at whatever hour the test runs
    expect(await (await get('/api/v1/stops/NOPE/arrivals')).json()).toMatchObject({ code: 'API_STOP_NOT_FOUND' })
  })

  it('lets a dispatcher cancel a trip for the day: TripUpdates give it as CANCELED until it is restored', async () => {
    const schedule = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
    const today = candidateServiceDates(Date.now(), schedule.timeZone).at(-1)!
    const trip = [...schedule.trips.values()].find((t) => schedule.servicesOn(today).has(t.serviceId) && !t.headwayBased)! // a timetabled trip: a BRT run is named by its template and start_time
    const path = `/api/v1/trips/${encodeURIComponent(trip.tripId)}/cancellation`
    expect((await send('PUT', path, { reason: 'driver shortage' })).status).toBe(401)
    const auth = await login()
    const cancelled = await send('PUT', path, { reason: 'driver shortage', serviceDate: today }, auth)
    expect(cancelled.status).toBe(201)
    expect(await cancelled.json()).toMatchObject({ tripId: trip.tripId, serviceDate: today, reason: 'driver shortage', cancelledBy: 'admin' })
    const listed = (await (await get('/api/v1/trip-cancellations', auth)).json()) as { cancellations: Array<{ tripId: string }> }
    expect(listed.cancellations.map((c) => c.tripId)).toContain(trip.tripId)
    const entityOf = async () => {
      const feed = FeedMessage.decode(new Uint8Array(await (await get('/gtfs-rt/trip-updates.pb')).arrayBuffer()))
      return feed.entity.find((e) => e.tripUpdate?.trip?.tripId === trip.tripId && e.tripUpdate.trip.startDate === today.replaceAll('-', ''))
    }
    await vi.waitFor(async () => expect((await entityOf())?.tripUpdate?.trip?.scheduleRelationship).toBe(GtfsRealtimeBindings.transit_realtime.TripDescriptor.ScheduleRelationship.CANCELED), { timeout: 5000, interval: 150 })
    expect((await send('PUT', path, { reason: 'x', serviceDate: '24-11-2026' }, auth)).status).toBe(400)
    expect(await (await send('PUT', '/api/v1/trips/NO-SUCH-TRIP/cancellation', { reason: 'x' }, auth)).json()).toMatchObject({ code: 'API_TRIP_NOT_FOUND' })
    expect((await send('DELETE', `${path}?serviceDate=${today}`, undefined, auth)).status).toBe(204)
    expect(await (await send('DELETE', `${path}?serviceDate=${today}`, undefined, auth)).json()).toMatchObject({ code: 'API_TRIP_NOT_CANCELLED' })
    await vi.waitFor(async () => expect(await entityOf()).toBeUndefined(), { timeout: 5000, interval: 150 })
  })

  it('reports prediction accuracy to dispatchers by method and horizon, with the ETA Accuracy Benchmark score', async () => {
    expect((await get('/api/v1/kpi/predictions')).status).toBe(401)
    const now = Date.now()
    // scored predictions as the prediction log writes them: 3 and 8 minutes ahead, 20 s and 100 s late
    const outcome = (method: 'schedule' | 'kalman', stopIndex: number, aheadMin: number, lateS: number) => ({
      method, vehicleId: 'bus-kpi', tripId: 'kpi-trip', serviceDate: '2026-11-23', stopId: `S${stopIndex}`, stopIndex, madeAtMs: now - 3600_000 + stopIndex * 1000,
      predictedMs: now - 3600_000 + stopIndex * 1000 + aheadMin * 60_000, actualMs: now - 3600_000 + stopIndex * 1000 + aheadMin * 60_000 + lateS * 1000,
      lowMs: now - 3600_000, highMs: now,
    })
    await insertPredictionOutcomes(database.pool, [outcome('kalman', 1, 2, 20), outcome('kalman', 2, 2, 100), outcome('schedule', 3, 8, 100)])
    const auth = await login()
    const kpi = (await (await get('/api/v1/kpi/predictions?hours=2', auth)).json()) as { rows: Array<{ method: string; bucket: string; count: number; maeS: number | null; benchmarkShare: number | null }>; benchmarkScore: Record<string, number | null> }
    const row = (method: string, bucket: string) => kpi.rows.find((r) => r.method === method && r.bucket === bucket)!
    expect(row('kalman', '0-3')).toMatchObject({ count: 2, maeS: 60, benchmarkShare: 0.5 }) // 100 s late is outside +90 s
    expect(row('schedule', '6-10')).toMatchObject({ count: 1, maeS: 100, benchmarkShare: 1 })
    expect(row('learned', '0-3')).toMatchObject({ count: 0, maeS: null })
    expect(kpi.benchmarkScore.kalman).toBeNull() // three of the four buckets have nothing yet
    expect((await get('/api/v1/kpi/predictions?hours=0', auth)).status).toBe(400)
  })

  it('documents itself: an OpenAPI document from the route schemas, and browsable docs', async () => {
    const doc = (await (await get('/docs/json')).json()) as { openapi: string; paths: Record<string, unknown> }
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/vehicles', '/api/v1/vehicles/{id}', '/gtfs-rt/vehicle-positions.pb', '/gtfs/gtfs.zip']))
    expect((await get('/docs')).status).toBeLessThan(400)
  })

  it('exposes Prometheus metrics: vehicles by health; the engine counts fixes applied and ignored', async () => {
    const text = await (await fetch(`${api.metricsUrl}/metrics`)).text()
    expect(text).toMatch(/^masar_api_vehicles\{health="fresh"\} [1-9]/m)
    expect(realtime.counts.applied).toBeGreaterThan(0)
    expect(realtime.counts.ignored).toBeGreaterThan(0) // the late fix of bus-0001
  })

  it('limits requests per client address, with a 429 that says when to come back, and never the probes', async () => {
    // A client address of its own (through a trusted proxy): the counts are shared with the other api on this database.
    const limited = await startApi({ config: configFor({ RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1', MQTT_CLIENT_ID: `api-it-3-${process.pid}-${Date.now()}` }), logger, pool: database.pool })
    await limited.realtime.firstState
    try {
      const statuses = []
      const client = { 'x-forwarded-for': `198.51.100.${process.pid % 250}` }
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/gtfs-rt/alerts.pb`, { headers: client })).status)
      expect(statuses).toEqual([200, 200, 200, 429])
      const refused = await fetch(`${limited.url}/gtfs-rt/vehicle-positions.pb`, { headers: client })
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(await refused.json()).toMatchObject({ code: 'API_RATE_LIMITED', message: expect.stringMatching(/more than 3 requests a minute from this address: try again in \d+ s/) })
      for (let i = 0; i < 5; i++) expect((await fetch(`${limited.url}/healthz`)).status).toBe(200)
    } finally {
      await limited.stop()
    }
  })

  it('lets in dispatchers and admins with a token, each to what their role allows', async () => {
    expect((await get('/api/v1/vehicles')).status).toBe(401)
    expect(await (await get('/api/v1/vehicles')).json()).toMatchObject({ code: 'API_UNAUTHENTICATED' })
    expect((await get('/api/v1/vehicles', { authorization: 'Bearer forged.token' })).status).toBe(401)
    const wrong = await send('POST', '/api/v1/auth/token', { username: 'admin', password: 'not-the-password' })
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toEqual({ code: 'API_INVALID_CREDENTIALS', message: 'the username or password is wrong' })
    const admin = await login()
    const created = await send('POST', '/api/v1/accounts', { username: 'dispatcher1', password: 'a-dispatcher-password', role: 'dispatcher' }, admin)
    expect(created.status).toBe(201)
    expect((await send('POST', '/api/v1/accounts', { username: 'dispatcher1', password: 'another-password', role: 'dispatcher' }, admin)).status).toBe(409)
    const dispatcher = await login('dispatcher1', 'a-dispatcher-password')
    expect((await get('/api/v1/vehicles', dispatcher)).status).toBe(200)
    const forbidden = await send('POST', '/api/v1/accounts', { username: 'sneaky', password: 'sneaky-password', role: 'admin' }, dispatcher)
    expect(forbidden.status).toBe(403)
    expect(((await forbidden.json()) as { message: string }).message).toBe('this needs the admin role; dispatcher1 is a dispatcher')
    const { rows } = await database.pool.query<{ password_hash: string }>(`SELECT password_hash FROM api_accounts WHERE username = 'dispatcher1'`)
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/) // never the password itself; at the default cost
  })

  it('gives third-party apps API keys with their own rate limits', async () => {
    const admin = await login()
    const created = await send('POST', '/api/v1/api-keys', { name: 'Moovit', rateLimitPerMinute: 2 }, admin)
    expect(created.status).toBe(201)
    const { key } = (await created.json()) as { key: string }
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await get('/gtfs-rt/vehicle-positions.pb', { 'x-api-key': key })).status)
    expect(statuses).toEqual([200, 200, 429])
    expect(((await (await get('/gtfs-rt/vehicle-positions.pb', { 'x-api-key': key })).json()) as { message: string }).message).toMatch(/from this API key/)
    expect((await get('/gtfs-rt/vehicle-positions.pb')).status).toBe(200) // the key's limit is its own, not the address's
  })

  it('keeps service alerts, versioned, in Arabic and English, and serves them as GTFS-Realtime Alerts', async () => {
    const dispatcher = await login()
    const alert = {
      cause: 'CONSTRUCTION', effect: 'DETOUR', activePeriods: [{ start: 1795300000, end: 1795400000 }],
      informedEntities: [{ routeId: 'BRT1' }, { stopId: 'S1001' }],
      headerText: { ar: 'تحويلة على خط الباص السريع', en: 'BRT detour' }, descriptionText: { ar: 'أعمال طرق قرب الجامعة الأردنية', en: 'Road works near the University of Jordan' },
    }
    const missingArabic = await send('POST', '/api/v1/alerts', { ...alert, headerText: { en: 'BRT detour' } }, dispatcher)
    expect(missingArabic.status).toBe(400)
    expect(((await missingArabic.json()) as { message: string }).message).toBe("body.headerText.ar must have required property 'ar'")
    const created = await send('POST', '/api/v1/alerts', alert, dispatcher)
    expect(created.status).toBe(201)
    const { alertId } = (await created.json()) as { alertId: number }
    const changed = await send('PUT', `/api/v1/alerts/${alertId}`, { ...alert, effect: 'REDUCED_SERVICE' }, dispatcher)
    expect(((await changed.json()) as { version: number }).version).toBe(2)
    const versions = (await (await get(`/api/v1/alerts/${alertId}/versions`, dispatcher)).json()) as { versions: Array<{ version: number; savedBy: string }> }
    expect(versions.versions.map((v) => [v.version, v.savedBy])).toEqual([[1, 'admin'], [2, 'admin']])

    const feed = FeedMessage.decode(new Uint8Array(await (await get('/gtfs-rt/alerts.pb')).arrayBuffer()))
    expect(feed.entity.map((e) => e.id)).toEqual([`alert-${alertId}`])
    const served = feed.entity[0]!.alert!
    expect(served.effect).toBe(GtfsRealtimeBindings.transit_realtime.Alert.Effect.REDUCED_SERVICE)
    expect(served.headerText!.translation!.map((t) => [t.language, t.text])).toEqual([['ar', 'تحويلة على خط الباص السريع'], ['en', 'BRT detour']])
    expect(served.informedEntity!.map((e) => e.routeId || e.stopId)).toEqual(['BRT1', 'S1001'])
    expect(Number(served.activePeriod![0]!.start)).toBe(1795300000)

    expect((await send('DELETE', `/api/v1/alerts/${alertId}`, undefined, dispatcher)).status).toBe(204)
    expect((await send('DELETE', `/api/v1/alerts/${alertId}`, undefined, dispatcher)).status).toBe(404)
    expect(FeedMessage.decode(new Uint8Array(await (await get('/gtfs-rt/alerts.pb')).arrayBuffer())).entity).toHaveLength(0)
  })

  it('gives a vehicle\'s history from the database, downsampled over long ranges (time_bucket, or date_bin on PostgreSQL)', async () => {
    const auth = await login()
    const start = Date.now() - 12 * 3600_000
    await database.pool.query(`INSERT INTO vehicles (vehicle_id, agency_id) VALUES ('bus-0500', $1)`, [agencyId])
    // a fix every minute for ten hours
    await database.pool.query(
      `INSERT INTO vehicle_positions (vehicle_id, recorded_at, received_at, agency_id, lat, lon)
       SELECT 'bus-0500', t, t, $2, 31.9 + i * 0.0001, 35.9 FROM generate_series(0, 599) AS i, LATERAL (SELECT to_timestamp($1 / 1000.0 + i * 60) AS t) x`,
      [start, agencyId],
    )
    const iso = (ms: number) => new Date(ms).toISOString()
    const hour = (await (await get(`/api/v1/vehicles/bus-0500/history?from=${iso(start)}&to=${iso(start + 3600_000)}`, auth)).json()) as { count: number; bucketS: number | null; points: Array<{ lat: number }> }
    expect(hour.bucketS).toBeNull()
    expect(hour.count).toBe(60)
    expect(hour.points[1]!.lat).toBeCloseTo(31.9001, 6)
    const day = (await (await get(`/api/v1/vehicles/bus-0500/history?from=${iso(start)}&to=${iso(start + 12 * 3600_000)}&bucket=600`, auth)).json()) as { count: number; bucketS: number }
    expect(day.bucketS).toBe(600)
    expect(day.count).toBeGreaterThanOrEqual(60)
    expect(day.count).toBeLessThanOrEqual(61) // ten hours in ten-minute buckets, however the buckets align
    const bad = await get('/api/v1/vehicles/bus-0500/history?from=yesterday', auth)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toBe('querystring.from must match format "date-time"')
    const backwards = await get(`/api/v1/vehicles/bus-0500/history?from=${iso(start + 1000)}&to=${iso(start)}`, auth)
    expect(((await backwards.json()) as { message: string }).message).toBe('querystring.to must be after querystring.from')
  })

  it('limits every history answer, an explicit bucket=1 over 31 days too: the first HISTORY_MAX_POINTS points, said to be truncated', async () => {
    const auth = await login()
    const start = Math.floor(Date.now() / 1000) * 1000 - 8 * 3600_000 // whole seconds: the fixes' instants compare exactly
    await database.pool.query(`INSERT INTO vehicles (vehicle_id, agency_id) VALUES ('bus-0501', $1)`, [agencyId])
    // a fix every second for about seven hours: 25,000 fixes, more than one answer holds
    await database.pool.query(
      `INSERT INTO vehicle_positions (vehicle_id, recorded_at, received_at, agency_id, lat, lon)
       SELECT 'bus-0501', t, t, $2, 31.9, 35.9 FROM generate_series(0, 24999) AS i, LATERAL (SELECT to_timestamp($1 / 1000.0 + i) AS t) x`,
      [start, agencyId],
    )
    const iso = (ms: number) => new Date(ms).toISOString()
    type History = { count: number; bucketS: number | null; truncated: boolean; points: Array<{ at: string }> }
    const history = async (query: string) => (await (await get(`/api/v1/vehicles/bus-0501/history?${query}`, auth)).json()) as History
    const month = await history(`from=${iso(Date.now() - 31 * 86_400_000 + 60_000)}&to=${iso(Date.now())}&bucket=1`)
    expect([month.bucketS, month.count, month.points.length, month.truncated]).toEqual([1, HISTORY_MAX_POINTS, HISTORY_MAX_POINTS, true])
    expect(month.points[0]!.at).toBe(iso(start)) // the first points of the range
    // the same rule fix by fix (six hours, not downsampled), and nothing said when all fits
    const raw = await history(`from=${iso(start)}&to=${iso(start + 6 * 3600_000)}`)
    expect([raw.bucketS, raw.count, raw.truncated]).toEqual([null, HISTORY_MAX_POINTS, true])
    const coarse = await history(`from=${iso(start)}&to=${iso(start + 8 * 3600_000)}&bucket=600`)
    expect([coarse.count <= 44, coarse.truncated]).toEqual([true, false])
  })

  it('restores the fleet from the database on start, so a restart is invisible', async () => {
    const recorded = new Date(Date.now() - 60_000)
    await database.pool.query(`INSERT INTO vehicles (vehicle_id, agency_id, first_seen_at) VALUES ('bus-0777', $1, $2)`, [agencyId, recorded])
    await database.pool.query(`INSERT INTO vehicle_positions (vehicle_id, recorded_at, received_at, agency_id, lat, lon) VALUES ('bus-0777', $1, $1, $2, 31.97, 35.87)`, [recorded, agencyId])
    // a new engine (another key: its own retained state) restores the fleet; a new reader follows it
    const engine = await startTestRealtime({ databaseUrl: database.url, pool: database.pool, broker, topicFilter: formatPositionTopicFilter(agencyId), logger })
    const restarted = await startApi({ config: configFor({ MQTT_CLIENT_ID: `api-it-2-${process.pid}-${Date.now()}`, REALTIME_ENGINE_KEY: engine.engineKey }), logger, pool: database.pool })
    await restarted.realtime.firstState
    try {
      expect(restarted.fleet.get('bus-0777')).toMatchObject({ lat: 31.97, lon: 35.87, fixAtMs: recorded.getTime() })
      const view = (await (await fetch(`${restarted.url}/api/v1/vehicles/bus-0777`, { headers: await login() })).json()) as { health: string; ageS: number }
      expect(view.health).toBe('stale') // a minute without a fix
    } finally {
      await restarted.stop()
      await engine.stopAndClear()
    }
  })
})
