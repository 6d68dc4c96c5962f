import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addRateLimitHits } from './rate-limit.repository.js'
import { createDatabaseRateLimit } from './register-rate-limits.js'
import { createSharedRateLimit, type SharedRateLimit } from './shared-rate-limit.js'

/** Two limiters on one database stand for two api replicas; each syncs when the test says (its timer is an hour). */
let database: TestDatabase
const limiters: SharedRateLimit[] = []
const clock = { nowMs: Date.UTC(2026, 11, 7, 9, 0, 0) }
const replica = (errors: unknown[] = []) => {
  const limit = createDatabaseRateLimit({ pool: database.pool, now: () => clock.nowMs, onSyncError: (err) => errors.push(err), syncEveryMs: 3_600_000 })
  limiters.push(limit)
  return limit
}
const hits = (limit: SharedRateLimit, key: string, max: number, n: number) => Array.from({ length: n }, () => limit.hit(key, max).allowed)

beforeAll(async () => {
  database = await createTestDatabase()
}, 120_000)
afterAll(async () => {
  for (const limit of limiters) limit.close()
  await database?.close()
})

describe(`shared rate limit (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'})`, () => {
  it('holds one limit over two replicas, each learning the other\'s requests at its next sync', async () => {
    const [one, two] = [replica(), replica()]
    expect(hits(one, 'ip:a', 10, 6)).toEqual(Array(6).fill(true))
    await one.sync()
    expect(hits(two, 'ip:a', 10, 1)).toEqual([true]) // two has not heard of a yet
    await two.sync() // adds its 1, learns 7
    expect(hits(two, 'ip:a', 10, 4)).toEqual([true, true, true, false])
    expect(hits(one, 'ip:a', 10, 1)).toEqual([true]) // one still believes 6 (the approximation: one sync late)…
    await two.sync()
    await one.sync() // …until it adds its 7th and learns 11
    expect(one.hit('ip:a', 10)).toMatchObject({ allowed: false, count: 11 })
    const { rows } = await database.pool.query<{ hits: number }>('SELECT hits FROM api_rate_limit_counts WHERE client_key = $1', ['ip:a'])
    expect(rows).toEqual([{ hits: 11 }])
  })

  it('keeps a client at its limit limited as the minute turns, and lets it back in as the last minute slides out', async () => {
    const limit = replica()
    clock.nowMs = Date.UTC(2026, 11, 7, 9, 1, 50)
    expect(hits(limit, 'ip:b', 10, 11)).toEqual([...Array(10).fill(true), false])
    expect(limit.hit('ip:b', 10).retryAfterMs).toBe(10_000 + 6_000) // to the minute's end, then 1/10 of the next
    clock.nowMs = Date.UTC(2026, 11, 7, 9, 2, 1) // a fixed window would allow 10 more now
    expect(limit.hit('ip:b', 10).allowed).toBe(false)
    clock.nowMs = Date.UTC(2026, 11, 7, 9, 2, 30) // half of the last minute still counts: 5
    expect(hits(limit, 'ip:b', 10, 7)).toEqual([...Array(5).fill(true), false, false])
  })

  it('limits on its own counts while the store is unreachable, and adds them once it can', async () => {
    const errors: unknown[] = []
    let down = true
    const limit = createSharedRateLimit({
      windowMs: 60_000, syncEveryMs: 3_600_000, maxKeys: 100, now: () => clock.nowMs, onSyncError: (err) => errors.push(err),
      store: {
        add: (startMs, added, watched) => (down ? Promise.reject(new Error('connection refused')) : addRateLimitHits(database.pool, new Date(startMs), added, watched)),
        forgetBefore: async () => {},
      },
    })
    limiters.push(limit)
    clock.nowMs = Date.UTC(2026, 11, 7, 9, 5, 0)
    expect(hits(limit, 'ip:c', 5, 3)).toEqual([true, true, true])
    await limit.sync()
    expect(errors.length).toBe(1)
    expect(hits(limit, 'ip:c', 5, 3)).toEqual([true, true, false]) // its own 3 still count
    down = false
    await limit.sync()
    const { rows } = await database.pool.query<{ hits: number }>('SELECT hits FROM api_rate_limit_counts WHERE client_key = $1', ['ip:c'])
    expect(rows).toEqual([{ hits: 5 }])
  })

  it('lets through, uncounted, clients beyond its memory bound rather than grow without end', () => {
    const limit = createSharedRateLimit({ windowMs: 60_000, syncEveryMs: 3_600_000, maxKeys: 2, now: () => clock.nowMs, onSyncError: () => {}, store: { add: async () => new Map(), forgetBefore: async () => {} } })
    limiters.push(limit)
    expect([...hits(limit, 'ip:x', 1, 2), ...hits(limit, 'ip:y', 1, 2), ...hits(limit, 'ip:z', 1, 2)]).toEqual([true, false, true, false, true, true])
  })
})

