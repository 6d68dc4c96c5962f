import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { importFeed } from '@masar/gtfs/import/import-feed'
import { loadSchedule } from '@masar/gtfs/schedule/load-schedule'
import { loadConfig as loadIngestConfig } from '@masar/ingest/config'
import { startIngest, type Ingest } from '@masar/ingest/start-ingest'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createServiceLogin, type ServiceLoginSession } from '@masar/platform/testing/service-login'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import type { BusEvent } from '@masar/simulators/fleet/bus'
import { latestPastStart } from '@masar/simulators/fleet/parse-sim-args'
import { runFleet } from '@masar/simulators/fleet/run-fleet'
import { createVehicleClients, type VehicleClients } from '@masar/simulators/mqtt/vehicle-clients'
import { LiveMessage } from '@masar/model/api/live'
import { Value } from '@sinclair/typebox/value'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import mqtt from 'mqtt'
import pg from 'pg'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadApiConfig } from './config.js'
import { checkFeed } from './gtfs-rt/conformance/check-feed.js'
import { readStoredGtfsExtras } from './gtfs-rt/stored-gtfs-extras.js'
import { startApi, type Api } from './start-api.js'
import { startTestRealtime, type TestRealtime } from './testing/start-test-realtime.js'

const { FeedMessage } = GtfsRealtimeBindings.transit_realtime
const agencyId = `e2e${process.pid}`
let database: TestDatabase
let broker: TestBroker
let ingest: Ingest
let api: Api
let realtime: TestRealtime
/** A vendor's AVL server: a GTFS-Realtime VehiclePositions feed and a SIRI-VM answer, each of one bus at the clock. */
let vendor: Server
/** The vendor's buses appear only in the sources' test, not in the simulated fleet's. */
let vendorOn = false
/** The api's clock follows the simulation (a past morning, run as fast as the broker takes it). */
let simNowMs = 0
/**
 * Issue #17: on a server each service runs as its own login (a member of masar_ingest, masar_realtime, masar_api), as
 * deployed, so a privilege one uses and its role lacks fails here. The embedded database serves one session.
 */
