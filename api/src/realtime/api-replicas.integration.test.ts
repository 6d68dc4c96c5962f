import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { importFeed } from '@masar/gtfs/import/import-feed'
import { loadSchedule } from '@masar/gtfs/schedule/load-schedule'
import { formatPositionTopic, formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import type { Arrival } from '@masar/model/api/arrival'
import mqtt from 'mqtt'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadApiConfig } from '../config.js'
import { API_KEYS_RELOAD_MS, startApi, type Api } from '../start-api.js'
import { startTestRealtime, type TestRealtime } from '../testing/start-test-realtime.js'

/**
 * Two api replicas behind a round-robin proxy, as infra/ deploys them, following one realtime engine: a consumer
 * cannot tell which one answered.
 */
const agencyId = `rep${process.pid}`
const logger = pino({ level: 'warn' })
let database: TestDatabase
let broker: TestBroker
let realtime: TestRealtime
const replicas: Api[] = []
let proxy: http.Server
let busTrip: { trip: ScheduleTrip; atMs: number }
let proxyUrl = ''
let clockMs = 0

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  const imported = await importFeed({ pool: database.pool, path: AMMAN_DEMO_FEED_PATH, writeMethod: database.embedded ? 'insert' : 'copy' })
  if (!imported.ok) throw new Error('demo feed import failed')
  // The clock is set to a trip of the demo's that runs: its second stop's departure on a past day it runs. With the real
  // clock the test depended on the hour it ran (at midnight in Amman no trip matched and no arrival was realtime).
  const schedule = await loadSchedule(database.pool)
  busTrip = tripRunningOnARecentDay(schedule)
  clockMs = busTrip.atMs
  const now = () => clockMs
  realtime = await startTestRealtime({ databaseUrl: database.url, pool: database.pool, broker, topicFilter: formatPositionTopicFilter(agencyId), logger, now })
  for (const n of [1, 2]) {
    // The second replica's clock runs 1.5 s later, as two machines answering at different instants do: a replica
    // that built its own feeds would build other bytes.
    const replicaNow = n === 1 ? now : () => clockMs + 1500
    const api = await startApi({
      config: loadApiConfig({
        DATABASE_URL: database.url, MQTT_URL: broker.url, MQTT_PROTOCOL_VERSION: String(broker.protocolVersion), API_PORT: '0', METRICS_PORT: '0', REALTIME_ENGINE_KEY: realtime.engineKey,
        MQTT_CLIENT_ID: `rep-api-${n}-${process.pid}-${Date.now()}`, API_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-0123456789', API_ADMIN_PASSWORD: 'replica-admin-password',
      }),
      logger, pool: database.pool, now: replicaNow,
    })
    await api.realtime.firstState
    replicas.push(api)
  }
  // round robin, as a load balancer does
  let next = 0
  proxy = http.createServer((request, response) => {
    const target = new URL(request.url ?? '/', replicas[next++ % replicas.length]!.url)
    const upstream = http.request(target, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(response)
    })
    request.pipe(upstream)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
}, 180_000)
afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve))
  for (const api of replicas) await api.stop()
  await realtime?.stopAndClear()
  await broker?.close()
  await database?.close()
})

/** A weekday trip of the demo's with at least six stops, at its second stop's departure, on the latest past day it ran. */
function tripRunningOnARecentDay(schedule: Schedule): { trip: ScheduleTrip; atMs: number } {
  for (let daysAgo = 1; daysAgo <= 7; daysAgo++) {
    const serviceDate = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10)
    const services = schedule.servicesOn(serviceDate)
    const trip = [...schedule.trips.values()].find((t) => services.has(t.serviceId) && t.stopIds.length >= 6 && (t.departures[1] ?? 0) >= 9 * 3600 && (t.departures[1] ?? 0) <= 11 * 3600)
    if (trip) return { trip, atMs: instantOfGtfsTime(serviceDate, trip.departures[1]!, schedule.timeZone) }
  }
  throw new Error('the demo feed has no trip between 09:00 and 11:00 in the last week')
}

async function publishBuses(atMs: number): Promise<string> {
  // buses on the trip's shape at its second stop, when it is there: they match and get predictions
  const schedule = await loadSchedule(database.pool)
  const { trip } = busTrip
  const stop = schedule.stops.get(trip.stopIds[1]!)!
  const client = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion, clientId: `${agencyId}-tracker` })
  for (let i = 0; i < 5; i++) {
    await client.publishAsync(formatPositionTopic(agencyId, `bus-${i}`), JSON.stringify({ ts: atMs - 1000 * (5 - i), lat: stop.lat + i * 0.0005, lon: stop.lon, speed: 6, trip: trip.tripId, route: trip.routeId }), { qos: 1 })
  }
  await client.endAsync()
  return trip.stopIds[3] ?? trip.stopIds.at(-1)!
}

async function bothAnswer(path: string, headers: Record<string, string> = {}) {
  return Promise.all(replicas.map(async (api) => {
    const response = await fetch(`${api.url}${path}`, { headers })
    return { status: response.status, etag: response.headers.get('etag'), body: Buffer.from(await response.arrayBuffer()) }
  }))
}

