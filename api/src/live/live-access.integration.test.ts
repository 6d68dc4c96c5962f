import { DispatcherLiveMessage, LIVE_PROTOCOL, liveProtocolsOf, RiderLiveMessage, LIVE_REVOKED_CLOSE_CODE } from '@masar/model/api/live'
import { formatPositionTopic } from '@masar/model/telemetry/topics'
import { Value } from '@sinclair/typebox/value'
import mqtt from 'mqtt'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { issueToken } from '../auth/tokens.js'
import { connectLive, DISPATCHER_ONLY_FIELDS, liveUrlOf, openedOf, vehiclesIn, type LiveClient } from '../testing/live-client.js'
import { signIn, startTestApi, TEST_ADMIN_PASSWORD, TEST_TOKEN_SECRET, type TestApi } from '../testing/start-test-api.js'

/**
 * Issue #17: the anonymous live stream leaked the dispatcher's view (phase — deadhead, at the depot —, block,
 * schedule deviation, off-route) that GET /api/v1/vehicles keeps to dispatchers. The attack: connect without a
 * token and read those fields from the snapshot and the updates. Anyone now gets the riders' view; a dispatcher's
 * token (the bearer subprotocol a browser can send, or Authorization) gets the full view; a forged or expired one
 * is refused before the handshake.
 */
const DISPATCHER_ONLY = DISPATCHER_ONLY_FIELDS
const agencyId = `test${process.pid}` // startTestApi's topic filter
let test: TestApi
let token: string
const open: LiveClient[] = []

async function publish(vehicleId: string, ping: Record<string, unknown>): Promise<void> {
  const client = await mqtt.connectAsync(test.broker.url, { protocolVersion: test.broker.protocolVersion, clientId: `${agencyId}-${vehicleId}-${Date.now()}` })
  await client.publishAsync(formatPositionTopic(agencyId, vehicleId), JSON.stringify(ping), { qos: 1 })
  await client.endAsync()
}

async function connect(options: Parameters<typeof connectLive>[1] = {}): Promise<LiveClient> {
  const client = openedOf(await connectLive(liveUrlOf(test.api.url), options))
  open.push(client)
  return client
}

/** A snapshot holding the bus, then the bus's next fix as an update. */
async function snapshotAndUpdate(client: LiveClient, vehicleId: string, lat: number): Promise<void> {
  await vi.waitFor(() => expect(client.messages[0]?.type).toBe('snapshot'), { timeout: 10_000, interval: 20 })
  await publish(vehicleId, { ts: Date.now(), lat, lon: 35.91, speed: 5, bearing: 90, occupancy: 'FEW_SEATS_AVAILABLE' })
  await vi.waitFor(() => expect(client.messages.some((m) => m.type === 'vehicle' && (m.vehicle as { lat: number }).lat === lat)).toBe(true), { timeout: 10_000, interval: 20 })
}

beforeAll(async () => {
  // pinged (and a dispatcher's stream authorised again) every half second: the revoked stream below ends quickly
  test = await startTestApi({ logger: pino({ level: 'warn' }), env: { API_CHECK_RESPONSES: 'true', LIVE_PING_INTERVAL_MS: '500' } }) // also registers the date-time format Value.Check reads
  token = (await signIn(test.api.url, 'admin', TEST_ADMIN_PASSWORD)).authorization!.slice('Bearer '.length)
  await publish('bus-live-1', { ts: Date.now(), lat: 31.953, lon: 35.91, speed: 0 })
  await vi.waitFor(() => expect(test.api.fleet.get('bus-live-1')).toBeDefined(), { timeout: 20_000, interval: 50 })
}, 180_000)
afterAll(async () => {
  for (const client of open) client.socket.terminate()
  await test?.stop()
})

