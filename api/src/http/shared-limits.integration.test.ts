import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import pino from 'pino'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadApiConfig } from '../config.js'
import { startApi, type Api } from '../start-api.js'
import { startTestApi, TEST_TOKEN_SECRET, type TestApi } from '../testing/start-test-api.js'

/**
 * Behind a reverse proxy, and over two api replicas on one database (issue #16 §4, §5): each client address gets
 * its own rate limit, the limit and the sign-in lockout are one for both replicas, and parallel guesses cannot get
 * past the lockout. The proxy here does what nginx's `proxy_add_x_forwarded_for` does: it appends the address the
 * client connected from. Clients connect from 127.0.0.2 and 127.0.0.3 (Linux routes all of 127/8 to loopback).
 */
const LIMIT = 20
let one: TestApi
let two: Api
let proxy: { url: string; close(): Promise<void> }

/** A forwarding hop on 127.0.0.1: each request to the api with X-Forwarded-For: <what came>, <client address>. */
async function startForwardingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const forwarded = [request.headers['x-forwarded-for'], request.socket.remoteAddress].filter(Boolean).join(', ')
    const upstream = http.request(`${target}${request.url}`, { method: request.method, headers: { ...request.headers, 'x-forwarded-for': forwarded } }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(response)
    })
    upstream.on('error', () => response.writeHead(502).end())
    request.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** One GET from a given local address (a fresh connection), its status. */
function getFrom(localAddress: string, url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { localAddress, headers, agent: false }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    }).on('error', reject)
  })
}

const signIn = (url: string, username: string, password: string, address: string) =>
  fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ username, password }) })

/** Rate limits count in fixed minutes of the clock: start a sequence with at least `s` seconds of its minute left. */
async function withSecondsLeftInMinute(s: number): Promise<void> {
  const leftMs = 60_000 - (Date.now() % 60_000)
  if (leftMs < s * 1000) await new Promise((resolve) => setTimeout(resolve, leftMs + 50))
}

/** The requests of one client in this minute that the replicas have added to the shared counts. */
async function sharedHits(clientKey: string): Promise<number> {
  const { rows } = await one.database.pool.query<{ hits: number }>('SELECT hits FROM api_rate_limit_counts WHERE client_key = $1 AND window_start = $2', [clientKey, new Date(Math.floor(Date.now() / 60_000) * 60_000)])
  return rows[0]?.hits ?? 0
}

