import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { TRACCAR_JSON_PATH, traccarMqttTopic } from '@masar/model/telemetry/source-endpoints'
import { formatPositionTopic } from '@masar/model/telemetry/topics'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import mqtt from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { createViaClients, type ViaClients } from './via-clients.js'

/**
 * The transports, against a stand-in for the sources' listener (the gateway is tested in ingest: here, what arrives
 * and how: kept-alive connections, retries, refusals), the real broker, and a real HTTP client for the feed.
 */
const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883'
const ping = (seq: number) => JSON.stringify({ ts: 1796631330000 + seq * 1000, lat: 31.95, lon: 35.91, speed: 5, bearing: 90, accuracy: 3, seq })
const topic = (vehicleId: string, kind: 'position' | 'positions' = 'position') => formatPositionTopic('gam', vehicleId, kind)

interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; socket: unknown }
async function startGateway(answer: (seen: Seen, index: number) => number) {
  const seen: Seen[] = []
  const server = http.createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += String(chunk)
    const entry = { method: req.method!, url: req.url!, headers: req.headers, body, socket: req.socket }
    seen.push(entry)
    res.writeHead(answer(entry, seen.length - 1)).end()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r) }) }
}

let cleanup: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})
const track = (clients: ViaClients) => (cleanup.push(() => clients.close()), clients)

