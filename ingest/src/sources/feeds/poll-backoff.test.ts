import { describe, expect, it } from 'vitest'
import { nextPollDelayMs } from './poll-backoff.js'

describe('nextPollDelayMs', () => {
  it('is the interval after a success, doubles per error in a row, and stops at the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 60].map((errors) => nextPollDelayMs(1_000, 10_000, errors))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000])
  })

  it('never waits less than the interval, even with a maximum below it', () => {
    expect(nextPollDelayMs(30_000, 5_000, 3)).toBe(30_000)
  })
})