async function waitForSharedHits(clientKey: string, hits: number): Promise<void> {
  const deadline = Date.now() + 30_000
  while ((await sharedHits(clientKey)) !== hits) {
    if (Date.now() > deadline) throw new Error(`the shared count of ${clientKey} stayed at ${await sharedHits(clientKey)}, not ${hits}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

beforeAll(async () => {
  // a cheaper password hash than production's (API_PASSWORD_SCRYPT_N): this file checks 40 guesses at once
  const env = { TRUST_PROXY: '127.0.0.1', RATE_LIMIT_PER_MINUTE: String(LIMIT), API_PASSWORD_SCRYPT_N: '16384' }
  one = await startTestApi({ logger: pino({ level: 'error' }), env })
  const config = loadApiConfig({
    DATABASE_URL: one.database.url, MQTT_URL: one.broker.url, MQTT_PROTOCOL_VERSION: String(one.broker.protocolVersion), API_PORT: '0', METRICS_PORT: '0',
    MQTT_TOPIC_FILTER: formatPositionTopicFilter(`test${process.pid}`), MQTT_CLIENT_ID: `api-two-${process.pid}-${Date.now()}`, API_TOKEN_SECRET: TEST_TOKEN_SECRET, REALTIME_ENGINE_KEY: one.realtime.engineKey, ...env,
  })
  two = await startApi({ config, logger: pino({ level: 'error' }), pool: one.database.pool })
  await two.realtime.firstState
  proxy = await startForwardingProxy(one.api.url)
}, 180_000)
afterAll(async () => {
  await proxy?.close()
  await two?.stop()
  await one?.stop()
})

describe(`behind a proxy, over two replicas (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('gives each client address its own limit through the proxy: 40 requests from two addresses all answered', async () => {
    await withSecondsLeftInMinute(20)
    const statuses: Record<string, number[]> = { '127.0.0.2': [], '127.0.0.3': [] }
    for (let i = 0; i < 2 * LIMIT; i++) {
      const from = i % 2 ? '127.0.0.3' : '127.0.0.2'
      statuses[from]!.push(await getFrom(from, `${proxy.url}/gtfs-rt/alerts.pb`))
    }
    expect(statuses).toEqual({ '127.0.0.2': Array(LIMIT).fill(200), '127.0.0.3': Array(LIMIT).fill(200) })
    expect(await getFrom('127.0.0.2', `${proxy.url}/gtfs-rt/alerts.pb`)).toBe(429) // the 21st of one address
    // A client cannot choose its address: the proxy appends the real one, and straight to the api (not a trusted
    // proxy) the header is ignored.
    expect(await getFrom('127.0.0.3', `${proxy.url}/gtfs-rt/alerts.pb`, { 'x-forwarded-for': '203.0.113.50' })).toBe(429)
    expect(await getFrom('127.0.0.3', `${one.api.url}/gtfs-rt/alerts.pb`, { 'x-forwarded-for': '203.0.113.51' })).toBe(429)
    expect(await getFrom('127.0.0.4', `${proxy.url}/gtfs-rt/alerts.pb`)).toBe(200) // a third client is not limited
  })

  it('holds one rate limit over both replicas', async () => {
    await withSecondsLeftInMinute(15)
    const client = { 'x-forwarded-for': '198.51.100.7' } // from the trusted proxy's address (the test's 127.0.0.1)
    const key = 'ip:198.51.100.7'
    for (let i = 0; i < 12; i++) expect(await getFrom('127.0.0.1', `${one.api.url}/gtfs-rt/alerts.pb`, client)).toBe(200)
    await waitForSharedHits(key, 12) // replica one has added its counts (about once a second)
    expect(await getFrom('127.0.0.1', `${two.url}/gtfs-rt/alerts.pb`, client)).toBe(200)
    await waitForSharedHits(key, 13) // …and replica two its own, learning the total
    const onTwo = []
    for (let i = 0; i < 8; i++) onTwo.push(await getFrom('127.0.0.1', `${two.url}/gtfs-rt/alerts.pb`, client))
    expect(onTwo).toEqual([...Array(LIMIT - 13).fill(200), 429]) // 13 + 7 = the limit of 20
  })

  it('holds one sign-in throttle over both replicas: the guessing address is held back, not the account', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(i % 2 ? one.api.url : two.url, 'admin', `wrong-guess-${i}`, '192.0.2.10')).status).toBe(401)
    for (const url of [one.api.url, two.url]) {
      const held = await signIn(url, 'admin', 'test-admin-password', '192.0.2.10') // the right password, from the guessing address
      expect(held.status).toBe(429)
      expect(((await held.json()) as { code: string }).code).toBe('API_AUTH_LOCKED_OUT')
      expect((await signIn(url, 'admin', 'test-admin-password', '192.0.2.11')).status).toBe(200) // the admin, elsewhere
    }
  })

  it('checks at most 5 of 30 parallel guesses from one address at one username, over both replicas', async () => {
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      signIn(i % 2 ? one.api.url : two.url, 'dispatcher-under-attack', `guess-${i}`, '192.0.2.100').then((response) => response.status)))
    expect(statuses.filter((status) => status === 401).length).toBe(5)
    expect(statuses.filter((status) => status === 429).length).toBe(25)
  })

  it('checks at most 30 of 40 parallel guesses at one username from 40 addresses, over both replicas', async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      signIn(i % 2 ? one.api.url : two.url, 'dispatcher-under-siege', `guess-${i}`, `2001:db8:${i.toString(16)}::1`).then((response) => response.status)))
    expect(statuses.filter((status) => status === 401).length).toBe(30)
    expect(statuses.filter((status) => status === 429).length).toBe(10)
  })
})
