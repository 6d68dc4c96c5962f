import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createLoginThrottle, DEFAULT_LOGIN_THROTTLE, type LoginThrottle } from './login-throttle.js'

/**
 * Sign-in throttling as every api replica shares it: counted in PostgreSQL, each attempt before its password is
 * checked. Two throttles on one database stand for two replicas. The attacks of issue #17: locking an account out
 * by failing at it, moving within an IPv6 /64, guessing in parallel, and guessing from many addresses.
 */
let database: TestDatabase
const clock = { nowMs: 1_800_000_000_000 }
const throttle = (): LoginThrottle => createLoginThrottle(database.pool, { limits: DEFAULT_LOGIN_THROTTLE, now: () => clock.nowMs })

/** One sign-in attempt that turns out to be wrong (or right): null when it was checked, else the lockout. */
async function attempt(on: LoginThrottle, username: string, address: string, outcome: 'wrong' | 'right' = 'wrong') {
  const begun = await on.begin(username, address)
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
  clock.nowMs += 24 * 3600_000
})

describe(`sign-in throttling (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('does not lock the admin out: 5 failures from one address hold back only that address, the admin signs in from another', async () => {
    const one = throttle()
    for (let i = 0; i < 5; i++) expect(await attempt(one, 'admin', '203.0.113.66')).toBeNull()
    expect(await attempt(one, 'Admin', '203.0.113.66', 'right')).toEqual({ by: 'pair', retryAfterMs: 5_000 }) // even the right password
    for (let i = 0; i < 3; i++) expect(await attempt(one, 'admin', '203.0.113.66')).toEqual({ by: 'pair', retryAfterMs: 5_000 }) // refused: not counted
    expect(await attempt(one, 'admin', '198.51.100.1', 'right')).toBeNull()
  })

  it('makes one address wait longer after each further failure: 5 s, 10 s, 20 s… up to 15 minutes', async () => {
    const one = throttle()
    for (let i = 0; i < 5; i++) await attempt(one, 'dispatcher', '203.0.113.66')
    const waits: number[] = []
    for (let i = 0; i < 10; i++) {
      const lockout = await attempt(one, 'dispatcher', '203.0.113.66')
      if (!lockout) throw new Error('an attempt went through before its wait was over')
      waits.push(lockout.retryAfterMs / 1000)
      clock.nowMs += lockout.retryAfterMs - 1
      expect(await attempt(one, 'dispatcher', '203.0.113.66')).toEqual({ by: 'pair', retryAfterMs: 1 })
      clock.nowMs += 1
      expect(await attempt(one, 'dispatcher', '203.0.113.66')).toBeNull()
    }
    expect(waits).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 900, 900])
    clock.nowMs += 900_000
    expect(await attempt(one, 'dispatcher', '203.0.113.66', 'right')).toBeNull() // the right password clears it
    for (let i = 0; i < 5; i++) expect(await attempt(one, 'dispatcher', '203.0.113.66')).toBeNull()
  })

  it('counts addresses in one IPv6 /64 as one, and addresses in different /64s apart', async () => {
    const one = throttle()
    for (let i = 0; i < 5; i++) expect(await attempt(one, 'admin', `2001:db8:1:2::${(i + 1).toString(16)}`)).toBeNull()
    expect((await attempt(one, 'admin', '2001:db8:1:2:ffff:ffff:ffff:fffe'))?.by).toBe('pair')
    expect(await attempt(one, 'admin', '2001:db8:1:3::1')).toBeNull()
    // the address limit likewise: 20 failures over any usernames from one /64
    for (let i = 0; i < 15; i++) expect(await attempt(one, `user-${i}`, `2001:db8:1:2::${(i + 100).toString(16)}`)).toBeNull()
    expect(await attempt(one, 'someone', '2001:db8:1:2::abcd')).toEqual({ by: 'address', retryAfterMs: 15 * 60_000 })
    expect(await attempt(one, 'someone', '2001:db8:1:3::abcd')).toBeNull()
    expect(await attempt(one, 'someone', '::ffff:192.0.2.9')).toBeNull()
    expect(await attempt(one, 'someone', '192.0.2.9')).toBeNull() // the same client as the line before: its second failure…
    const { rows } = await database.pool.query<{ failures: number }>("SELECT failures FROM api_sign_in_failures WHERE throttle_key = 'a:192.0.2.9'")
    expect(rows).toEqual([{ failures: 2 }]) // …counted on one key
  })

  it('holds an address back for 15 minutes after 20 failures over any usernames, on whichever replica they came', async () => {
    const [one, two] = [throttle(), throttle()]
    for (let i = 0; i < 20; i++) expect(await attempt(i % 2 ? one : two, `user-${i}`, '10.0.0.1')).toBeNull()
    expect(await attempt(two, 'new', '10.0.0.1')).toEqual({ by: 'address', retryAfterMs: 15 * 60_000 })
    expect(await attempt(two, 'new', '10.0.0.2')).toBeNull()
    clock.nowMs += 15 * 60_000
    expect(await attempt(one, 'new', '10.0.0.1')).toBeNull()
  })

  it('checks at most 5 of 30 parallel guesses from one address at one username, over two replicas', async () => {
    const [one, two] = [throttle(), throttle()]
    const begun = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).begin('target', '203.0.113.7')))
    const checked = begun.filter((result) => 'attempt' in result)
    expect(checked.length).toBe(5)
    expect(begun.filter((result) => 'lockout' in result && result.lockout.by === 'pair').length).toBe(25)
    for (const result of checked) if ('attempt' in result) await result.attempt.failed()
    expect(await attempt(one, 'target', '203.0.113.7', 'right')).toEqual({ by: 'pair', retryAfterMs: 5_000 })
  })

  it('checks at most 30 guesses at one username from a flood of addresses, then one every 15 s, whatever the address', async () => {
    const [one, two] = [throttle(), throttle()]
    const begun = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? one : two).begin('admin', `2001:db8:${i.toString(16)}::1`)))
    const checked = begun.flatMap((result) => ('attempt' in result ? [result.attempt] : []))
    expect(checked.length).toBe(30)
    for (const checking of checked) await checking.failed()
    let fresh = 1000
    const from = () => `198.18.${Math.floor(++fresh / 256)}.${fresh % 256}` // an address never seen before, each time
    expect(await attempt(one, 'admin', from(), 'right')).toEqual({ by: 'username', retryAfterMs: 15_000 })
    clock.nowMs += 15_000
    expect(await attempt(two, 'admin', from())).toBeNull() // one guess through…
    expect((await Promise.all(Array.from({ length: 10 }, () => attempt(one, 'admin', from())))).map((r) => r?.by)).toEqual(Array(10).fill('username')) // …and none more for 15 s
    clock.nowMs += 15_000
    expect(await attempt(two, 'admin', from(), 'right')).toBeNull() // slowed, not locked: the right password gets in
    expect(await attempt(one, 'admin', from())).toBeNull() // and clears the username's count
  })

  it('changes nothing for a refused attempt, and clears a username\'s counts on success but only takes its own attempt back from the address', async () => {
    const one = throttle()
    const inProgress = await Promise.all(Array.from({ length: 5 }, () => one.begin('x', '10.0.0.1')))
    expect(await one.begin('x', '10.0.0.1')).toEqual({ lockout: { by: 'pair', retryAfterMs: 1000 } }) // the 5th is still being checked
    const first = inProgress[0]!
    if (!('attempt' in first)) throw new Error('the first attempt was refused')
    await first.attempt.succeeded()
    const { rows } = await database.pool.query<{ throttle_key: string; failures: number }>('SELECT throttle_key, failures FROM api_sign_in_failures ORDER BY throttle_key')
    expect(rows).toEqual([{ throttle_key: 'a:10.0.0.1', failures: 4 }])
  })
})
