import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Api } from '../start-api.js'
import { createPasswordHasher } from './passwords.js'
import { insertAccount } from './accounts.repository.js'
import { signIn, startTestApi, startTestReplica, TEST_ADMIN_PASSWORD, type TestApi } from '../testing/start-test-api.js'

/**
 * The attacks of issue #17 on accounts, over two api replicas on one database (replica B also stands for "any
 * other replica"): a token outliving its sign-out, its account's disabling, its role or its password; an API key
 * revoked on one replica still honoured on another; locking the admin out by failing at its password; hashes made
 * at an old cost. Both replicas read the API keys again only once an hour here, so only the NOTIFY of a change can
 * explain one replica learning of it from the other. Clients' addresses come from X-Forwarded-For (the test is
 * the trusted proxy).
 */
const PASSWORD = 'a-dispatcher-password'
const HOUR_MS = '3600000'
let test: TestApi
let a: string
let b: string
let replicaB: Api
let admin: Record<string, string>

const call = (url: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
  fetch(`${url}${path}`, { method, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
const codeOf = async (response: Response) => ((await response.json()) as { code: string }).code
const signInFrom = (url: string, address: string, username: string, password: string) =>
  call(url, 'POST', '/api/v1/auth/token', { 'x-forwarded-for': address }, { username, password })
/** A dispatcher-only read: 200 while the token is good. */
const vehicles = (url: string, headers: Record<string, string>) => call(url, 'GET', '/api/v1/vehicles', headers).then((r) => r.status)

async function createAccount(username: string, role: 'dispatcher' | 'admin' = 'dispatcher'): Promise<void> {
  expect((await call(a, 'POST', '/api/v1/accounts', admin, { username, password: PASSWORD, role })).status).toBe(201)
}

beforeAll(async () => {
  const env = { TRUST_PROXY: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '100000', API_KEYS_RELOAD_MS: HOUR_MS }
  test = await startTestApi({ logger: pino({ level: 'error' }), env })
  replicaB = await startTestReplica(test, { logger: pino({ level: 'error' }), env })
  a = test.api.url
  b = replicaB.url
  admin = await signIn(a, 'admin', TEST_ADMIN_PASSWORD)
}, 180_000)
afterAll(async () => {
  await replicaB?.stop()
  await test?.stop()
})

describe(`revoking sign-ins and API keys, over two replicas (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('refuses a token after its account signs out, on every replica at once', async () => {
    await createAccount('leaving')
    const token = await signIn(a, 'leaving', PASSWORD)
    expect([await vehicles(a, token), await vehicles(b, token)]).toEqual([200, 200])
    expect((await call(b, 'POST', '/api/v1/auth/logout', token)).status).toBe(204)
    const refused = await call(a, 'GET', '/api/v1/vehicles', token)
    expect([refused.status, await codeOf(refused)]).toEqual([401, 'API_UNAUTHENTICATED'])
    expect(await vehicles(b, token)).toBe(401)
    expect(await vehicles(a, await signIn(b, 'leaving', PASSWORD))).toBe(200) // signing in again works
  })

  it('refuses a disabled account\'s token and its sign-in, until it is enabled again', async () => {
    await createAccount('disabled-one')
    const token = await signIn(a, 'disabled-one', PASSWORD)
    const disabled = await call(a, 'PATCH', '/api/v1/accounts/disabled-one', admin, { disabled: true })
    expect(await disabled.json()).toEqual({ accountId: expect.any(Number), username: 'disabled-one', role: 'dispatcher', disabled: true })
    expect([await vehicles(a, token), await vehicles(b, token)]).toEqual([401, 401])
    expect((await signInFrom(b, '198.51.100.20', 'disabled-one', PASSWORD)).status).toBe(401)
    expect((await call(b, 'PATCH', '/api/v1/accounts/disabled-one', admin, { disabled: false })).status).toBe(200)
    expect(await vehicles(a, token)).toBe(401) // the old token stays revoked
    expect(await vehicles(b, await signIn(a, 'disabled-one', PASSWORD))).toBe(200)
    expect(await codeOf(await call(a, 'PATCH', '/api/v1/accounts/nobody-here', admin, { disabled: true }))).toBe('API_ACCOUNT_NOT_FOUND')
  })

  it('refuses an admin token once its account is made a dispatcher: it cannot create accounts any more', async () => {
    await createAccount('demoted', 'admin')
    const oldToken = await signIn(a, 'demoted', PASSWORD)
    expect((await call(b, 'POST', '/api/v1/accounts', oldToken, { username: 'made-by-demoted', password: PASSWORD, role: 'admin' })).status).toBe(201)
    expect(await (await call(a, 'PATCH', '/api/v1/accounts/demoted', admin, { role: 'dispatcher' })).json()).toMatchObject({ role: 'dispatcher', disabled: false })
    for (const url of [a, b]) {
      const refused = await call(url, 'POST', '/api/v1/accounts', oldToken, { username: `made-later-${url.length}`, password: PASSWORD, role: 'admin' })
      expect([refused.status, await codeOf(refused)]).toEqual([401, 'API_UNAUTHENTICATED'])
    }
    const asDispatcher = await signIn(b, 'demoted', PASSWORD)
    expect((await call(a, 'POST', '/api/v1/accounts', asDispatcher, { username: 'made-later', password: PASSWORD, role: 'admin' })).status).toBe(403)
    expect(await vehicles(a, asDispatcher)).toBe(200)
    // the last enabled admin cannot be disabled or demoted (made-by-demoted is an admin too: disable it first)
    expect((await call(a, 'PATCH', '/api/v1/accounts/made-by-demoted', admin, { disabled: true })).status).toBe(200)
    for (const change of [{ disabled: true }, { role: 'dispatcher' }]) {
      const refused = await call(a, 'PATCH', '/api/v1/accounts/admin', admin, change)
      expect([refused.status, await codeOf(refused)]).toEqual([409, 'API_LAST_ADMIN'])
    }
    expect(await vehicles(a, admin)).toBe(200) // a refused change revokes nothing
  })

  it('refuses every earlier token after a password change, and answers the change with a fresh one', async () => {
    await createAccount('changing')
    const [first, second] = [await signIn(a, 'changing', PASSWORD), await signIn(b, 'changing', PASSWORD)]
    const wrong = await call(a, 'POST', '/api/v1/auth/password', first, { currentPassword: 'not-the-password', newPassword: 'a-new-password-1' })
    expect([wrong.status, await codeOf(wrong)]).toEqual([403, 'API_WRONG_PASSWORD'])
    expect(await vehicles(a, first)).toBe(200) // a wrong current password changes nothing
    const changed = await call(a, 'POST', '/api/v1/auth/password', first, { currentPassword: PASSWORD, newPassword: 'a-new-password-1' })
    expect(changed.status).toBe(200)
    const fresh = { authorization: `Bearer ${((await changed.json()) as { token: string }).token}` }
    expect([await vehicles(a, first), await vehicles(b, first), await vehicles(b, second)]).toEqual([401, 401, 401])
    expect([await vehicles(a, fresh), await vehicles(b, fresh)]).toEqual([200, 200])
    expect((await signInFrom(b, '198.51.100.30', 'changing', PASSWORD)).status).toBe(401)
    expect((await signInFrom(b, '198.51.100.30', 'changing', 'a-new-password-1')).status).toBe(200)
  })

  it('refuses an API key revoked on replica A on replica B, without waiting for the periodic reload', async () => {
    const made = await call(a, 'POST', '/api/v1/api-keys', admin, { name: 'an app', rateLimitPerMinute: 4321 })
    const { key, keyId } = (await made.json()) as { key: string; keyId: number }
    const limitAt = async (url: string) => {
      const response = await call(url, 'GET', '/gtfs-rt/alerts.pb', { 'x-api-key': key })
      return response.status === 200 ? response.headers.get('x-ratelimit-limit') : await codeOf(response)
    }
    expect(await limitAt(a)).toBe('4321')
    await vi.waitFor(async () => expect(await limitAt(b)).toBe('4321'), { timeout: 30_000, interval: 100 }) // B heard of the new key
    expect((await call(a, 'DELETE', `/api/v1/api-keys/${keyId}`, admin)).status).toBe(204)
    expect(await limitAt(a)).toBe('API_INVALID_API_KEY')
    await vi.waitFor(async () => expect(await limitAt(b)).toBe('API_INVALID_API_KEY'), { timeout: 30_000, interval: 100 })
    const listed = (await (await call(b, 'GET', '/api/v1/api-keys', admin)).json()) as { apiKeys: Array<Record<string, unknown>> }
    expect(listed.apiKeys.find((k) => k.keyId === keyId)).toEqual({ keyId, name: 'an app', rateLimitPerMinute: 4321, createdAt: expect.any(String), revokedAt: expect.any(String) })
    expect(JSON.stringify(listed)).not.toContain(key)
    expect((await call(b, 'DELETE', `/api/v1/api-keys/${keyId}`, admin)).status).toBe(204) // again: no change
    expect(await codeOf(await call(b, 'DELETE', '/api/v1/api-keys/999999', admin))).toBe('API_API_KEY_NOT_FOUND')
    expect((await call(a, 'GET', '/api/v1/api-keys', await signIn(a, 'leaving', PASSWORD))).status).toBe(403)

    // revoked in the database by hand (no api involved): both replicas refuse it without a restart
    const other = (await (await call(b, 'POST', '/api/v1/api-keys', admin, { name: 'another app', rateLimitPerMinute: 1234 })).json()) as { key: string; keyId: number }
    const statusAt = async (url: string) => (await call(url, 'GET', '/gtfs-rt/alerts.pb', { 'x-api-key': other.key })).status
    await vi.waitFor(async () => expect([await statusAt(a), await statusAt(b)]).toEqual([200, 200]), { timeout: 30_000, interval: 100 })
    await test.database.pool.query('UPDATE api_keys SET revoked_at = now() WHERE key_id = $1', [other.keyId])
    await vi.waitFor(async () => expect([await statusAt(a), await statusAt(b)]).toEqual([401, 401]), { timeout: 30_000, interval: 100 })
  }, 120_000)

  it('does not let anyone lock the admin out: failures from one address hold back only that address', async () => {
    for (let i = 0; i < 6; i++) expect((await signInFrom(i % 2 ? a : b, '203.0.113.66', 'admin', `guess-${i}`)).status).toBe(i < 5 ? 401 : 429)
    const held = await signInFrom(a, '203.0.113.66', 'admin', TEST_ADMIN_PASSWORD)
    expect([held.status, await codeOf(held)]).toEqual([429, 'API_AUTH_LOCKED_OUT']) // the guesser, even with the password
    for (const url of [a, b]) expect((await signInFrom(url, '198.51.100.1', 'admin', TEST_ADMIN_PASSWORD)).status).toBe(200)
    // one IPv6 /64 is one client; another /64 is another
    for (let i = 0; i < 5; i++) expect((await signInFrom(a, `2001:db8:5:6::${i + 1}`, 'admin', `guess-${i}`)).status).toBe(401)
    expect((await signInFrom(b, '2001:db8:5:6:ffff::1', 'admin', TEST_ADMIN_PASSWORD)).status).toBe(429)
    expect((await signInFrom(b, '2001:db8:5:7::1', 'admin', TEST_ADMIN_PASSWORD)).status).toBe(200)
  })

  it('makes a password hashed at an old cost again at the current one when its account signs in', async () => {
    const old = await createPasswordHasher({ n: 2 ** 14 }).hash(PASSWORD)
    await insertAccount(test.database.pool, 'old-hash', old, 'dispatcher')
    const stored = async () => (await test.database.pool.query<{ password_hash: string }>("SELECT password_hash FROM api_accounts WHERE username = 'old-hash'")).rows[0]!.password_hash
    // a wrong password and an unknown username: the same answer (and the same work, at the current cost)
    const wrong = await signInFrom(a, '198.51.100.40', 'old-hash', 'not-the-password')
    const unknown = await signInFrom(a, '198.51.100.40', 'no-such-user', 'not-the-password')
    expect([wrong.status, await wrong.json()]).toEqual([unknown.status, await unknown.json()])
    expect(await stored()).toBe(old) // not on a failure
    expect((await signInFrom(b, '198.51.100.41', 'old-hash', PASSWORD)).status).toBe(200)
    expect((await stored()).split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1'])
    expect((await signInFrom(a, '198.51.100.41', 'old-hash', PASSWORD)).status).toBe(200) // the new hash works
  })
})
