import http from 'node:http'
import { existsSync, readdirSync } from 'node:fs'
import { sep } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { issueToken } from '../auth/tokens.js'
import { DEFAULT_DASHBOARD_DIR } from '../config.js'
import { liveProtocolsOf } from '@masar/model/api/live'
import { formatPositionTopic } from '@masar/model/telemetry/topics'
import mqtt from 'mqtt'
import { connectLive, DISPATCHER_ONLY_FIELDS, liveUrlOf, vehiclesIn, type LiveConnection } from '../testing/live-client.js'
import { exampleOf, exampleUrl, operationName, operationsOf, type Operation } from '../testing/openapi-operations.js'
import { signIn, startTestApi, TEST_ADMIN_PASSWORD, TEST_SMS_GATEWAY_HEADERS, TEST_TOKEN_SECRET, type TestApi } from '../testing/start-test-api.js'

/**
 * Who the api lets in, walked over every route of its own OpenAPI document: every route not listed as public here
 * refuses anonymous callers (401) and callers of the wrong role (403), so a new route is checked by default. Also
 * the security headers, CORS, request size limits, the sign-in lockout, and that no secret reaches the logs.
 */
const PUBLIC = new Set([
  'GET /healthz', 'GET /readyz',
  'GET /gtfs/gtfs.zip', 'GET /gtfs-rt/vehicle-positions.pb', 'GET /gtfs-rt/trip-updates.pb', 'GET /gtfs-rt/alerts.pb', 'GET /gtfs-rt/status',
  'POST /api/v1/auth/token', 'GET /api/v1/time',
  'GET /api/v1/stops', 'GET /api/v1/stops/nearby', 'GET /api/v1/stops/{id}/arrivals', 'GET /api/v1/trips/{id}', 'GET /api/v1/routes', 'GET /api/v1/routes/{id}',
  'GET /api/v1/map', 'GET /map/style.json', 'GET /map/tiles/{z}/{x}/{y}.pbf', // the basemap: every map draws it, riders' too
])
/** No account, but the SMS gateway's shared secret (riders/sms-webhook.test.ts). */
const SMS_GATEWAY_ONLY = new Set(['POST /api/v1/sms/inbound'])
const ADMIN_ONLY = new Set(['POST /api/v1/accounts', 'PATCH /api/v1/accounts/{username}', 'POST /api/v1/api-keys', 'GET /api/v1/api-keys', 'DELETE /api/v1/api-keys/{id}'])
/** Walked last, each with fresh tokens: signing out revokes the tokens it is sent with, and revoking a key the key. */
const REVOKING = ['POST /api/v1/auth/logout', 'DELETE /api/v1/api-keys/{id}']
/**
 * The WebSocket routes (hidden from the OpenAPI document, so the walk above does not see them), each with who may
 * open it: 'riders' — anyone, who gets no dispatcher-only field, a valid token the dispatcher's view;
 * 'dispatchers' — a valid token only. A new WebSocket route fails the walk until it is listed here.
 */
const WEBSOCKET_ROUTES: Record<string, 'riders' | 'dispatchers'> = { 'GET /api/v1/live': 'riders' }
/** Routes that serve files only (the API docs, the built dashboard's files), and CORS preflights (checked below): neither documented operations nor WebSockets. */
const STATIC_ROUTES = [/^\*$/, /^\/$/, /^\/docs(\/|$)/]
const DASHBOARD_FILES = new Set(existsSync(DEFAULT_DASHBOARD_DIR) ? readdirSync(DEFAULT_DASHBOARD_DIR, { recursive: true }).map((path) => `/${String(path).split(sep).join('/')}`) : [])
const DISPATCHER_PASSWORD = 'dispatcher-password-1'
const OPS_ORIGIN = 'https://ops.example.org'

const logLines: string[] = []
let test: TestApi
let url: string
let operations: Operation[]
let admin: Record<string, string>
let dispatcher: Record<string, string>
let apiKey: string

