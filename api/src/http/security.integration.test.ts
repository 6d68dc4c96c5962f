import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueToken } from '../auth/tokens.js'
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
])
/** No account, but the SMS gateway's shared secret (riders/sms-webhook.test.ts). */
const SMS_GATEWAY_ONLY = new Set(['POST /api/v1/sms/inbound'])
const ADMIN_ONLY = new Set(['POST /api/v1/accounts', 'POST /api/v1/api-keys'])
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

beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) })
  test = await startTestApi({ logger, env: { API_CORS_ORIGINS: OPS_ORIGIN, RATE_LIMIT_PER_MINUTE: '100000' } })
  url = test.api.url
  operations = operationsOf(await (await fetch(`${url}/docs/json`)).json())
  admin = await signIn(url, 'admin', TEST_ADMIN_PASSWORD)
  for (const name of ['dispatcher-a', 'dispatcher-b', 'dispatcher-c']) {
    expect((await post('/api/v1/accounts', { username: name, password: DISPATCHER_PASSWORD, role: 'dispatcher' }, admin)).status).toBe(201)
  }
  dispatcher = await signIn(url, 'dispatcher-a', DISPATCHER_PASSWORD)
  apiKey = ((await (await post('/api/v1/api-keys', { name: 'an app', rateLimitPerMinute: 1000 }, admin)).json()) as { key: string }).key
}, 180_000)
afterAll(async () => {
  await test?.stop()
})

describe(`api security (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('refuses anonymous callers (401) and the wrong role (403) on every route that is not public', async () => {
    const documented = new Set(operations.map(operationName))
    expect([...PUBLIC, ...ADMIN_ONLY, ...SMS_GATEWAY_ONLY].filter((name) => !documented.has(name))).toEqual([]) // the lists name real routes
    const guarded = operations.filter((operation) => !PUBLIC.has(operationName(operation)) && !SMS_GATEWAY_ONLY.has(operationName(operation)))
    expect(guarded.length).toBeGreaterThanOrEqual(15) // 18 when written: the walk is not silently empty
    const forged = { authorization: `Bearer ${issueToken({ sub: 'admin', role: 'admin', exp: Math.floor(Date.now() / 1000) + 600 }, 'some-other-secret-that-is-long-enough-000')}` }
    const expired = { authorization: `Bearer ${issueToken({ sub: 'admin', role: 'admin', exp: Math.floor(Date.now() / 1000) - 1 }, TEST_TOKEN_SECRET)}` }
    const refusals: string[] = []
    for (const operation of guarded) {
      const name = operationName(operation)
      for (const [who, headers] of [['anonymous', {}], ['an API key', { 'x-api-key': apiKey }], ['a forged token', forged], ['an expired token', expired]] as const) {
        const response = await request(operation, headers)
        if (response.status !== 401) refusals.push(`${name} as ${who}: ${response.status}`)
        else expect(((await response.json()) as { code: string }).code).toBe('API_UNAUTHENTICATED')
      }
      const asDispatcher = (await request(operation, dispatcher)).status
      if (ADMIN_ONLY.has(name) ? asDispatcher !== 403 : [401, 403].includes(asDispatcher)) refusals.push(`${name} as a dispatcher: ${asDispatcher}`)
      const asAdmin = (await request(operation, admin)).status
      if ([401, 403].includes(asAdmin) || asAdmin >= 500) refusals.push(`${name} as an admin: ${asAdmin}`)
    }
    expect(refusals).toEqual([])
    for (const operation of operations.filter((o) => PUBLIC.has(operationName(o)) && o.path !== '/api/v1/auth/token')) {
      expect([401, 403], operationName(operation)).not.toContain((await request(operation, {})).status)
    }
    for (const operation of operations.filter((o) => SMS_GATEWAY_ONLY.has(operationName(o)))) {
      for (const headers of [{}, admin, { 'x-api-key': apiKey }]) {
        const response = await request(operation, headers)
        expect([response.status, ((await response.json()) as { code: string }).code], operationName(operation)).toEqual([401, 'API_SMS_GATEWAY_UNAUTHENTICATED'])
      }
      expect([401, 403], operationName(operation)).not.toContain((await request(operation, TEST_SMS_GATEWAY_HEADERS)).status)
    }
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

  it('locks a username out after 5 failed sign-ins in 15 minutes, logs failures without the password, and a success resets the count', async () => {
    const attempt = (username: string, password: string) => post('/api/v1/auth/token', { username, password })
    for (let i = 0; i < 4; i++) expect((await attempt('dispatcher-b', `wrong-guess-${i}`)).status).toBe(401)
    expect((await attempt('dispatcher-b', DISPATCHER_PASSWORD)).status).toBe(200) // resets
    for (let i = 0; i < 4; i++) expect((await attempt('dispatcher-b', `wrong-guess-${i}`)).status).toBe(401)
    expect((await attempt('dispatcher-b', DISPATCHER_PASSWORD)).status).toBe(200)

    for (let i = 0; i < 5; i++) expect((await attempt('dispatcher-c', `wrong-guess-${i}`)).status).toBe(401)
    const locked = await attempt('dispatcher-c', DISPATCHER_PASSWORD) // even the right password
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60)
    expect(await locked.json()).toEqual({ code: 'API_AUTH_LOCKED_OUT', message: 'too many failed sign-ins for this username: try again in 15 min' })
    expect((await attempt('dispatcher-a', DISPATCHER_PASSWORD)).status).toBe(200) // other accounts are not locked

    const failures = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'sign-in failed')
    expect(failures.length).toBe(13)
    expect(failures[0]).toMatchObject({ username: 'dispatcher-b', reason: 'wrong_password', ip: expect.any(String) })
    const everything = logLines.join('\n')
    for (const secret of [TEST_ADMIN_PASSWORD, DISPATCHER_PASSWORD, 'wrong-guess-', apiKey, admin.authorization!.slice(7)]) expect(everything).not.toContain(secret)
  })

  it('locks a client address out after 20 failed sign-ins, whichever usernames they tried', async () => {
    let status = 0
    let tries = 0
    while (status !== 429 && tries < 25) {
      tries += 1
      status = (await post('/api/v1/auth/token', { username: `nobody-${tries}`, password: 'wrong-guess-x' })).status
    }
    expect(tries).toBe(20 - 13 + 1) // 13 failures before this test, the 20th locks, the next is refused
    const locked = await post('/api/v1/auth/token', { username: 'admin', password: TEST_ADMIN_PASSWORD })
    expect(locked.status).toBe(429)
    expect(((await locked.json()) as { message: string }).message).toBe('too many failed sign-ins from this address: try again in 15 min')
  })
})