const logins: ServiceLoginSession[] = []
/** What the services log (warn and above), also printed: a refused privilege shows here. */
const serviceLogs: string[] = []
const serviceLogger = () => pino({ level: 'warn' }, { write: (line: string) => { serviceLogs.push(line); process.stdout.write(line) } })
const servicePools: pg.Pool[] = []
let realtimeDb: { url: string; pool: pg.Pool }
async function serviceDatabase(service: 'ingest' | 'realtime' | 'api'): Promise<{ url: string; pool: pg.Pool }> {
  if (database.embedded) return { url: database.url, pool: database.pool }
  const login = await createServiceLogin(database, service)
  logins.push(login)
  const pool = new pg.Pool({ connectionString: login.url, max: 4 })
  servicePools.push(pool)
  return { url: login.url, pool }
}

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  const imported = await importFeed({ pool: database.pool, path: AMMAN_DEMO_FEED_PATH, writeMethod: database.embedded ? 'insert' : 'copy' }) // as the owner
  if (!imported.ok) throw new Error('demo feed import failed')
  vendor = createServer((request, response) => {
    const atS = vendorOn ? Math.floor(simNowMs / 1000) : 0
    if (request.url === '/vp.pb') {
      const entity = atS > 0 ? [{ id: 'e1', vehicle: { vehicle: { id: `gtfsrt-${process.pid}` }, position: { latitude: 31.9601, longitude: 35.8702, bearing: 90, speed: 7 }, timestamp: atS } }] : []
      return response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(FeedMessage.encode(FeedMessage.fromObject({ header: { gtfsRealtimeVersion: '2.0', timestamp: Math.max(atS, 1) }, entity })).finish())
    }
    const activity = atS > 0 ? `<VehicleActivity><RecordedAtTime>${new Date(atS * 1000).toISOString()}</RecordedAtTime><MonitoredVehicleJourney><LineRef>1</LineRef><VehicleLocation><Longitude>35.8811</Longitude><Latitude>31.9702</Latitude></VehicleLocation><VehicleRef>siri-${process.pid}</VehicleRef></MonitoredVehicleJourney></VehicleActivity>` : ''
    response.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Siri xmlns="http://www.siri.org.uk/siri" version="2.0"><ServiceDelivery><ResponseTimestamp>${new Date().toISOString()}</ResponseTimestamp><VehicleMonitoringDelivery version="2.0"><ResponseTimestamp>${new Date().toISOString()}</ResponseTimestamp>${activity}</VehicleMonitoringDelivery></ServiceDelivery></Siri>`)
  })
  await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve))
  const vendorUrl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`
  const ingestDb = await serviceDatabase('ingest')
  realtimeDb = await serviceDatabase('realtime')
  const apiDb = await serviceDatabase('api')
  ingest = await startIngest({
    config: loadIngestConfig({
      DATABASE_URL: ingestDb.url, MQTT_URL: broker.url, MQTT_PROTOCOL_VERSION: String(broker.protocolVersion), MQTT_CLIENT_ID: `e2e-ingest-${process.pid}-${Date.now()}`,
      MQTT_SHARE_GROUP: broker.supportsSharedSubscriptions ? `e2e-${process.pid}` : '', MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), HTTP_PORT: '0', LOG_LEVEL: 'warn',
      INGEST_WRITE_METHOD: database.embedded ? 'insert' : 'copy',
      // the sources gateway too (issue #19), so a phone's fix is followed through ingest's own login to the api
      SOURCES_HTTP_PORT: '0', SOURCES_AUTH: 'open', SOURCES_AUTO_REGISTER: 'true', SOURCES_AGENCY: agencyId, SOURCES_TRACCAR_MQTT: 'true',
      SOURCES_FEEDS: JSON.stringify([{ id: 'vendor-vp', kind: 'gtfs-rt', url: `${vendorUrl}/vp.pb`, intervalS: 1, agencyId }, { id: 'vendor-siri', kind: 'siri-vm', url: `${vendorUrl}/siri.xml`, intervalS: 1, agencyId }]),
    }),
    logger: serviceLogger(), pool: ingestDb.pool, http: false,
  })
  realtime = await startTestRealtime({ databaseUrl: realtimeDb.url, pool: realtimeDb.pool, broker, topicFilter: formatPositionTopicFilter(agencyId), logger: serviceLogger(), now: () => simNowMs })
  api = await startApi({
    config: loadApiConfig({
      DATABASE_URL: apiDb.url, MQTT_URL: broker.url, MQTT_PROTOCOL_VERSION: String(broker.protocolVersion), API_PORT: '0', METRICS_PORT: '0', SMS_GATEWAY_SECRET: 'an-end-to-end-sms-secret', FEED_MIN_INTERVAL_MS: '100',
      MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), MQTT_CLIENT_ID: `e2e-api-${process.pid}-${Date.now()}`, RATE_LIMIT_PER_MINUTE: '100000', API_ADMIN_PASSWORD: 'e2e-admin-password',
      REALTIME_ENGINE_KEY: realtime.engineKey,
      API_CHECK_RESPONSES: 'true', // every answer below is checked against its schema: a field the schema lacks is a 500
    }),
    logger: serviceLogger(), pool: apiDb.pool, now: () => simNowMs,
  })
  await api.realtime.firstState
}, 180_000)
afterAll(async () => {
  await api?.stop()
  await realtime?.stopAndClear()
  await ingest?.stop()
  await new Promise((resolve) => vendor?.close(resolve))
  await broker?.close()
  for (const pool of servicePools) await pool.end()
  for (const login of logins) await login.close()
  await database?.close()
})

/** The broker clients of the fleet, noting the newest fix time published (the simulation's "now"). */
function clockedClients(inner: VehicleClients): VehicleClients {
  return {
    ...inner,
    publish(vehicleId, topic, payload) {
      const ts = /"ts":("[^"]+"|\d+)/.exec(String(payload))?.[1]
      const atMs = ts === undefined ? Number.NaN : ts.startsWith('"') ? Date.parse(ts.slice(1, -1)) : Number(ts)
      if (atMs > simNowMs && atMs < Date.now()) simNowMs = atMs
      return inner.publish(vehicleId, topic, payload)
    },
  }
}

