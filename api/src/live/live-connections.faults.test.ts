import { publishLoad } from '@masar/simulators/load/publish-load'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { PROCESS_ADMIN_PASSWORD, startApiProcess, type ApiProcessStack } from '../testing/api-process.js'
import { connectLive, liveUrlOf, type LiveClient, type LiveConnection } from '../testing/live-client.js'

/**
 * Issue #17: more live streams than an api reader may hold, opened from several client addresses (127.0.0.2–.5:
 * loopback aliases, each a client of its own), some of them never reading what they are sent. The api, in its own
 * process as production runs it, refuses the extra before the handshake — 429 over an address's cap, 503 over the
 * total — while the streams it holds keep receiving the fleet and riders' HTTP endpoints keep answering; a slot
 * freed is taken again. Both stacks (embedded, or DATABASE_URL's PostgreSQL and MQTT_URL's broker).
 */
const PER_ADDRESS = 10
/** One more than three addresses' caps: the third address meets its own cap, the fourth the total's. */
const TOTAL = 3 * PER_ADDRESS + 1
const agencyId = `wsflood${process.pid}`
const NO_HANG = () => AbortSignal.timeout(20_000)

let stack: ApiProcessStack
const held: LiveClient[] = []

beforeAll(async () => {
  stack = await startApiProcess({
    agencyId, env: { LIVE_MAX_CLIENTS: String(TOTAL), LIVE_MAX_CLIENTS_PER_ADDRESS: String(PER_ADDRESS), RATE_LIMIT_PER_MINUTE: '100000', LIVE_MAX_BUFFERED_KIB: '16' },
  })
}, 180_000)
afterAll(async () => {
  for (const client of held) client.socket.terminate()
  await stack?.stop()
})

const from = (localAddress: string) => connectLive(liveUrlOf(stack.url), { ws: { localAddress } })
const refusalOf = (connection: LiveConnection) => ('refused' in connection ? `${connection.refused.status} ${(JSON.parse(connection.refused.body) as { code: string }).code}` : 'opened')
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.url}${path}`, { headers, signal: NO_HANG() })
const publish = (prefix: string, pingsPerVehicle = 2) => publishLoad({
  url: stack.broker.url, protocolVersion: stack.broker.protocolVersion, agencyId, vehicles: 5, pingsPerVehicle, fixTime: 'publish-time', vehicleIdOf: (i) => `${prefix}-${i}`,
})
const metric = async (pattern: RegExp) => {
  const scrape = await fetch(`${stack.metricsUrl}/metrics`, { signal: NO_HANG() })
  expect(scrape.status).toBe(200)
  return Number((await scrape.text()).match(pattern)?.[1] ?? -1)
}

describe('more live streams than allowed, from several addresses', () => {
  it('refuses the extra before the handshake while riders and the streams it holds keep being served', async () => {
    await publish('before')
    const outcomes = new Map<string, string[]>()
    // three addresses ask for 12 streams each (10 allowed each), then a fourth for 3 (1 left of the total)
    for (const address of ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']) {
      const asked = address === '127.0.0.5' ? 3 : PER_ADDRESS + 2
      const connections = await Promise.all(Array.from({ length: asked }, () => from(address)))
      for (const connection of connections) if ('opened' in connection) held.push(connection.opened)
      // the third address's streams never read what they are sent (the attack of idle sockets)
      if (address === '127.0.0.4') for (const connection of connections) if ('opened' in connection) connection.opened.socket.pause()
      outcomes.set(address, connections.map(refusalOf).sort())
    }
    const count = (address: string, outcome: string) => outcomes.get(address)!.filter((o) => o === outcome).length
    for (const address of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) expect([count(address, 'opened'), count(address, '429 API_LIVE_ADDRESS_LIMIT')], address).toEqual([PER_ADDRESS, 2])
    expect(outcomes.get('127.0.0.5')).toEqual(['503 API_LIVE_FULL', '503 API_LIVE_FULL', 'opened'])
    expect(await metric(/^masar_api_live_clients (\d+)/m)).toBe(TOTAL)
    expect(await metric(/^masar_api_live_refused_total\{reason="address"\} (\d+)/m)).toBe(6)
    expect(await metric(/^masar_api_live_refused_total\{reason="clients"\} (\d+)/m)).toBe(2)

    // riders keep being served: stops, arrivals, the feeds
    const stops = (await (await get('/api/v1/stops?q=Abdali&lang=en')).json()) as { stops: Array<{ stopId: string }> }
    expect(stops.stops.length).toBeGreaterThan(0)
    expect((await get(`/api/v1/stops/${encodeURIComponent(stops.stops[0]!.stopId)}/arrivals`)).status).toBe(200)
    expect((await get('/gtfs-rt/vehicle-positions.pb')).status).toBe(200)
    expect((await get('/readyz')).status).toBe(200)
    // the streams it holds (those that read) receive the fleet's new fixes, a few rounds of them
    const reading = held.slice(0, 2 * PER_ADDRESS)
    await publish('during', 20)
    await vi.waitFor(() => {
      for (const client of reading) expect(client.messages.some((m) => m.type === 'vehicle' && String((m.vehicle as { vehicleId: string }).vehicleId).startsWith('during-'))).toBe(true)
    }, { timeout: 30_000, interval: 100 })
    const signedIn = await fetch(`${stack.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PROCESS_ADMIN_PASSWORD }), signal: NO_HANG() })
    expect(signedIn.status).toBe(200)

    // a slot freed (one address's streams closed) is taken again by an address that was refused
    for (const client of held.splice(0, PER_ADDRESS)) client.socket.close()
    await vi.waitFor(async () => expect(await metric(/^masar_api_live_clients (\d+)/m)).toBeLessThanOrEqual(TOTAL - PER_ADDRESS), { timeout: 20_000, interval: 100 })
    const again = await from('127.0.0.5')
    expect(refusalOf(again)).toBe('opened')
    if ('opened' in again) held.push(again.opened)
  }, 180_000)
})
