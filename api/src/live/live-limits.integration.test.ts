import pino from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { connectLive, liveUrlOf, openedOf, type LiveClient, type LiveConnection } from '../testing/live-client.js'
import { startTestApi, type TestApi } from '../testing/start-test-api.js'

/**
 * Issue #17: live connections were unbounded (no cap per address or in all, no heartbeat, a 4 MiB send buffer
 * each): about 400 idle sockets took the pod past its memory limit. Here: a per-address cap and a total cap, both
 * refusing before the handshake with a code that says which, the slot given back when a client leaves, and a client
 * that stops answering pings dropped. Client addresses come from X-Forwarded-For, believed from the trusted proxy.
 */
const PER_ADDRESS = 2
const TOTAL = 4
let test: TestApi
let open: LiveClient[] = []

const from = (address: string, options: Parameters<typeof connectLive>[1] = {}) =>
  connectLive(liveUrlOf(test.api.url), { ...options, headers: { 'x-forwarded-for': address, ...options.headers } })
async function opened(address: string, options: Parameters<typeof connectLive>[1] = {}): Promise<LiveClient> {
  const client = openedOf(await from(address, options))
  open.push(client)
  return client
}
const refusal = (connection: LiveConnection) => ('refused' in connection ? [connection.refused.status, (JSON.parse(connection.refused.body) as { code: string }).code] : 'opened')
/** A counter's value from the api's metrics port (a scrape that fails fails the test: no silent 0). */
const metric = async (pattern: RegExp) => {
  const scrape = await fetch(`${test.api.metricsUrl}/metrics`)
  expect(scrape.status).toBe(200)
  return Number((await scrape.text()).match(pattern)?.[1] ?? 0)
}
async function closeAll(): Promise<void> {
  const closing = open.map(async (client) => {
    client.socket.close()
    await client.closed
  })
  open = []
  await Promise.all(closing)
  await vi.waitFor(async () => expect(await metric(/^masar_api_live_clients (\d+)/m)).toBe(0), { timeout: 10_000, interval: 50 })
}

beforeAll(async () => {
  test = await startTestApi({
    logger: pino({ level: 'warn' }),
    env: {
      TRUST_PROXY: 'loopback', RATE_LIMIT_PER_MINUTE: '100000', LIVE_MAX_CLIENTS: String(TOTAL), LIVE_MAX_CLIENTS_PER_ADDRESS: String(PER_ADDRESS),
      LIVE_PING_INTERVAL_MS: '300', LIVE_PONG_TIMEOUT_MS: '3000',
    },
  })
}, 180_000)
afterEach(closeAll)
afterAll(async () => {
  for (const client of open) client.socket.terminate()
  await test?.stop()
})

describe(`the live stream's limits (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('refuses a client address over its cap with 429 before the handshake, and takes it again once one of its streams closes', async () => {
    const first = await opened('203.0.113.1')
    await opened('203.0.113.1')
    const over = await from('203.0.113.1')
    expect(refusal(over)).toEqual([429, 'API_LIVE_ADDRESS_LIMIT'])
    await opened('203.0.113.2') // another address is not held to this one's cap
    first.socket.close()
    await first.closed
    open = open.filter((client) => client !== first)
    await vi.waitFor(async () => {
      const again = await from('203.0.113.1')
      if ('opened' in again) open.push(again.opened)
      expect(refusal(again)).toBe('opened')
    }, { timeout: 10_000, interval: 100 })
    expect(await metric(/^masar_api_live_refused_total\{reason="address"\} (\d+)/m)).toBeGreaterThanOrEqual(1)
  })

  it('refuses any client over the total cap with 503 before the handshake', async () => {
    for (const address of ['203.0.113.11', '203.0.113.11', '203.0.113.12', '203.0.113.12']) await opened(address)
    const over = await from('203.0.113.13')
    expect(refusal(over)).toEqual([503, 'API_LIVE_FULL'])
    expect(await metric(/^masar_api_live_refused_total\{reason="clients"\} (\d+)/m)).toBe(1)
    expect((await fetch(`${test.api.url}/api/v1/stops?q=Abdali`)).status).toBe(200) // riders' HTTP is not held to it
  })

  it('drops a client that does not answer pings, and keeps one that does', async () => {
    const silent = await opened('203.0.113.21', { ws: { autoPong: false } })
    const answering = await opened('203.0.113.22')
    expect(await silent.closed).toBe(1006) // ended by the server without a close frame
    expect(answering.socket.readyState).toBe(answering.socket.OPEN)
    expect(await metric(/^masar_api_live_dropped_total\{reason="pong_timeout"\} (\d+)/m)).toBe(1)
  }, 30_000)
})