describe('createViaClients', () => {
  it('osmand: one GET per fix (a batch fix by fix, in order) over a kept-alive connection, with the token', async () => {
    const gateway = await startGateway(() => 200)
    cleanup.push(gateway.close)
    const clients = track(await createViaClients({ via: 'osmand', gatewayUrl: gateway.url, tokenOf: (vehicleId) => `tok-${vehicleId}` }))
    await clients.publish('bus-0001', topic('bus-0001'), ping(0))
    await clients.publish('bus-0001', topic('bus-0001', 'positions'), `[${ping(1)},${ping(2)}]`)
    await clients.publish('bus-0001', topic('bus-0001'), '{"not":"a ping"')
    await clients.close()
    expect(gateway.seen.map((s) => s.method)).toEqual(['GET', 'GET', 'GET'])
    expect(gateway.seen.map((s) => new URL(s.url, gateway.url).searchParams.get('timestamp'))).toEqual(['1796631330', '1796631331', '1796631332'])
    expect(new URL(gateway.seen[0]!.url, gateway.url).searchParams.get('token')).toBe('tok-bus-0001')
    expect(new Set(gateway.seen.map((s) => s.socket)).size).toBe(1) // keep-alive: one connection for all
    expect(clients.report()).toMatchObject({ via: 'osmand', fixes: 3, skipped: 1, http: { accepted: 3, refused: 0, retries: 0 } })
  })

  it('traccar-json: POSTs {position, device} with the bearer key; retries what is not answered 2xx, drops what is refused 4xx', async () => {
    const gateway = await startGateway((_, index) => [503, 200, 401][index] ?? 200)
    cleanup.push(gateway.close)
    const clients = track(await createViaClients({ via: 'traccar-json', gatewayUrl: `${gateway.url}/`, key: 'source-key' }))
    await clients.publish('bus-0007', topic('bus-0007'), ping(0))
    await clients.publish('bus-0007', topic('bus-0007'), ping(1))
    await clients.close()
    expect(gateway.seen.map((s) => [s.method, s.url])).toEqual([['POST', TRACCAR_JSON_PATH], ['POST', TRACCAR_JSON_PATH], ['POST', TRACCAR_JSON_PATH]])
    expect(gateway.seen[0]!.headers).toMatchObject({ authorization: 'Bearer source-key', 'content-type': 'application/json' })
    expect(gateway.seen[0]!.body).toBe(gateway.seen[1]!.body) // the same fix again
    expect(JSON.parse(gateway.seen[2]!.body)).toMatchObject({ device: { uniqueId: 'bus-0007', id: 1 }, position: { deviceId: 1, fixTime: '2026-12-07T08:15:31.000+00:00' } })
    expect(clients.report().http).toEqual({ accepted: 1, refused: 1, retries: 1, abandoned: 0, refusedByStatus: { 401: 1 } })
  })

  it('gives up on what is still unanswered when closed (the gateway away), and says so', async () => {
    const gateway = await startGateway(() => 503)
    cleanup.push(gateway.close)
    const clients = track(await createViaClients({ via: 'osmand', gatewayUrl: gateway.url, closeGraceMs: 300 }))
    await clients.publish('bus-0009', topic('bus-0009', 'positions'), `[${ping(0)},${ping(1)}]`)
    await clients.close()
    expect(clients.report().http).toMatchObject({ accepted: 0, refused: 0, abandoned: 2 })
    expect(clients.report().http!.retries).toBeGreaterThan(0)
    expect(new Set(gateway.seen.map((s) => s.url)).size).toBe(1) // the first fix again and again; the second waits its turn
  })

  it('traccar-url: a GET of the forward.url Masar documents, the key in its query', async () => {
    const gateway = await startGateway(() => 200)
    cleanup.push(gateway.close)
    const clients = track(await createViaClients({ via: 'traccar-url', gatewayUrl: gateway.url, key: 'k' }))
    await clients.publish('bus-0003', topic('bus-0003'), ping(0))
    await clients.close()
    const url = new URL(gateway.seen[0]!.url, gateway.url)
    expect(url.pathname).toBe('/traccar/url')
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ key: 'k', id: 'bus-0003', fixTime: '1796631330000', lat: '31.95', lon: '35.91', course: '90.0' })
  })

  it('traccar-mqtt: publishes the JSON forward on traccar/{sourceId}/positions at QoS 1', async () => {
    const subscriber = await mqtt.connectAsync(MQTT_URL, { clientId: `sim-via-test-${process.pid}` })
    cleanup.push(() => subscriber.endAsync())
    const received: string[] = []
    subscriber.on('message', (_, payload) => received.push(payload.toString()))
    await subscriber.subscribeAsync(traccarMqttTopic('sim-test'), { qos: 1 })
    const clients = track(await createViaClients({ via: 'traccar-mqtt', gatewayUrl: '', mqttUrl: MQTT_URL, sourceId: 'sim-test' }))
    await clients.publish('bus-0004', topic('bus-0004', 'positions'), `[${ping(0)},${ping(1)}]`)
    await clients.close()
    await expect.poll(() => received.length).toBe(2)
    expect(received.map((r) => (JSON.parse(r) as { device: { uniqueId: string } }).device.uniqueId)).toEqual(['bus-0004', 'bus-0004'])
    expect(clients.report()).toMatchObject({ fixes: 2, mqttAcknowledged: 2 })
  })

  it('gtfs-rt: serves the latest fix of each vehicle as a protobuf feed with an ETag, 304 while unchanged', async () => {
    const clients = track(await createViaClients({ via: 'gtfs-rt', gatewayUrl: '', servePort: 0 }))
    await clients.publish('bus-0001', topic('bus-0001'), ping(0))
    await clients.publish('bus-0001', topic('bus-0001'), ping(5))
    await clients.publish('bus-0002', topic('bus-0002'), ping(1))
    const feedUrl = clients.report().feedUrl!
    const first = await fetch(feedUrl)
    expect(first.headers.get('content-type')).toBe('application/x-protobuf')
    const feed = GtfsRealtimeBindings.transit_realtime.FeedMessage.decode(new Uint8Array(await first.arrayBuffer()))
    expect(feed.entity.map((e) => [e.id, Number(e.vehicle!.timestamp)])).toEqual([['bus-0001', 1796631335], ['bus-0002', 1796631331]])
    const etag = first.headers.get('etag')!
    expect((await fetch(feedUrl, { headers: { 'if-none-match': etag } })).status).toBe(304)
    await clients.publish('bus-0002', topic('bus-0002'), ping(9))
    const changed = await fetch(feedUrl, { headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect(clients.report().feedsServed).toEqual({ full: 2, notModified: 1 })
  })
})
