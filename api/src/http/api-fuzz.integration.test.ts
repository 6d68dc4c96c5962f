import { createRandom } from '@masar/model/random/seeded-random'
import { request as httpRequest } from 'node:http'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exampleOf, operationName, operationsOf, type JsonSchema, type Operation } from '../testing/openapi-operations.js'
import { issueToken } from '../auth/tokens.js'
import { signIn, startTestApi, TEST_ADMIN_PASSWORD, TEST_TOKEN_SECRET, type TestApi } from '../testing/start-test-api.js'

/**
 * Fuzzing every route of the api's own OpenAPI document (plus the live WebSocket's plain GET) with random and
 * boundary inputs, anonymous and as an admin, over the real database: path parameters, query strings and bodies
 * that are empty, huge, of the wrong type, non-numbers, injections, traversals, malformed encodings. Seeded, so a
 * failure repeats. No answer may be a 5xx: bad input is the caller's (4xx, with a code and a message); and every
 * answer, errors too, fits its response schema (API_CHECK_RESPONSES makes a misfit a 500).
 */
const SEED = 20_261_123
const CASES_PER_OPERATION = Number(process.env.FUZZ_CASES_PER_OPERATION ?? 80)
/** An answer slower than this is a failure too (a cheap request must not tie the server up). */
const SLOW_MS = 5000

const seeded = createRandom

