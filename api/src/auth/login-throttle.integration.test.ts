import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createLoginThrottle, DEFAULT_LOGIN_THROTTLE, type LoginThrottle } from './login-throttle.js'

/**
 * The sign-in lockout as every api replica shares it: counted in PostgreSQL, each attempt before its password is
 * checked. Two throttles on one database stand for two replicas.
 */
let database: TestDatabase
const clock = { nowMs: 1_800_000_000_000 }
const throttleWith = (overrides = {}): LoginThrottle => createLoginThrottle(database.pool, { ...DEFAULT_LOGIN_THROTTLE, ...overrides, now: () => clock.nowMs })

/** One sign-in attempt that turns out to be wrong (or right): what `begin` answered. */
async function attempt(throttle: LoginThrottle, username: string, address: string, outcome: 'wrong' | 'right' = 'wrong') {
  const begun = await throttle.begin(username, address)
  if ('lockout' in begun) return begun.lockout
  await (outcome === 'wrong' ? begun.attempt.failed() : begun.attempt.succeeded())
  return null
}

beforeAll(async () => {
  database = await createTestDatabase()
}, 120_000)
afterAll(async () => {
  await database?.close()
})
beforeEach(async () => {
  await database.pool.query('DELETE FROM api_sign_in_failures')
})

describe(`sign-in lockout (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('locks a username for 15 minutes after 5 failures within 15 minutes, then lets it try again', async () => {
    const throttle = throttleWith()
    for (let i = 0; i < 4; i++) expect(await attempt(throttle, 'Dispatcher', '10.0.0.1')).toBeNull()
    expect(await attempt(throttle, 'dispatcher', '10.0.0.3')).toBeNull() // the 5th failure, whatever the case and address
    expect(await attempt(throttle, 'DISPATCHER', '10.0.0.9', 'right')).toEqual({ by: 'username', retryAfterMs: 15 * 60_000 })
    expect(await attempt(throttle, 'someone-else', '10.0.0.9')).toBeNull()
    clock.nowMs += 15 * 60_000 - 1
    expect(await attempt(throttle, 'dispatcher', '10.0.0.9')).toEqual({ by: 'username', retryAfterMs: 1 })
    clock.nowMs += 1
    expect(await attempt(throttle, 'dispatcher', '10.0.0.9')).toBeNull() // the lock is over: counting starts again
    for (let i = 0; i < 3; i++) expect(await attempt(throttle, 'dispatcher', '10.0.0.9')).toBeNull()
  })

  it('forgets failures once their window is over', async () => {
    const throttle = throttleWith()
    for (let i = 0; i < 4; i++) await attempt(throttle, 'a', '10.0.0.1')
    clock.nowMs += 15 * 60_000
    for (let i = 0; i < 4; i++) expect(await attempt(throttle, 'a', '10.0.0.1')).toBeNull()
  })

  it('clears a username\'s failures on success, but not its address\'s', async () => {
    const throttle = throttleWith({ maxFailuresPerAddress: 8 })
    for (let i = 0; i < 4; i++) await attempt(throttle, 'a', '10.0.0.1')
    expect(await attempt(throttle, 'a', '10.0.0.1', 'right')).toBeNull()
    for (let i = 0; i < 4; i++) expect(await attempt(throttle, 'a', '10.0.0.1')).toBeNull()
    expect(await attempt(throttle, 'a', '10.0.0.2')).toBeNull() // 'a' has 5 failures now, and is locked
    expect((await attempt(throttle, 'a', '10.0.0.2'))?.by).toBe('username')
    expect(await attempt(throttle, 'b', '10.0.0.1')).toEqual({ by: 'address', retryAfterMs: 15 * 60_000 })
  })

  it('locks an address after 20 failures over any usernames, on whichever replica they came', async () => {
    const [one, two] = [throttleWith(), throttleWith()]
    for (let i = 0; i < 19; i++) expect(await attempt(i % 2 ? one : two, `user-${i}`, '10.0.0.1')).toBeNull()
    expect(await attempt(one, 'user-19', '10.0.0.1')).toBeNull() // the 20th failure
    expect((await attempt(two, 'new', '10.0.0.1'))?.by).toBe('address')
    expect(await attempt(two, 'new', '10.0.0.2')).toBeNull()
  })

  it('lets at most 5 of 30 parallel guesses for one username be checked, over two replicas', async () => {
    const [one, two] = [throttleWith(), throttleWith()]
    const begun = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).begin('target', `10.0.1.${i}`)))
    const checked = begun.filter((result) => 'attempt' in result)
    expect(checked.length).toBe(5)
    for (const result of checked) if ('attempt' in result) await result.attempt.failed()
    expect(await attempt(one, 'target', '10.0.2.1', 'right')).toEqual({ by: 'username', retryAfterMs: 15 * 60_000 })
  })

  it('does not count an attempt refused while others are in progress', async () => {
    const throttle = throttleWith({ maxFailuresPerUsername: 1 })
    const first = await throttle.begin('x', '10.0.0.1')
    expect(await throttle.begin('x', '10.0.0.2')).toEqual({ lockout: { by: 'username', retryAfterMs: 1000 } })
    if (!('attempt' in first)) throw new Error('the first attempt was refused')
    await first.attempt.succeeded() // the right password: nothing held against the username or either address
    expect(await attempt(throttle, 'x', '10.0.0.2', 'right')).toBeNull()
    const { rows } = await database.pool.query<{ throttle_key: string; failures: number }>('SELECT throttle_key, failures FROM api_sign_in_failures ORDER BY throttle_key')
    expect(rows).toEqual([{ throttle_key: 'a:10.0.0.1', failures: 0 }, { throttle_key: 'a:10.0.0.2', failures: 0 }])
  })
})
