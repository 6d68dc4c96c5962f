import type pg from 'pg'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { watchDatabase } from './database-health.js'

/** A pool whose SELECT 1 succeeds or fails as the test says (pg is not ours to run here; the fault test runs it for real). */
function poolAnswering(answer: { up: boolean }): pg.Pool {
  return { query: () => (answer.up ? Promise.resolve({ rows: [{}] }) : Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'))) } as unknown as pg.Pool
}

describe('watchDatabase', () => {
  it('says unavailable with the reason after a failed probe, and available again after one that answers', async () => {
    const answer = { up: true }
    const health = watchDatabase({ pool: poolAnswering(answer), logger: pino({ level: 'silent' }), everyMs: 60_000 })
    try {
      expect(await health.check()).toBe(true)
      expect(health.notReadyReasons()).toEqual([])
      answer.up = false
      expect(await health.check()).toBe(false)
      expect(health.available).toBe(false)
      expect(health.notReadyReasons()).toEqual([expect.stringMatching(/database is unreachable \(connect ECONNREFUSED/)])
      answer.up = true
      expect(await health.check()).toBe(true)
      expect(health.available).toBe(true)
    } finally {
      health.stop()
    }
  })
})
