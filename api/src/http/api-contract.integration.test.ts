import { API_ERRORS, ApiErrorBody, type ApiErrorCode } from '@masar/model/api/api-errors'
import { Value } from '@sinclair/typebox/value'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contractProblemsOf, exampleOf, exampleUrl, needsCredentials, needsToken, operationName, operationsOf, type Operation } from '../testing/openapi-operations.js'
import { signIn, startTestApi, TEST_ADMIN_PASSWORD, TEST_SMS_GATEWAY_HEADERS, type TestApi } from '../testing/start-test-api.js'

/**
 * The api's contract as a client generated from its OpenAPI document sees it: every operation has an operationId,
 * the schema of its answer, the error body and its security; what the document says matches what the api does
 * (a bearer token where it says so; every answer of every GET fits its schema, checked before serialisation by
 * API_CHECK_RESPONSES, so no field the dashboard reads is dropped); and errors come as the model's API_* codes,
 * each with its one status, a 500 with the request id and nothing of the stack.
 */
const logLines: string[] = []
let test: TestApi
let url: string
let document: { paths: Record<string, unknown>; info: { description: string }; components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> } }
let operations: Operation[]
let admin: Record<string, string>

const call = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, init)
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) })

/** The answer is the error `code` with its one status, and its body the model's error body. */
async function expectError(response: Response, code: ApiErrorCode): Promise<{ code: string; message: string; requestId?: string }> {
  const body = (await response.json()) as { code: string; message: string; requestId?: string }
  expect([response.status, body.code]).toEqual([API_ERRORS[code].status, code])
  expect(Value.Check(ApiErrorBody, body), JSON.stringify(body)).toBe(true)
  return body
}

beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) })
  test = await startTestApi({ logger, env: { API_CHECK_RESPONSES: 'true', RATE_LIMIT_PER_MINUTE: '100000' } })
  url = test.api.url
  document = (await (await call('/docs/json')).json()) as typeof document
  operations = operationsOf(document)
  admin = await signIn(url, 'admin', TEST_ADMIN_PASSWORD)
}, 180_000)
afterAll(async () => {
  await test?.stop()
})