describe(`simulator → ${process.env.MQTT_URL ? 'Mosquitto' : 'aedes'} → ingest + api → GTFS-Realtime (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('matches the fleet to its trips, records stop events, and publishes feeds the conformance checker passes', async () => {
    const schedule = await loadSchedule(database.pool)
    const startMs = latestPastStart('07:00', schedule.timeZone, Date.now(), 3600_000)
    const truth: BusEvent[] = []
    const inner = createVehicleClients({ url: broker.url, protocolVersion: broker.protocolVersion })
    let result
    try {
      result = await runFleet({
        schedule, clients: clockedClients(inner), agencyId, seed: 206, startMs, durationS: 40 * 60, speed: 120, vehicles: 40,
        tracker: { badPingRate: 0 }, onTruth: (event) => truth.push(event),
      })
    } finally {
      await inner.close()
    }
    await vi.waitFor(async () => {
      const { rows } = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1', [agencyId])
      expect(rows[0]!.n).toBe(result.pings)
    }, { timeout: 90_000, interval: 250 })
    await vi.waitFor(() => expect(api.fleet.size).toBeGreaterThanOrEqual(35), { timeout: 90_000, interval: 100 })
    await new Promise((resolve) => setTimeout(resolve, 1500)) // the engine has read the last messages; stop events flushed
    // The clock follows the fixes published, which run ahead of what the engine has read: time moves on a little,
    // so the engine rebuilds its feeds with everything it has read, and the reader has them.
    simNowMs += 1000
    await realtime.publishNow()
    await vi.waitFor(async () => {
      await realtime.publishNow()
      expect(api.realtime.feed('vehicle-positions')?.etag).toBe(realtime.engine!.feed('vehicle-positions').etag)
    }, { timeout: 30_000, interval: 100 })

    // The trip each bus really works at the end of the run, from the ground truth
    const trueTrip = new Map<string, string | null>()
    for (const event of truth) {
      if (event.kind === 'trip-start') trueTrip.set(event.vehicleId, event.tripId)
      if (event.kind === 'trip-end' && trueTrip.get(event.vehicleId) === event.tripId) trueTrip.set(event.vehicleId, null)
    }
    let onTrip = 0
    let right = 0
    for (const vehicle of api.fleet.all()) {
      const expected = trueTrip.get(vehicle.vehicleId)
      if (!expected) continue
      onTrip += 1
      if (vehicle.match?.tripId === expected) right += 1
    }
    console.log(`end-to-end: ${right}/${onTrip} buses on a trip matched to the right one`)
    expect(onTrip).toBeGreaterThan(20)
    expect(right / onTrip).toBeGreaterThanOrEqual(0.8)

    const get = async (path: string) => FeedMessage.decode(new Uint8Array(await (await fetch(`${api.url}${path}`)).arrayBuffer()))
    const [vehiclePositions, tripUpdates, alerts] = [await get('/gtfs-rt/vehicle-positions.pb'), await get('/gtfs-rt/trip-updates.pb'), await get('/gtfs-rt/alerts.pb')]
    expect(vehiclePositions.entity.length).toBeGreaterThan(20)
    expect(vehiclePositions.entity.filter((e) => e.vehicle?.trip?.tripId).length).toBeGreaterThan(20)
    expect(tripUpdates.entity.length).toBeGreaterThan(20)
    const gtfsExtras = await readStoredGtfsExtras(database.pool, schedule)
    const companions = { vehiclePositions, tripUpdates, alerts }
    for (const [kind, message] of [['vehicle-positions', vehiclePositions], ['trip-updates', tripUpdates], ['alerts', alerts]] as const) {
      const report = checkFeed(message, { schedule, gtfsExtras, nowMs: simNowMs, kind, companions })
      expect(report.errors, `${kind}: ${JSON.stringify(report.countsByRule)}`).toEqual([])
    }
    const status = (await (await fetch(`${api.url}/gtfs-rt/status`)).json()) as { ok: boolean; feeds: Record<string, { entities: number }> }
    expect(status.ok).toBe(true)

    // Dispatchers: headways of the busiest route (every bus after the first has one), and today's figures
    const login = await fetch(`${api.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'e2e-admin-password' }) })
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` }
    const perRoute = new Map<string, number>()
    for (const vehicle of api.fleet.all()) if (vehicle.match?.status === 'in-service' && vehicle.match.routeId) perRoute.set(vehicle.match.routeId, (perRoute.get(vehicle.match.routeId) ?? 0) + 1)
    const busiest = [...perRoute].sort((a, b) => b[1] - a[1])[0]![0]
    const headways = (await (await fetch(`${api.url}/api/v1/routes/${busiest}/headways`, { headers: auth })).json()) as { directions: Record<string, Array<{ state: string; headwayS: number | null }>> }
    const buses = Object.values(headways.directions).flat()
    expect(buses.length).toBe(perRoute.get(busiest))
    for (const direction of Object.values(headways.directions)) {
      expect(direction[0]!.state).toBe('leading')
      for (const bus of direction.slice(1)) expect(bus.headwayS).toBeGreaterThanOrEqual(0)
    }
    expect((await fetch(`${api.url}/api/v1/routes/NO-SUCH-ROUTE/headways`, { headers: auth })).status).toBe(404)
    const inService = (await (await fetch(`${api.url}/api/v1/vehicles?status=in-service&sort=-deviation`, { headers: auth })).json()) as { vehicles: Array<{ phase: string; scheduleDeviationS: number }> }
    expect(inService.vehicles.length).toBeGreaterThan(20)
    expect(inService.vehicles.every((v) => v.phase === 'in-service')).toBe(true)
    for (let i = 1; i < inService.vehicles.length; i++) expect(inService.vehicles[i]!.scheduleDeviationS).toBeLessThanOrEqual(inService.vehicles[i - 1]!.scheduleDeviationS)
    type Kpi = { vehicles: { fresh: number }; matchedShare: number; pingsPerSecond: number; onTimeByRoute: Array<{ routeId: string; events: number; onTimeShare: number }> }
    const kpiNow = async () => (await (await fetch(`${api.url}/api/v1/kpi`, { headers: auth })).json()) as Kpi
    // the engine's pings per second, in its published state; every bus fresh at the reader (it converges on the
    // engine's fleet within the state's every-10-s snapshot, whatever vehicle message a loaded broker held back)
    await vi.waitFor(async () => {
      const now = await kpiNow()
      expect(now.pingsPerSecond).toBeGreaterThan(0)
      expect(now.vehicles.fresh).toBeGreaterThan(20)
    }, { timeout: 30_000, interval: 250 })
    const kpi = await kpiNow()
    expect(kpi.vehicles.fresh).toBeGreaterThan(20)
    expect(kpi.matchedShare).toBeGreaterThanOrEqual(0.8)
    expect(kpi.pingsPerSecond).toBeGreaterThan(0)
    expect(kpi.onTimeByRoute.length).toBeGreaterThan(3)
    // 40 of the morning's buses are simulated: the trips of the others are ghosts, and none of the 40's are
    const ghosts = (await (await fetch(`${api.url}/api/v1/ghost-trips`, { headers: auth })).json()) as { count: number; trips: Array<{ tripId: string }> }
    expect(ghosts.count).toBeGreaterThan(50)
    const worked = new Set([...api.fleet.all()].flatMap((v) => (v.match?.tripId ? [v.match.tripId] : [])))
    expect(ghosts.trips.filter((t) => worked.has(t.tripId))).toEqual([])
    expect(kpi.onTimeByRoute.every((r) => r.events > 0 && r.onTimeShare >= 0 && r.onTimeShare <= 1)).toBe(true)

    // A rider at the next stop of a matched bus sees it coming, in real time
    const coming = [...api.fleet.all()].find((v) => v.match?.status === 'in-service' && v.match.nextStopId && v.match.nextStopIndex! < schedule.trips.get(v.match.tripId!)!.stopIds.length - 1)!
    const atStop = (await (await fetch(`${api.url}/api/v1/stops/${coming.match!.nextStopId}/arrivals?limit=10`)).json()) as { arrivals: Array<{ vehicleId: string | null; realtime: boolean; minutes: number }> }
    expect(atStop.arrivals.find((a) => a.vehicleId === coming.vehicleId)).toMatchObject({ realtime: true })
    // …on the live stream, subscribed to that stop, in English
    const { default: WebSocket } = await import('ws')
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/api/v1/live?stops=${coming.match!.nextStopId}&lang=en`)
    const pushed = await new Promise<{ stopId: string; arrivals: Array<{ vehicleId: string | null; headsign: string | null }> }>((resolve, reject) => {
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as LiveMessage
        if (!Value.Check(LiveMessage, message)) reject(new Error(`a live message breaks the model's LiveMessage: ${JSON.stringify(message).slice(0, 500)}`))
        if (message.type === 'arrivals') resolve(message)
      })
      socket.once('error', reject)
    })
    socket.close()
    expect(pushed.stopId).toBe(coming.match!.nextStopId)
    const comingTrip = schedule.trips.get(coming.match!.tripId!)!
    expect(pushed.arrivals.find((a) => a.vehicleId === coming.vehicleId)?.headsign).toBe(comingTrip.headsignTranslations?.en ?? comingTrip.headsign)
    // …and by SMS, with the stop's code; and following the bus along its trip
    const code = schedule.stops.get(coming.match!.nextStopId!)!.code!
    const sms = (await (await fetch(`${api.url}/api/v1/sms/inbound`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sms-gateway-secret': 'an-end-to-end-sms-secret' }, body: JSON.stringify({ from: '+962790000000', text: `موقف ${code}` }) })).json()) as { reply: string; lang: string; segments: number }
    expect(sms.lang).toBe('ar')
    expect(sms.reply).toContain(schedule.stops.get(coming.match!.nextStopId!)!.name)
    expect(sms.segments).toBe(1)
    const followed = (await (await fetch(`${api.url}/api/v1/trips/${coming.match!.tripId}?lang=en`)).json()) as { vehicle: { vehicleId: string }; stops: Array<{ passed: boolean; expectedAt: string | null }> }
    expect(followed.vehicle.vehicleId).toBe(coming.vehicleId)
    expect(followed.stops.filter((s) => !s.passed).every((s) => s.expectedAt !== null)).toBe(true)
    expect(followed.stops.some((s) => s.passed)).toBe(true)

    // Stop events: stored, and their arrival times near the true ones
    const { rows: events } = await database.pool.query<{ vehicle_id: string; trip_id: string; stop_index: number; arrival_at: Date }>('SELECT vehicle_id, trip_id, stop_index, arrival_at FROM stop_events')
    expect(events.length).toBeGreaterThan(100)
    const trueArrival = new Map(truth.flatMap((e) => (e.kind === 'visit' ? [[`${e.visit.tripId}:${e.visit.stopSequence}`, e.visit.arrivalMs] as const] : [])))
    const errorsS = events.map((e) => trueArrival.get(`${e.trip_id}:${e.stop_index}`)).flatMap((ms, i) => (ms === undefined ? [] : [Math.abs(events[i]!.arrival_at.getTime() - ms) / 1000])).sort((a, b) => a - b)
    expect(errorsS.length).toBeGreaterThan(100)
    const median = errorsS[Math.floor(errorsS.length / 2)]!
    console.log(`end-to-end: ${events.length} stop events, median arrival error ${median.toFixed(0)} s`)
    expect(median).toBeLessThan(60)

    // A restart is invisible: a new engine rebuilds the fleet and its matches from the stored track, and stores
    // no stop event a second time
    const restarted = await startTestRealtime({ databaseUrl: realtimeDb.url, pool: realtimeDb.pool, broker, topicFilter: formatPositionTopicFilter(agencyId), logger: serviceLogger(), now: () => simNowMs })
    try {
      const fleet = restarted.engine!.fleet
      expect(fleet.size).toBe(realtime.engine!.fleet.size)
      let same = 0
      for (const vehicle of realtime.engine!.fleet.all()) if (vehicle.match?.tripId && fleet.get(vehicle.vehicleId)?.match?.tripId === vehicle.match.tripId) same += 1
      const matched = [...realtime.engine!.fleet.all()].filter((v) => v.match?.tripId).length
      console.log(`end-to-end: after a restart ${same}/${matched} buses keep their trip`)
      expect(same / matched).toBeGreaterThanOrEqual(0.9)
      await restarted.stop() // stores what it found again
      const { rows: [twice] } = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM stop_events GROUP BY trip_id, service_date, stop_index HAVING count(*) > 1) d')
      expect(twice!.n).toBe(0)
    } finally {
      await restarted.stopAndClear()
    }
  }, 300_000)

  it('follows a bus through every source (OsmAnd, Traccar JSON, URL and MQTT, GTFS-Realtime and SIRI-VM feeds) onto the api\'s live fleet and its GTFS-Realtime vehicle positions', async () => {
    const fixMs = Math.floor(simNowMs / 1000) * 1000 + 1000
    simNowMs = fixMs
    vendorOn = true
    const id = (source: string) => `${source}-${process.pid}`
    const fixTime = new Date(fixMs).toISOString()
    const traccarBody = (uniqueId: string, latitude: number) => JSON.stringify({
      position: { deviceId: 1, protocol: 'teltonika', fixTime, deviceTime: fixTime, serverTime: fixTime, valid: true, latitude, longitude: 35.9106, altitude: 800, speed: 10, course: 90, accuracy: 0, attributes: {} },
      device: { id: 1, name: uniqueId, uniqueId, status: 'online' },
    })
    const expected: Record<string, number> = { [id('osmand')]: 31.9501, [id('traccar-json')]: 31.9502, [id('traccar-url')]: 31.9503, [id('traccar-mqtt')]: 31.9504, [id('gtfsrt')]: 31.9601, [id('siri')]: 31.9702 }
    expect((await fetch(`${ingest.sourcesUrl}/?id=${id('osmand')}&timestamp=${fixMs / 1000}&lat=31.9501&lon=35.9106&speed=10&bearing=90`)).status).toBe(200)
    expect((await fetch(`${ingest.sourcesUrl}/traccar/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: traccarBody(id('traccar-json'), 31.9502) })).status).toBe(200)
    expect((await fetch(`${ingest.sourcesUrl}/traccar/url?${new URLSearchParams({ id: id('traccar-url'), fixTime: String(fixMs), lat: '31.9503', lon: '35.9106', speed: '10.0', course: '90.0', accuracy: '0.0', altitude: '800.0', attributes: '{}' })}`)).status).toBe(200)
    const traccar = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion, clientId: `e2e-traccar-${process.pid}` })
    await traccar.publishAsync(`traccar/depot-${process.pid}/positions`, traccarBody(id('traccar-mqtt'), 31.9504), { qos: 1 })
    await traccar.endAsync()
    // the vendor feeds answer with one bus each at the clock, polled every second
    await vi.waitFor(() => {
      for (const vehicleId of Object.keys(expected)) expect(api.fleet.get(vehicleId), vehicleId).toMatchObject({ vehicleId })
    }, { timeout: 30_000, interval: 100 })
    simNowMs += 1000
    await realtime.publishNow()
    await vi.waitFor(async () => {
      const feed = FeedMessage.decode(new Uint8Array(await (await fetch(`${api.url}/gtfs-rt/vehicle-positions.pb`)).arrayBuffer()))
      const latitudes = Object.fromEntries(feed.entity.filter((e) => e.vehicle?.vehicle?.id && e.vehicle.vehicle.id in expected).map((e) => [e.vehicle!.vehicle!.id!, Math.round(e.vehicle!.position!.latitude * 1e4) / 1e4]))
      expect(latitudes).toEqual(expected)
    }, { timeout: 30_000, interval: 250 })
  }, 120_000)

  it('ran ingest, the engine and the api each with its own role\'s privileges alone: nothing refused', () => {
    if (!database.embedded) expect(logins.map((login) => login.service)).toEqual(['ingest', 'realtime', 'api'])
    expect(serviceLogs.filter((line) => /permission denied/i.test(line))).toEqual([])
  })
})