describe(`two api replicas following one realtime engine (${process.env.MQTT_URL ? 'Mosquitto' : 'aedes'}, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('serve byte-identical feeds under the same ETag, the same arrivals, and a 304 from one for the ETag of the other', async () => {
    const stopId = await publishBuses(clockMs)
    await vi.waitFor(() => expect(realtime.engine!.fleet.size).toBe(5), { timeout: 10_000, interval: 50 })
    clockMs += 1000 // time moves on: the engine builds its feeds with the buses
    await realtime.publishNow()
    await vi.waitFor(() => {
      for (const api of replicas) expect(api.realtime.feed('vehicle-positions')?.etag).toBe(realtime.engine!.feed('vehicle-positions').etag)
    }, { timeout: 10_000, interval: 50 })

    for (const path of ['/gtfs-rt/vehicle-positions.pb', '/gtfs-rt/trip-updates.pb', '/gtfs-rt/alerts.pb']) {
      const [a, b] = await bothAnswer(path)
      expect(a!.status).toBe(200)
      expect(a!.etag).toBeTruthy()
      expect(b!.etag).toBe(a!.etag)
      expect(b!.body.equals(a!.body)).toBe(true)
      // a conditional GET through the load balancer: the ETag one replica gave is current on the other
      const [first, second] = await bothAnswer(path, { 'if-none-match': a!.etag! })
      expect([first!.status, second!.status]).toEqual([304, 304])
    }
    const [vp] = await bothAnswer('/gtfs-rt/vehicle-positions.pb')
    expect(vp!.body.length).toBeGreaterThan(100) // the five buses are in it

    const [arrivalsA, arrivalsB] = await bothAnswer(`/api/v1/stops/${encodeURIComponent(stopId)}/arrivals`)
    expect(arrivalsA!.status).toBe(200)
    // the same buses at the same predicted instants (the minutes to wait are counted from each replica's clock)
    // (a timetable arrival due within the 1.5 s between the replicas' clocks is still ahead for one, gone for the other)
    const instants = (body: Buffer) => (JSON.parse(body.toString()) as { arrivals: Arrival[] }).arrivals
      .filter((a) => a.realtime || Date.parse(a.at) > clockMs + 60_000).map(({ minutes: _m, minutesRange: _r, ...rest }) => rest)
    expect(instants(arrivalsB!.body)).toEqual(instants(arrivalsA!.body))
    expect(instants(arrivalsA!.body).filter((a) => a.realtime).length).toBeGreaterThan(0)

    // Through the round-robin proxy: one consumer's conditional GETs, alternately answered by each replica
    const firstGet = await fetch(`${proxyUrl}/gtfs-rt/vehicle-positions.pb`)
    const etag = firstGet.headers.get('etag')!
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${proxyUrl}/gtfs-rt/vehicle-positions.pb`, { headers: { 'if-none-match': etag } })).status)
    expect(statuses).toEqual([304, 304, 304, 304])
  })

  it('a dispatcher\'s alert, posted to one replica, is in the other\'s Alerts feed when the post is answered', async () => {
    const signIn = await fetch(`${replicas[0]!.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'replica-admin-password' }) })
    const { token } = (await signIn.json()) as { token: string }
    const alert = {
      cause: 'CONSTRUCTION', effect: 'DETOUR', activePeriods: [{ start: Math.floor(clockMs / 1000) - 60, end: Math.floor(clockMs / 1000) + 3600 }], informedEntities: [{ routeId: 'R1' }],
      headerText: { ar: 'تحويلة', en: 'Detour' }, descriptionText: { ar: 'أعمال طرق', en: 'Road works' },
    }
    const created = await fetch(`${replicas[0]!.url}/api/v1/alerts`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(alert) })
    expect(created.status).toBe(201)
    const [a, b] = await bothAnswer('/gtfs-rt/alerts.pb?format=json')
    const entities = (body: Buffer) => ((JSON.parse(body.toString()) as { entity?: Array<{ alert: { headerText: { translation: Array<{ text: string }> } } }> }).entity ?? [])
    expect(entities(b!.body).map((e) => e.alert.headerText.translation[1]?.text)).toEqual(['Detour'])
    expect(b!.etag).toBe(a!.etag)

    // an API key made through one replica is honoured by the other (with its own limit) within the reload interval
    const made = await fetch(`${replicas[0]!.url}/api/v1/api-keys`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ name: 'transit-app', rateLimitPerMinute: 12_345 }) })
    expect(made.status).toBe(201)
    const { key } = (await made.json()) as { key: string }
    const limitAt = async (api: Api) => (await fetch(`${api.url}/gtfs-rt/alerts.pb`, { headers: { 'x-api-key': key } })).headers.get('x-ratelimit-limit')
    expect(await limitAt(replicas[0]!)).toBe('12345')
    await vi.waitFor(async () => expect(await limitAt(replicas[1]!)).toBe('12345'), { timeout: API_KEYS_RELOAD_MS + 10_000, interval: 500 })
  }, API_KEYS_RELOAD_MS + 60_000)
})
