import { describe, expect, it } from 'vitest'
import { isOnTime, ON_TIME_EARLIEST_S, ON_TIME_LATEST_S } from './on-time.js'

describe('isOnTime', () => {
  it('is one minute early to five minutes late, both ends included', () => {
    expect([ON_TIME_EARLIEST_S, ON_TIME_LATEST_S]).toEqual([-60, 300])
    expect(isOnTime(-60)).toBe(true)
    expect(isOnTime(300)).toBe(true)
    expect(isOnTime(0)).toBe(true)
    expect(isOnTime(-61)).toBe(false)
    expect(isOnTime(301)).toBe(false)
  })
})