describe(`the api contract (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('documents every operation with an operationId, its answer\'s schema, the error body and its security', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30) // 33 when written: the walk is not silently empty
    expect(contractProblemsOf(operations)).toEqual([])
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
      smsGatewaySecret: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Sms-Gateway-Secret' }),
      smsGatewaySecretQuery: expect.objectContaining({ type: 'apiKey', in: 'query', name: 'secret' }),
    })
    for (const code of Object.keys(API_ERRORS)) expect(document.info.description).toContain(`\`${code}\``)
  })

  it('asks for credentials (a bearer token, the SMS gateway\'s secret) exactly where the api refuses anonymous callers', async () => {
    const mismatches: string[] = []
    for (const operation of operations) {
      const body = operation.body ? JSON.stringify(exampleOf(operation.body)) : undefined
      const response = await call(exampleUrl(operation, (p) => String(exampleOf(p.schema))), { method: operation.method, headers: body ? { 'content-type': 'application/json' } : {}, body })
      if ((response.status === 401) !== needsCredentials(operation) && operation.path !== '/api/v1/auth/token') mismatches.push(`${operationName(operation)}: ${response.status}, documented ${needsCredentials(operation) ? 'with' : 'without'} credentials`)
      await response.body?.cancel()
    }
    expect(mismatches).toEqual([])
    expect(operations.filter(needsToken).length).toBeGreaterThanOrEqual(15)
  })

  it('answers every GET, with real ids, by what its response schema says (nothing dropped, nothing missing)', async () => {
    const { routes } = (await (await call('/api/v1/routes')).json()) as { routes: Array<{ routeId: string }> }
    const routeId = routes[0]!.routeId
    const route = (await (await call(`/api/v1/routes/${encodeURIComponent(routeId)}`)).json()) as { geojson: { features: Array<{ properties: { kind: string; stopId?: string } }> } }
    const stopId = route.geojson.features.find((f) => f.properties.kind === 'stop')!.properties.stopId!
    const { rows } = await test.database.pool.query<{ trip_id: string }>('SELECT trip_id FROM gtfs_trips WHERE route_id = $1 LIMIT 1', [routeId])
    const idOf: Record<string, string> = { stops: stopId, routes: routeId, trips: rows[0]!.trip_id, vehicles: 'bus-none', alerts: '1' }
    const failures: string[] = []
    for (const operation of operations.filter((o) => o.method === 'GET' && o.path !== '/api/v1/live')) {
      const path = exampleUrl(operation, () => idOf[operation.path.split('/')[3] ?? ''] ?? 'x')
      const response = await call(path, { headers: admin })
      if (response.status >= 500) failures.push(`${path}: ${response.status} ${await response.text()}`)
      else if (response.status >= 400) await expectError(response, ((await response.clone().json()) as { code: ApiErrorCode }).code)
      else await response.body?.cancel()
    }
    const broken = logLines.filter((line) => line.includes('response breaks its schema'))
    expect({ failures, broken }).toEqual({ failures: [], broken: [] })
  })

  it('sends each error as its API_* code with the status that code always has', async () => {
    await expectError(await call('/no/such/route'), 'API_NOT_FOUND')
    await expectError(await call('/api/v1/stops'), 'API_BAD_REQUEST')
    await expectError(await call('/api/v1/stops/NO-SUCH-STOP/arrivals'), 'API_STOP_NOT_FOUND')
    await expectError(await call('/api/v1/trips/NO-SUCH-TRIP'), 'API_TRIP_NOT_FOUND')
    await expectError(await call('/api/v1/routes/NO-SUCH-ROUTE'), 'API_ROUTE_NOT_FOUND')
    await expectError(await call('/api/v1/routes/NO-SUCH-ROUTE/headways', { headers: admin }), 'API_ROUTE_NOT_FOUND')
    await expectError(await call('/api/v1/vehicles/bus-none', { headers: admin }), 'API_VEHICLE_NOT_FOUND')
    await expectError(await call('/api/v1/alerts/12345/versions', { headers: admin }), 'API_ALERT_NOT_FOUND')
    await expectError(await call('/api/v1/vehicles'), 'API_UNAUTHENTICATED')
    await expectError(await post('/api/v1/auth/token', { username: 'admin', password: 'not-the-password' }), 'API_INVALID_CREDENTIALS')
    expect((await post('/api/v1/accounts', { username: 'dispatcher-1', password: 'a-long-password', role: 'dispatcher' }, admin)).status).toBe(201)
    await expectError(await post('/api/v1/accounts', { username: 'dispatcher-1', password: 'a-long-password', role: 'dispatcher' }, admin), 'API_ACCOUNT_EXISTS')
    const dispatcher = await signIn(url, 'dispatcher-1', 'a-long-password')
    await expectError(await post('/api/v1/api-keys', { name: 'x', rateLimitPerMinute: 10 }, dispatcher), 'API_FORBIDDEN')
    await expectError(await post('/api/v1/sms/inbound', { text: 'x'.repeat(70 * 1024) }, TEST_SMS_GATEWAY_HEADERS), 'API_BODY_TOO_LARGE')
    await expectError(await call('/api/v1/sms/inbound', { method: 'POST', headers: { 'content-type': 'text/xml', ...TEST_SMS_GATEWAY_HEADERS }, body: '<sms/>' }), 'API_UNSUPPORTED_MEDIA_TYPE')
    await expectError(await post('/api/v1/sms/inbound', { text: '1001' }), 'API_SMS_GATEWAY_UNAUTHENTICATED')
  })

  it('answers a failure of its own with 500 API_INTERNAL and the request id its log has, and no stack trace', async () => {
    await test.database.pool.query('ALTER TABLE service_alerts RENAME TO service_alerts_away')
    try {
      const body = await expectError(await call('/api/v1/alerts', { headers: admin }), 'API_INTERNAL')
      expect(body.requestId).toMatch(/^req-/)
      expect(body.message).toContain(body.requestId)
      expect(JSON.stringify(body)).not.toMatch(/service_alerts|\bat .*\.ts:\d+|Error:/)
      const logged = logLines.map((line) => JSON.parse(line) as { reqId?: string; msg: string; err?: { stack?: string } }).find((line) => line.reqId === body.requestId && line.msg === 'request failed')
      expect(logged?.err?.stack).toContain('service_alerts')
    } finally {
      await test.database.pool.query('ALTER TABLE service_alerts_away RENAME TO service_alerts')
    }
  })
})
