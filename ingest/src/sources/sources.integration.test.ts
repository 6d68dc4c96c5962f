import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { traccarMqttTopic, TRACCAR_JSON_PATH, TRACCAR_URL_PATH } from '@masar/model/telemetry/source-endpoints'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { TrackerProvisioning } from '@masar/platform/trackers/tracker-provisioning'
import mqtt from 'mqtt'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startIngest, type Ingest } from '../start-ingest.js'
import { ingestTestConfig } from '../testing/ingest-test-config.js'

let database: TestDatabase
let broker: TestBroker
let ingest: Ingest
let dir: string
let phoneToken: string
let traccarKey: string
let mqttSourceKey: string
const run = `${process.pid}${Date.now() % 100_000}`
const agencyId = `src${run}`
const clientId = `ingest-sources-${run}`
const phone = `phone-${run}`
const truck = `bus-imei-${run}`
const imei = `35630704${run}`.slice(0, 15)

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  dir = await mkdtemp(join(tmpdir(), 'masar-sources-'))
  const provisioning = new TrackerProvisioning(dir)
  phoneToken = (await provisioning.add([phone], agencyId))[0]!.password
  await provisioning.add([truck], agencyId, { deviceIds: [imei] })
  ;({ key: traccarKey } = await provisioning.addSource(`traccar-${run}`, agencyId))
  ;({ key: mqttSourceKey } = await provisioning.addSource(`traccar-mqtt-${run}`, agencyId, { autoRegister: true }))
  ingest = await startIngest({
    config: ingestTestConfig({
      databaseUrl: database.url, embeddedDatabase: database.embedded, broker, clientId,
      env: { SOURCES_HTTP_PORT: '0', SOURCES_CREDENTIALS_DIR: dir, SOURCES_TRACCAR_MQTT: 'true' },
    }),
    logger: pino({ level: 'warn' }), pool: database.pool,
  })
})
afterAll(async () => {
  await ingest?.stop()
  await broker?.close()
  await database?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function positionsOf(vehicleId: string) {
  const { rows } = await database.pool.query<{ recorded_at: Date; lat: number; lon: number; speed_mps: number | null; bearing_deg: number | null }>(
    'SELECT recorded_at, lat, lon, speed_mps, bearing_deg FROM vehicle_positions WHERE vehicle_id = $1 ORDER BY recorded_at', [vehicleId])
  return rows
}
async function rejectsOf(topic: string) {
  const { rows } = await database.pool.query<{ reason: string; vehicle_id: string | null; payload: Buffer }>('SELECT reason, vehicle_id, payload FROM ping_rejects WHERE topic = $1 ORDER BY received_at, reason', [topic])
  return rows
}
const seconds = (ms: number) => Math.floor(ms / 1000)

describe(`the sources through ${process.env.MQTT_URL ? 'Mosquitto' : 'embedded aedes'} into ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'}`, () => {
  it('takes a phone\'s OsmAnd fix with its token (speed in knots), stores a repeat once, refuses a wrong token and an unknown device', async () => {
    const fixMs = (seconds(Date.now()) - 30) * 1000
    const query = `id=${phone}&timestamp=${fixMs / 1000}&lat=31.95361&lon=35.91042&speed=10&bearing=87.5&altitude=800&accuracy=12&batt=76`
    const first = await fetch(`${ingest.sourcesUrl}/?${query}&token=${encodeURIComponent(phoneToken)}`)
    expect(first.status).toBe(200)
    const again = await fetch(`${ingest.sourcesUrl}/?${query}`, { method: 'POST', headers: { authorization: `Bearer ${phoneToken}` } })
    expect(again.status).toBe(200)
    await vi.waitFor(async () => expect(await positionsOf(phone)).toHaveLength(1), { timeout: 20_000, interval: 100 })
    const [stored] = await positionsOf(phone)
    expect(stored!.recorded_at.getTime()).toBe(fixMs)
    expect(stored!.speed_mps).toBeCloseTo(5.144, 2)
    expect(stored!.bearing_deg).toBe(87.5)

    const wrong = await fetch(`${ingest.sourcesUrl}/?${query.replace('lat=31.95361', 'lat=31.954')}&token=not-the-token`)
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toMatchObject({ code: 'unauthenticated' })
    const stranger = await fetch(`${ingest.sourcesUrl}/?id=stranger-${run}&lat=31.9&lon=35.9&timestamp=${seconds(Date.now())}&token=x`)
    expect(stranger.status).toBe(403)
    expect(await stranger.json()).toMatchObject({ code: 'unknown_device' })
    const impossible = await fetch(`${ingest.sourcesUrl}/?id=${phone}&lat=91.5&lon=35.9&timestamp=${seconds(Date.now())}&token=${encodeURIComponent(phoneToken)}`)
    expect(impossible.status).toBe(400)
    expect(await impossible.json()).toMatchObject({ code: 'out_of_range' })
    await vi.waitFor(async () => expect((await rejectsOf('source/osmand')).filter((r) => r.vehicle_id === phone || r.vehicle_id === `stranger-${run}`).map((r) => r.reason).sort()).toEqual(['out_of_range', 'unauthenticated', 'unknown_device']), { timeout: 20_000, interval: 100 })
    // a token never lands in the dead letters
    for (const reject of await rejectsOf('source/osmand')) expect(reject.payload.toString()).not.toContain(phoneToken)
    expect(await positionsOf(phone)).toHaveLength(1)
  })

  it('takes Traccar\'s JSON forwarder by its key, mapping the device\'s uniqueId (IMEI) to its vehicle; refuses no key and a malformed body', async () => {
    const fixTime = new Date(seconds(Date.now()) * 1000 - 20_000).toISOString()
    const body = {
      position: { id: 1, deviceId: 7, protocol: 'teltonika', serverTime: fixTime, deviceTime: fixTime, fixTime, outdated: false, valid: true, latitude: 31.9711, longitude: 35.8369, altitude: 790, speed: 20, course: 181, accuracy: 0, attributes: { ignition: true, motion: true } },
      device: { id: 7, name: 'Bus 14', uniqueId: imei, status: 'online', lastUpdate: fixTime, disabled: false },
    }
    const sent = await fetch(`${ingest.sourcesUrl}${TRACCAR_JSON_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${traccarKey}` }, body: JSON.stringify(body) })
    expect(sent.status).toBe(200)
    await vi.waitFor(async () => expect(await positionsOf(truck)).toHaveLength(1), { timeout: 20_000, interval: 100 })
    expect((await positionsOf(truck))[0]).toMatchObject({ lat: 31.9711, lon: 35.8369, bearing_deg: 181 })
    expect((await positionsOf(truck))[0]!.speed_mps).toBeCloseTo(10.289, 2)

    const keyless = await fetch(`${ingest.sourcesUrl}${TRACCAR_JSON_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(keyless.status).toBe(401)
    const broken = await fetch(`${ingest.sourcesUrl}${TRACCAR_JSON_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${traccarKey}` }, body: '<html>502 Bad Gateway</html>' })
    expect(broken.status).toBe(400)
    expect(await broken.json()).toMatchObject({ code: 'malformed_body' })
    await vi.waitFor(async () => expect((await rejectsOf('source/traccar-json')).map((r) => r.reason).sort()).toEqual(expect.arrayContaining(['malformed_body', 'unauthenticated'])), { timeout: 20_000, interval: 100 })
  })

  it('takes Traccar\'s URL forwarder by its key', async () => {
    const fixMs = seconds(Date.now()) * 1000 - 15_000
    const query = new URLSearchParams({ key: traccarKey, id: imei, fixTime: String(fixMs), lat: '31.9722', lon: '35.8377', speed: '0', course: '90', accuracy: '5', altitude: '780', attributes: JSON.stringify({ ignition: true }) })
    const sent = await fetch(`${ingest.sourcesUrl}${TRACCAR_URL_PATH}?${query}`)
    expect([sent.status, await sent.text()]).toEqual([200, expect.any(String)])
    await vi.waitFor(async () => expect((await positionsOf(truck)).map((p) => p.recorded_at.getTime())).toContain(fixMs), { timeout: 20_000, interval: 100 })
  })

  it('takes Traccar\'s MQTT forwarder on its source\'s topic, registering an unknown device when the source may', async () => {
    expect(mqttSourceKey).toBeTruthy() // the broker authenticates it in production; the topic names the source
    const device = `auto-${run}`
    const fixTime = new Date(seconds(Date.now()) * 1000 - 10_000).toISOString()
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion, clientId: `traccar-${run}` })
    await client.publishAsync(traccarMqttTopic(`traccar-mqtt-${run}`), JSON.stringify({
      position: { deviceId: 9, protocol: 'osmand', fixTime, deviceTime: fixTime, serverTime: fixTime, valid: true, latitude: 31.95, longitude: 35.93, altitude: 0, speed: 0, course: 0, accuracy: 0, attributes: {} },
      device: { id: 9, name: 'new', uniqueId: device, status: 'online' },
    }), { qos: 1 })
    // a topic naming no provisioned source is refused
    await client.publishAsync(traccarMqttTopic(`nobody-${run}`), JSON.stringify({ position: { fixTime, latitude: 31.9, longitude: 35.9 }, device: { uniqueId: device } }), { qos: 1 })
    await client.endAsync()
    await vi.waitFor(async () => expect(await positionsOf(device)).toHaveLength(1), { timeout: 20_000, interval: 100 })
    await vi.waitFor(async () => expect((await rejectsOf('source/traccar-mqtt')).map((r) => r.reason)).toContain('unauthenticated'), { timeout: 20_000, interval: 100 })
    const metrics = await (await fetch(`${ingest.httpUrl}/metrics`)).text()
    expect(metrics).toMatch(/masar_ingest_devices_registered_total\{source="traccar-mqtt"\} 1/)
    expect(metrics).toMatch(/masar_ingest_source_fixes_total\{source="osmand",outcome="published"\} 2/)
  })

  it('lets the driver declare the phone\'s trip from its page: stamped on the bus\'s fixes until the driver ends it', async () => {
    const page = `${ingest.sourcesUrl}/driver?id=${phone}&token=${encodeURIComponent(phoneToken)}`
    const arabic = await fetch(page)
    expect(arabic.status).toBe(200)
    expect(await arabic.text()).toMatch(/<html lang="ar" dir="rtl">[\s\S]*لا رحلة معلنة/)
    const english = await (await fetch(page, { headers: { 'accept-language': 'en-GB,en;q=0.9,ar;q=0.5' } })).text()
    expect(english).toMatch(/<html lang="en" dir="ltr">[\s\S]*No trip declared/)
    expect((await fetch(`${ingest.sourcesUrl}/driver?id=${phone}&token=wrong`)).status).toBe(401)

    // the page's own form: a urlencoded POST answered with 303 back to the page
    const form = new URLSearchParams({ id: phone, token: phoneToken, lang: 'en', action: 'start', tripId: '99_0715' })
    const declared = await fetch(`${ingest.sourcesUrl}/driver`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' })
    expect(declared.status).toBe(303)
    expect(await (await fetch(new URL(declared.headers.get('location')!, ingest.sourcesUrl!))).text()).toMatch(/Trip declared now: <strong dir="ltr">99_0715/)
    const stranger = await fetch(`${ingest.sourcesUrl}/driver`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: phone, token: 'wrong', action: 'start', tripId: 'x' }) })
    expect(stranger.status).toBe(401)

    const send = (s: number) => fetch(`${ingest.sourcesUrl}/?id=${phone}&timestamp=${s}&lat=31.96&lon=35.92&token=${encodeURIComponent(phoneToken)}`)
    const during = seconds(Date.now()) - 5
    expect((await send(during)).status).toBe(200)
    const ended = await fetch(`${ingest.sourcesUrl}/driver`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: phone, token: phoneToken, action: 'end' }) })
    expect(await ended.json()).toEqual({ vehicleId: phone, tripId: null, status: 'ended' })
    expect((await send(during + 1)).status).toBe(200)
    await vi.waitFor(async () => {
      const { rows } = await database.pool.query<{ s: number; trip_id: string | null }>('SELECT extract(epoch FROM recorded_at)::int AS s, trip_id FROM vehicle_positions WHERE vehicle_id = $1 AND recorded_at >= to_timestamp($2)', [phone, during])
      expect(rows.sort((a, b) => a.s - b.s)).toEqual([{ s: during, trip_id: '99_0715' }, { s: during + 1, trip_id: null }])
    }, { timeout: 20_000, interval: 200 })
  })

  it('refuses a tracker once it is removed from the provisioning, without a restart', async () => {
    await new TrackerProvisioning(dir).remove(phone)
    await vi.waitFor(async () => {
      const response = await fetch(`${ingest.sourcesUrl}/?id=${phone}&lat=31.9&lon=35.9&timestamp=${seconds(Date.now())}&token=${encodeURIComponent(phoneToken)}`)
      expect(response.status).toBe(403)
    }, { timeout: 20_000, interval: 500 })
  })
})