describe(`the live stream's views (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('sends an anonymous client the riders\' view only: no dispatcher-only field in the snapshot or the updates', async () => {
    expect(DISPATCHER_ONLY).toEqual(expect.arrayContaining(['phase', 'blockId', 'scheduleDeviationS', 'offRoute', 'declaredTripId']))
    const anonymous = await connect()
    await snapshotAndUpdate(anonymous, 'bus-live-1', 31.9531)
    const vehicles = vehiclesIn(anonymous.messages)
    expect(vehicles.map((v) => v.vehicleId)).toContain('bus-live-1')
    for (const vehicle of vehicles) expect(DISPATCHER_ONLY.filter((field) => field in vehicle), JSON.stringify(vehicle)).toEqual([])
    for (const message of anonymous.messages) expect(Value.Check(RiderLiveMessage, message), JSON.stringify(message)).toBe(true)
    const update = vehicles.at(-1)!
    expect(update).toMatchObject({ vehicleId: 'bus-live-1', lat: 31.9531, lon: 35.91, bearingDeg: 90, occupancy: 'FEW_SEATS_AVAILABLE', health: 'fresh' })
  })

  it('sends a dispatcher who offers the bearer subprotocol the full view, and never echoes the token', async () => {
    const dispatcher = await connect({ protocols: liveProtocolsOf(token) })
    expect(dispatcher.socket.protocol).toBe(LIVE_PROTOCOL)
    await snapshotAndUpdate(dispatcher, 'bus-live-1', 31.9532)
    for (const message of dispatcher.messages) expect(Value.Check(DispatcherLiveMessage, message), JSON.stringify(message)).toBe(true)
    for (const vehicle of vehiclesIn(dispatcher.messages)) expect(DISPATCHER_ONLY.filter((field) => !(field in vehicle))).toEqual([])
    // a client that is not a browser may send the header instead
    const withHeader = await connect({ headers: { authorization: `Bearer ${token}` } })
    await vi.waitFor(() => expect(withHeader.messages[0]?.type).toBe('snapshot'), { timeout: 10_000, interval: 20 })
    expect(vehiclesIn(withHeader.messages).every((v) => 'phase' in v)).toBe(true)
  })

  it('refuses a forged, an expired or an empty token before the handshake (401), rather than serve it as anonymous', async () => {
    const forged = issueToken({ sub: 'admin', aid: 1, role: 'admin', gen: 0, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 }, 'some-other-secret-that-is-long-enough-000')
    const expired = issueToken({ sub: 'admin', aid: 1, role: 'admin', gen: 0, iat: Math.floor(Date.now() / 1000) - 600, exp: Math.floor(Date.now() / 1000) - 1 }, TEST_TOKEN_SECRET)
    for (const options of [{ protocols: liveProtocolsOf(forged) }, { protocols: liveProtocolsOf(expired) }, { protocols: [LIVE_PROTOCOL, 'masar.bearer.'] }, { headers: { authorization: `Bearer ${forged}` } }]) {
      const connection = await connectLive(liveUrlOf(test.api.url), options)
      expect('refused' in connection ? [connection.refused.status, JSON.parse(connection.refused.body).code] : 'opened', JSON.stringify(options).slice(0, 80)).toEqual([401, 'API_UNAUTHENTICATED'])
    }
  })

  it('refuses a token its account signed out (revoked on every replica), at the handshake and not only on HTTP', async () => {
    const session = await signIn(test.api.url, 'admin', TEST_ADMIN_PASSWORD)
    const revoked = session.authorization!.slice('Bearer '.length)
    const streaming = await connect({ protocols: liveProtocolsOf(revoked) })
    const closed = new Promise<number>((resolve) => streaming.socket.once('close', (code: number) => resolve(code)))
    const signedOut = await fetch(`${test.api.url}/api/v1/auth/logout`, { method: 'POST', headers: session })
    expect(signedOut.status).toBeLessThan(300)
    const connection = await connectLive(liveUrlOf(test.api.url), { protocols: liveProtocolsOf(revoked) })
    expect('refused' in connection ? [connection.refused.status, JSON.parse(connection.refused.body).code] : 'opened').toEqual([401, 'API_UNAUTHENTICATED'])
    expect(await closed).toBe(LIVE_REVOKED_CLOSE_CODE) // the stream it had open ends at the next heartbeat
  })
})
