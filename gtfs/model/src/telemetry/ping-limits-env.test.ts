import { Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PING_LIMITS } from './ping-limits.js'
import { PingLimitsEnv, toPingLimits, type PingLimitsEnvValues } from './ping-limits-env.js'

const Env = Type.Object(PingLimitsEnv)
const parse = (env: Record<string, string>) => toPingLimits(Value.Parse(Env, env) as PingLimitsEnvValues)

describe('toPingLimits', () => {
  it('gives the default limits for an environment that sets none', () => {
    expect(parse({})).toEqual(DEFAULT_PING_LIMITS)
  })

  it('takes clock skew, speed and age from the environment, in their units', () => {
    expect(parse({ INGEST_MAX_FUTURE_S: '10', INGEST_MAX_SPEED_MPS: '22.5', POSITIONS_RETENTION_DAYS: '365' })).toEqual({
      ...DEFAULT_PING_LIMITS, maxFutureMs: 10_000, maxSpeedMps: 22.5, maxAgeMs: 365 * 86_400_000,
    })
  })

  it('takes a lower cap on the fixes of one batch message, never a higher one than the contract\'s 2,000', () => {
    expect(parse({ INGEST_MAX_BATCH_PINGS: '100' }).maxBatchPings).toBe(100)
    expect(() => parse({ INGEST_MAX_BATCH_PINGS: '2001' })).toThrow()
    expect(() => parse({ INGEST_MAX_BATCH_PINGS: '0' })).toThrow()
  })

  it('refuses limits that would refuse every ping', () => {
    expect(Value.Check(Env, { INGEST_MAX_FUTURE_S: 0, INGEST_MAX_SPEED_MPS: 0, POSITIONS_RETENTION_DAYS: 30 })).toBe(false)
    expect(Value.Check(Env, { INGEST_MAX_FUTURE_S: 0, INGEST_MAX_SPEED_MPS: 1, POSITIONS_RETENTION_DAYS: 0 })).toBe(false)
  })
})
