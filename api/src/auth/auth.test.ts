import type { FastifyReply, FastifyRequest } from 'fastify'
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { bearerTokenOf, createAuth, REVOCATION_FALLBACK_MS } from './auth.js'
import { createPasswordHasher } from './passwords.js'

/** A pool whose account reads answer from `accounts`, or fail as an unreachable database does. */
function fakePool(state: { accounts: Map<number, { username: string; role: 'dispatcher' | 'admin'; token_generation: number; disabled: boolean }>; down: boolean }) {
  return {
    async query(sql: string, values: unknown[] = []) {
      if (sql.includes('FROM api_keys')) return { rows: [] }
      if (state.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
      const row = state.accounts.get(values[0] as number)
      return { rows: row ? [row] : [] }
    },
  } as unknown as pg.Pool
}

const reply = {} as FastifyReply
const asRequest = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as unknown as FastifyRequest

describe('token checks while the database is away', () => {
  it('go by what this replica last read of the account, if that was just before the database went away', async () => {
    const clock = { nowMs: 1_800_000_000_000 }
    const state = { accounts: new Map([[1, { username: 'd1', role: 'dispatcher' as const, token_generation: 3, disabled: false }], [2, { username: 'd2', role: 'dispatcher' as const, token_generation: 0, disabled: false }]]), down: false }
    const auth = await createAuth({ pool: fakePool(state), secret: 'a-test-secret-that-is-long-enough-0123456789', tokenTtlS: 3600, now: () => clock.nowMs, passwords: createPasswordHasher({ n: 2 ** 14 }) })
    const guard = auth.requireRole('dispatcher')
    const d1 = auth.issue({ accountId: 1, username: 'd1', role: 'dispatcher', tokenGeneration: 3 }).token
    const d1Old = auth.issue({ accountId: 1, username: 'd1', role: 'dispatcher', tokenGeneration: 2 }).token
    clock.nowMs += REVOCATION_FALLBACK_MS
    const d2 = auth.issue({ accountId: 2, username: 'd2', role: 'dispatcher', tokenGeneration: 0 }).token // not read by a check since
    await guard(asRequest(d1), reply)
    state.down = true
    clock.nowMs += 3600_000 - REVOCATION_FALLBACK_MS - 1
    await expect(guard(asRequest(d1), reply)).resolves.toBeUndefined() // read just before: trusted through the outage
    await expect(guard(asRequest(d1Old), reply)).rejects.toMatchObject({ code: 'API_UNAUTHENTICATED' }) // revoked before: still revoked
    await expect(guard(asRequest(d2), reply)).resolves.toBeUndefined()
    state.down = false
    state.accounts.set(2, { username: 'd2', role: 'dispatcher', token_generation: 1, disabled: false }) // d2 signed out meanwhile (elsewhere)
    await expect(guard(asRequest(d2), reply)).rejects.toMatchObject({ code: 'API_UNAUTHENTICATED' })
  })

  it('are not trusted for an account last read long before the database went away', async () => {
    const clock = { nowMs: 1_800_000_000_000 }
    const state = { accounts: new Map([[1, { username: 'd1', role: 'dispatcher' as const, token_generation: 0, disabled: false }], [2, { username: 'd2', role: 'dispatcher' as const, token_generation: 0, disabled: false }]]), down: false }
    const auth = await createAuth({ pool: fakePool(state), secret: 'a-test-secret-that-is-long-enough-0123456789', tokenTtlS: 3600, now: () => clock.nowMs, passwords: createPasswordHasher({ n: 2 ** 14 }) })
    const guard = auth.requireRole('dispatcher')
    const [d1, d2] = [1, 2].map((accountId) => auth.issue({ accountId, username: `d${accountId}`, role: 'dispatcher', tokenGeneration: 0 }).token)
    clock.nowMs += REVOCATION_FALLBACK_MS + 1
    await guard(asRequest(d2!), reply) // the last successful read
    state.down = true
    await expect(guard(asRequest(d1!), reply)).rejects.toMatchObject({ code: 'ECONNREFUSED' }) // a 503 API_DATABASE_UNAVAILABLE
    await expect(guard(asRequest(d2!), reply)).resolves.toBeUndefined()
  })
})

const request = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest

describe('bearerTokenOf', () => {
  it('reads Authorization: Bearer, or on a WebSocket upgrade the masar.bearer. subprotocol, and nothing else', () => {
    expect(bearerTokenOf(request({ authorization: 'Bearer abc.def' }))).toBe('abc.def')
    expect(bearerTokenOf(request({ upgrade: 'websocket', 'sec-websocket-protocol': 'masar.live.v1, masar.bearer.abc.def' }))).toBe('abc.def')
    expect(bearerTokenOf(request({ upgrade: 'websocket', 'sec-websocket-protocol': 'masar.live.v1' }))).toBeNull()
    expect(bearerTokenOf(request({ 'sec-websocket-protocol': 'masar.bearer.abc.def' }))).toBeNull() // not an upgrade
    expect(bearerTokenOf(request({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeNull() // a site's password, not a token
    expect(bearerTokenOf(request({ upgrade: 'websocket', 'sec-websocket-protocol': 'masar.live.v1, masar.bearer.' }))).toBe('') // offered, empty: refused as invalid
  })
})