const request = (operation: Operation, headers: Record<string, string>) => {
  const body = operation.body ? JSON.stringify(exampleOf(operation.body)) : undefined
  return fetch(`${url}${exampleUrl(operation, (p) => String(exampleOf(p.schema)))}`, { method: operation.method, headers: body ? { ...headers, 'content-type': 'application/json' } : headers, body })
}
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) })
/** A key in use (the walk revokes keys: DELETE /api/v1/api-keys/{id}). */
const keyInUse = async () => ((await (await post('/api/v1/api-keys', { name: 'an app in use', rateLimitPerMinute: 1000 }, await signIn(url, 'admin', TEST_ADMIN_PASSWORD))).json()) as { key: string }).key
/** A role refusal: 401, or 403 for the role (not, say, a wrong current password). */
const refusedByRole = async (response: Response) => response.status === 401 || (response.status === 403 && ((await response.json()) as { code: string }).code === 'API_FORBIDDEN')
const signInBoth = async () => {
  admin = await signIn(url, 'admin', TEST_ADMIN_PASSWORD)
  dispatcher = await signIn(url, 'dispatcher-a', DISPATCHER_PASSWORD)
}

/** A sign-in from another local address (Linux routes all of 127/8 to loopback): its status. */
function signInFrom(localAddress: string, username: string, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/api/v1/auth/token`, { method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    })
    request.on('error', reject)
    request.end(JSON.stringify({ username, password }))
  })
}

beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) })
  // a cheaper password hash than production's (API_PASSWORD_SCRYPT_N): this file signs in many times
  test = await startTestApi({ logger, env: { API_CORS_ORIGINS: OPS_ORIGIN, RATE_LIMIT_PER_MINUTE: '100000', API_PASSWORD_SCRYPT_N: '16384' } })
  url = test.api.url
  operations = operationsOf(await (await fetch(`${url}/docs/json`)).json())
  admin = await signIn(url, 'admin', TEST_ADMIN_PASSWORD)
  for (const name of ['dispatcher-a', 'dispatcher-b', 'dispatcher-c']) {
    expect((await post('/api/v1/accounts', { username: name, password: DISPATCHER_PASSWORD, role: 'dispatcher' }, admin)).status).toBe(201)
  }
  dispatcher = await signIn(url, 'dispatcher-a', DISPATCHER_PASSWORD)
  // a bus in the fleet, so that the live stream has a vehicle to show (test${pid}: startTestApi's topic filter)
  const tracker = await mqtt.connectAsync(test.broker.url, { protocolVersion: test.broker.protocolVersion, clientId: `security-${process.pid}` })
  await tracker.publishAsync(formatPositionTopic(`test${process.pid}`, 'bus-sec-1'), JSON.stringify({ ts: Date.now(), lat: 31.953, lon: 35.91 }), { qos: 1 })
  await tracker.endAsync()
  apiKey = ((await (await post('/api/v1/api-keys', { name: 'an app', rateLimitPerMinute: 1000 }, admin)).json()) as { key: string }).key
}, 180_000)
afterAll(async () => {
  await test?.stop()
})

describe(`api security (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('refuses anonymous callers (401) and the wrong role (403) on every route that is not public', async () => {
    const documented = new Set(operations.map(operationName))
    expect([...PUBLIC, ...ADMIN_ONLY, ...SMS_GATEWAY_ONLY].filter((name) => !documented.has(name))).toEqual([]) // the lists name real routes
    const revokingLast = (operation: Operation) => REVOKING.indexOf(operationName(operation))
    const guarded = operations.filter((operation) => !PUBLIC.has(operationName(operation)) && !SMS_GATEWAY_ONLY.has(operationName(operation))).sort((x, y) => revokingLast(x) - revokingLast(y))
    expect(guarded.slice(-2).map(operationName)).toEqual(REVOKING)
    expect(guarded.length).toBeGreaterThanOrEqual(15) // 18 when written: the walk is not silently empty
    const forged = { authorization: `Bearer ${issueToken({ sub: 'admin', aid: 1, role: 'admin', gen: 0, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 }, 'some-other-secret-that-is-long-enough-000')}` }
    const expired = { authorization: `Bearer ${issueToken({ sub: 'admin', aid: 1, role: 'admin', gen: 0, iat: Math.floor(Date.now() / 1000) - 600, exp: Math.floor(Date.now() / 1000) - 1 }, TEST_TOKEN_SECRET)}` }
    const refusals: string[] = []
    for (const operation of guarded) {
      const name = operationName(operation)
      if (REVOKING.includes(name)) await signInBoth()
      for (const [who, headers] of [['anonymous', {}], ['an API key', { 'x-api-key': apiKey }], ['a forged token', forged], ['an expired token', expired]] as const) {
        const response = await request(operation, headers)
        if (response.status !== 401) refusals.push(`${name} as ${who}: ${response.status}`)
        else expect(((await response.json()) as { code: string }).code).toBe('API_UNAUTHENTICATED')
      }
      const asDispatcher = await request(operation, dispatcher)
      if (ADMIN_ONLY.has(name) ? asDispatcher.status !== 403 : await refusedByRole(asDispatcher)) refusals.push(`${name} as a dispatcher: ${asDispatcher.status}`)
      const asAdmin = await request(operation, admin)
      if ((await refusedByRole(asAdmin)) || asAdmin.status >= 500) refusals.push(`${name} as an admin: ${asAdmin.status}`)
    }
    expect(refusals).toEqual([])
    await signInBoth()
    for (const operation of operations.filter((o) => PUBLIC.has(operationName(o)) && o.path !== '/api/v1/auth/token')) {
      expect([401, 403], operationName(operation)).not.toContain((await request(operation, {})).status)
    }
    for (const operation of operations.filter((o) => SMS_GATEWAY_ONLY.has(operationName(o)))) {
      for (const headers of [{}, admin, { 'x-api-key': await keyInUse() }]) {
        const response = await request(operation, headers)
        expect([response.status, ((await response.json()) as { code: string }).code], operationName(operation)).toEqual([401, 'API_SMS_GATEWAY_UNAUTHENTICATED'])
      }
      expect([401, 403], operationName(operation)).not.toContain((await request(operation, TEST_SMS_GATEWAY_HEADERS)).status)
    }
  })

  it('walks every route Fastify serves, WebSocket routes too: the dispatcher\'s live view to no one without a valid token', async () => {
    const documented = new Set(operations.map(operationName))
    const served = test.api.routes.filter((route) => route.method !== 'HEAD').map((route) => ({ ...route, name: `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}` }))
    const unaccounted = served.filter((route) => !documented.has(route.name) && !(route.websocket && route.name in WEBSOCKET_ROUTES) && !STATIC_ROUTES.some((pattern) => pattern.test(route.url)) && !(route.method === 'GET' && DASHBOARD_FILES.has(route.url)))
    expect(unaccounted.map((route) => route.name)).toEqual([]) // each is walked above, below, or serves files
    const websockets = served.filter((route) => route.websocket).map((route) => route.name)
    expect(websockets.sort()).toEqual(Object.keys(WEBSOCKET_ROUTES).sort())
    await vi.waitFor(() => expect(test.api.fleet.get('bus-sec-1')).toBeDefined(), { timeout: 20_000, interval: 50 })
    const liveKey = await keyInUse()

    const token = (headers: Record<string, string>) => headers.authorization!.slice('Bearer '.length)
    const forged = issueToken({ sub: 'admin', aid: 1, role: 'admin', gen: 0, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 }, 'some-other-secret-that-is-long-enough-000')
    const expired = issueToken({ sub: 'admin', aid: 1, role: 'admin', gen: 0, iat: Math.floor(Date.now() / 1000) - 600, exp: Math.floor(Date.now() / 1000) - 1 }, TEST_TOKEN_SECRET)
    const problems: string[] = []
    /** The vehicles of the snapshot a client is sent on connect, or the status that refused it. */
    const snapshotOf = async (connection: LiveConnection): Promise<Array<Record<string, unknown>> | number> => {
      if ('refused' in connection) return connection.refused.status
      const { socket, messages } = connection.opened
      try {
        await vi.waitFor(() => expect(messages.some((m) => m.type === 'snapshot')).toBe(true), { timeout: 10_000, interval: 20 })
        return vehiclesIn(messages.filter((m) => m.type === 'snapshot'))
      } finally {
        socket.terminate()
      }
    }
    for (const name of websockets) {
      const path = name.slice('GET '.length)
      const connect = (options: Parameters<typeof connectLive>[1]) => connectLive(liveUrlOf(url, path.slice('/api/v1/live'.length)), options).then(snapshotOf)
      for (const [who, options] of [['anonymous', {}], ['an API key', { headers: { 'x-api-key': liveKey } }]] as const) {
        const seen = await connect(options)
        if (WEBSOCKET_ROUTES[name] === 'dispatchers') {
          if (seen !== 401) problems.push(`${name} as ${who}: ${typeof seen === 'number' ? seen : 'opened'}`)
        } else if (typeof seen === 'number' || seen.length === 0) problems.push(`${name} as ${who}: ${typeof seen === 'number' ? seen : 'no vehicle to check'}`)
        else for (const vehicle of seen) for (const field of DISPATCHER_ONLY_FIELDS.filter((f) => f in vehicle)) problems.push(`${name} as ${who}: sent ${field}`)
      }
      for (const [who, bearer] of [['a forged token', forged], ['an expired token', expired]] as const) {
        const seen = await connect({ protocols: liveProtocolsOf(bearer) })
        if (seen !== 401) problems.push(`${name} with ${who}: ${typeof seen === 'number' ? seen : 'opened'}`)
      }
      for (const [who, headers] of [['a dispatcher', dispatcher], ['an admin', admin]] as const) {
        const seen = await connect({ protocols: liveProtocolsOf(token(headers)) })
        if (typeof seen === 'number' || seen.length === 0 || !seen.every((vehicle) => 'phase' in vehicle)) problems.push(`${name} as ${who}: ${typeof seen === 'number' ? seen : 'not the dispatcher\'s view'}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('sends security headers, with a Content-Security-Policy that lets the dashboard run and nothing else', async () => {
    for (const path of ['/', '/api/v1/time', '/no-such-route']) {
      const response = await fetch(`${url}${path}`)
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'")
      expect(csp).toContain("worker-src 'self' blob:")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    }
  })

  it('opens the public feeds and rider endpoints to any origin, the rest only to the configured ones', async () => {
    const open = await fetch(`${url}/gtfs-rt/vehicle-positions.pb`, { headers: { origin: 'https://some-app.example' } })
    expect(open.headers.get('access-control-allow-origin')).toBe('*')
    expect((await fetch(`${url}/api/v1/stops?q=x`, { headers: { origin: 'https://some-app.example' } })).headers.get('access-control-allow-origin')).toBe('*')
    const closed = await fetch(`${url}/api/v1/vehicles`, { headers: { ...admin, origin: 'https://evil.example' } })
    expect(closed.headers.get('access-control-allow-origin')).toBeNull()
    expect((await fetch(`${url}/api/v1/routes/R1/headways`, { headers: { ...admin, origin: 'https://evil.example' } })).headers.get('access-control-allow-origin')).toBeNull()
    const configured = await fetch(`${url}/api/v1/vehicles`, { headers: { ...admin, origin: OPS_ORIGIN } })
    expect(configured.headers.get('access-control-allow-origin')).toBe(OPS_ORIGIN)
    const preflight = (origin: string) => fetch(`${url}/api/v1/alerts`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } })
    const refused = await preflight('https://evil.example')
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
    const allowed = await preflight(OPS_ORIGIN)
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe(OPS_ORIGIN)
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
    expect(allowed.headers.get('access-control-max-age')).toBe('600')
    expect((await fetch(`${url}/api/v1/stops`, { method: 'OPTIONS' })).status).toBe(400) // not a preflight: no Origin
    const openPreflight = await fetch(`${url}/gtfs-rt/vehicle-positions.pb`, { method: 'OPTIONS', headers: { origin: 'https://some-app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' } })
    expect([openPreflight.status, openPreflight.headers.get('access-control-allow-origin'), openPreflight.headers.get('access-control-allow-headers'), openPreflight.headers.get('content-length')]).toEqual([204, '*', 'if-none-match', '0'])
    expect(open.headers.get('access-control-expose-headers')).toBe('ETag, Last-Modified, Retry-After')
    // a write to an open path's neighbour is not open: PUT of a trip's cancellation
    const write = await fetch(`${url}/api/v1/trips/T1/cancellation`, { method: 'OPTIONS', headers: { origin: 'https://some-app.example', 'access-control-request-method': 'PUT' } })
    expect(write.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('refuses a request body over 64 KB with a 413 that says so, after the role check', async () => {
    for (const [path, headers] of [['/api/v1/sms/inbound', TEST_SMS_GATEWAY_HEADERS], ['/api/v1/alerts', admin]] as const) {
      const response = await post(path, { text: 'x'.repeat(70 * 1024) }, headers)
      expect(response.status).toBe(413)
      expect(await response.json()).toEqual({ code: 'API_BODY_TOO_LARGE', message: 'the request body is larger than this endpoint takes (64 KB)' })
    }
    expect((await post('/api/v1/sms/inbound', { text: 'x'.repeat(400) }, TEST_SMS_GATEWAY_HEADERS)).status).not.toBe(413)
    // on a guarded route the role is checked first: an anonymous body is refused unread, whatever it holds
    for (const body of [{ text: 'x'.repeat(70 * 1024) }, {}, '{not json']) expect((await post('/api/v1/alerts', body)).status).toBe(401)
    expect((await post('/api/v1/accounts', { username: 'x' }, dispatcher)).status).toBe(403)
  })

  it('slows guessing from one address without locking the account out, logs failures without the password, and a success resets the count', async () => {
    const attempt = (username: string, password: string) => post('/api/v1/auth/token', { username, password })
    for (let i = 0; i < 4; i++) expect((await attempt('dispatcher-b', `wrong-guess-${i}`)).status).toBe(401)
    expect((await attempt('dispatcher-b', DISPATCHER_PASSWORD)).status).toBe(200) // resets
    for (let i = 0; i < 4; i++) expect((await attempt('dispatcher-b', `wrong-guess-${i}`)).status).toBe(401)
    expect((await attempt('dispatcher-b', DISPATCHER_PASSWORD)).status).toBe(200)

    for (let i = 0; i < 5; i++) expect((await attempt('dispatcher-c', `wrong-guess-${i}`)).status).toBe(401)
    const held = await attempt('dispatcher-c', DISPATCHER_PASSWORD) // even the right password, from this address
    expect(held.status).toBe(429)
    expect(held.headers.get('retry-after')).toBe('5')
    expect(await held.json()).toEqual({ code: 'API_AUTH_LOCKED_OUT', message: 'too many failed sign-ins for this username from this address: try again in 5 s' })
    expect(await signInFrom('127.0.0.2', 'dispatcher-c', DISPATCHER_PASSWORD)).toBe(200) // the account is not locked: its owner elsewhere signs in
    expect((await attempt('dispatcher-a', DISPATCHER_PASSWORD)).status).toBe(200) // nor are other accounts

    const failures = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'sign-in failed' && ['dispatcher-b', 'dispatcher-c'].includes(entry.username as string))
    expect(failures.length).toBe(13)
    expect(failures[0]).toMatchObject({ username: 'dispatcher-b', reason: 'wrong_password', ip: expect.any(String) })
    const everything = logLines.join('\n')
    for (const secret of [TEST_ADMIN_PASSWORD, DISPATCHER_PASSWORD, 'wrong-guess-', apiKey, admin.authorization!.slice(7)]) expect(everything).not.toContain(secret)
  })

  it('holds a client address back after 20 failed sign-ins, whichever usernames they tried, and only that address', async () => {
    const { rows } = await test.database.pool.query<{ failures: number }>("SELECT failures FROM api_sign_in_failures WHERE throttle_key = 'a:127.0.0.1'")
    const before = rows[0]?.failures ?? 0
    let status = 0
    let tries = 0
    while (status !== 429 && tries < 25) {
      tries += 1
      status = (await post('/api/v1/auth/token', { username: `nobody-${tries}`, password: 'wrong-guess-x' })).status
    }
    expect(tries).toBe(20 - before + 1) // the 20th failure holds the address back, the next is refused
    const held = await post('/api/v1/auth/token', { username: 'admin', password: TEST_ADMIN_PASSWORD })
    expect(held.status).toBe(429)
    expect(((await held.json()) as { message: string }).message).toBe('too many failed sign-ins from this address: try again in 15 min')
    expect(await signInFrom('127.0.0.3', 'admin', TEST_ADMIN_PASSWORD)).toBe(200)
  })
})