const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}"deep"${'}'.repeat(depth)}`
const nestedArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

/** Raw path segments (already in URL form: some deliberately malformed). */
const PATH_VALUES = [
  '', '%20', 'x'.repeat(5000), encodeURIComponent('محطة وسط البلد'), encodeURIComponent("'; DROP TABLE stops;--"), '..%2F..%2Fetc%2Fpasswd', '..', '%00', '%', '%zz', '%E0%A4%A', '-1', '0',
  '1e309', 'NaN', 'Infinity', '99999999999999999999999', '1.5', 'null', 'undefined', '%F0%9F%9A%8C', '%5B%5D', '%7B%7D', encodeURIComponent('<script>alert(1)</script>'), 'true',
]
const QUERY_VALUES = [
  '', ' ', '-1', '0', 'NaN', '1e309', '-1e309', 'Infinity', '99999999999999999999999', '1.5', 'true', 'null', 'x'.repeat(10_000), 'محطة', "'; DROP TABLE stops;--",
  '%00', '2026-02-30', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '-271821-04-20T00:00:00Z', '0,0,0,0', '181,91,-181,-91', ',,,', 'a,b,c', '[object Object]',
]
const SCALARS: unknown[] = [null, true, false, 0, -1, 1e308, -1e308, 1.5, '', 'x'.repeat(60_000), 'محطة', "'; DROP TABLE alerts;--", [], {}, [null], { '': null }, '\u0000', 2 ** 53 + 1]

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!
}

/** A body that is wrong in some way, or right but for one field (or right). */
function fuzzBody(random: () => number, schema: JsonSchema | null): { text: string; contentType: string } {
  const json = (value: unknown) => ({ text: JSON.stringify(value), contentType: 'application/json' })
  const valid = schema ? (exampleOf(schema) as Record<string, unknown>) : {}
  switch (Math.floor(random() * 10)) {
    case 0: return json(pick(random, SCALARS))
    case 1: return { text: nestedObject(1000 + Math.floor(random() * 9000)), contentType: 'application/json' }
    case 2: return { text: nestedArray(5000), contentType: 'application/json' }
    case 3: return { text: pick(random, ['', '{', '{"a":', 'null', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}']), contentType: 'application/json' }
    case 4: return { text: 'username=admin', contentType: pick(random, ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=latin1']) }
    case 5: { // a required field missing
      const body = { ...valid }
      delete body[pick(random, [...Object.keys(body), 'none'])]
      return json(body)
    }
    case 9: return json(valid)
    default: { // one field of the wrong type, a boundary, or a huge value
      const names = Object.keys(schema?.properties ?? {})
      const body: Record<string, unknown> = { ...valid }
      body[names.length ? pick(random, names) : 'extra'] = pick(random, SCALARS)
      if (random() < 0.2) body.unexpected = 1
      return json(body)
    }
  }
}

function fuzzUrl(random: () => number, operation: Operation, realIds: Record<string, string[]>): string {
  let path = operation.path.replace(/\{(\w+)\}/g, () => (random() < 0.15 ? encodeURIComponent(pick(random, realIds[operation.path.split('/')[3] ?? ''] ?? ['1'])) : pick(random, PATH_VALUES)))
  const query: string[] = []
  for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
    const roll = random()
    if (roll < 0.25) continue // missing
    const value = roll < 0.45 ? String(exampleOf(parameter.schema)) : pick(random, QUERY_VALUES)
    query.push(`${parameter.name}=${encodeURIComponent(value)}`)
    if (random() < 0.15) query.push(`${parameter.name}=${encodeURIComponent(pick(random, QUERY_VALUES))}`) // an array
  }
  if (random() < 0.1) query.push(pick(random, ['unknown=1', '__proto__=x', 'constructor[prototype]=1', '%zz=1', 'a[]=1']))
  if (random() < 0.05) path += pick(random, ['/', '//', '/..', '%2F'])
  return query.length ? `${path}?${query.join('&')}` : path
}

interface Answer {
  status: number
  body: string
}

function send(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, method, path, agent: false, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 300) })).on('error', reject)
    })
    request.setTimeout(SLOW_MS, () => request.destroy(new Error(`no answer within ${SLOW_MS} ms`)))
    request.on('error', reject)
    request.end(body)
  })
}

let test: TestApi
let operations: Operation[]
let admin: Record<string, string>

/** A token for the admin as its account is now (fuzzing signs it out, and its address soon cannot sign in). */
async function adminTokenNow(): Promise<Record<string, string>> {
  const { rows } = await test.database.pool.query<{ account_id: number; token_generation: number }>("SELECT account_id, token_generation FROM api_accounts WHERE username = 'admin'")
  const iat = Math.floor(Date.now() / 1000)
  return { authorization: `Bearer ${issueToken({ sub: 'admin', aid: rows[0]!.account_id, role: 'admin', gen: rows[0]!.token_generation, iat, exp: iat + 3600 }, TEST_TOKEN_SECRET)}` }
}

beforeAll(async () => {
  test = await startTestApi({ logger: pino({ level: 'error' }), env: { RATE_LIMIT_PER_MINUTE: '1000000', API_CHECK_RESPONSES: 'true' } }) // not the thousand expected warnings
  operations = operationsOf(await (await fetch(`${test.api.url}/docs/json`)).json())
  if (!operations.some((o) => o.path === '/api/v1/live')) operations.push({ method: 'GET', path: '/api/v1/live', operationId: 'openLiveStream', parameters: ['route', 'bbox', 'stops'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })), body: null, responses: {}, security: null })
  admin = await signIn(test.api.url, 'admin', TEST_ADMIN_PASSWORD)
  expect((await fetch(`${test.api.url}/gtfs/gtfs.zip`)).status).toBe(200) // made once (seconds), then served from memory
}, 180_000)
afterAll(async () => {
  await test?.stop()
})

describe(`api fuzz over its OpenAPI document (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('answers every random and boundary input with something other than a 5xx', async () => {
    const random = seeded(SEED)
    const { rows } = await test.database.pool.query<{ kind: string; id: string }>(
      `(SELECT 'stops' AS kind, stop_id AS id FROM gtfs_stops LIMIT 3) UNION ALL (SELECT 'routes', route_id FROM gtfs_routes LIMIT 3) UNION ALL (SELECT 'trips', trip_id FROM gtfs_trips LIMIT 3)`)
    const realIds: Record<string, string[]> = {}
    for (const row of rows) (realIds[row.kind] ??= []).push(row.id)
    const histogram = new Map<number, number>()
    const failures: string[] = []
    let requests = 0
    const slowest: Array<{ ms: number; what: string }> = []
    for (const operation of operations) {
      for (let i = 0; i < CASES_PER_OPERATION; i++) {
        const headers = random() < 0.5 ? { ...admin } : {}
        const url = fuzzUrl(random, operation, realIds)
        const body = operation.body || random() < 0.1 ? fuzzBody(random, operation.body) : undefined
        const startedMs = performance.now()
        const answer = await send(test.api.url, operation.method, url, body ? { ...headers, 'content-type': body.contentType } : headers, body?.text)
          .catch((err: unknown) => ({ status: 599, body: (err as Error).message }))
        if (operation.operationId === 'signOut' && answer.status === 204) admin = await adminTokenNow() // the admin's tokens were revoked
        slowest.push({ ms: Math.round(performance.now() - startedMs), what: `${operation.method} ${url.slice(0, 120)}` })
        slowest.sort((a, b) => b.ms - a.ms).splice(5)
        requests += 1
        histogram.set(answer.status, (histogram.get(answer.status) ?? 0) + 1)
        if (answer.status >= 500 && !(operation.path === '/readyz' && answer.status === 503)) {
          failures.push(`${operationName(operation)}: ${operation.method} ${url.slice(0, 200)} ${headers.authorization ? 'as admin' : 'anonymous'}${body ? ` body ${body.text.slice(0, 120)}` : ''} → ${answer.status} ${answer.body}`)
        }
      }
    }
    console.log(`api fuzz: ${requests} requests over ${operations.length} operations (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries([...histogram].sort(([a], [b]) => a - b)))}`)
    console.log(`slowest: ${slowest.map((s) => `${s.ms} ms ${s.what}`).join('; ')}`)
    expect(requests).toBeGreaterThan(CASES_PER_OPERATION * 20)
    expect(failures).toEqual([])
  })
})
