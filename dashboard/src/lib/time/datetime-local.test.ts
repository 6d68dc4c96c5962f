import { describe, expect, it } from 'vitest'
import { epochSToLocalInput, localInputToEpochS } from './datetime-local.js'

describe('datetime-local ⇄ epoch seconds', () => {
  it('reads the input as the local time of the browser', () => {
    expect(localInputToEpochS('2025-03-01T07:30')).toBe(new Date(2025, 2, 1, 7, 30).getTime() / 1000)
    expect(localInputToEpochS('2025-03-01T07:30:15')).toBe(new Date(2025, 2, 1, 7, 30, 15).getTime() / 1000)
  })
  it('treats an empty input as not set and refuses what is not a date', () => {
    expect(localInputToEpochS('')).toBeNull()
    expect(localInputToEpochS('  ')).toBeNull()
    expect(localInputToEpochS('tomorrow')).toBe('invalid')
    expect(localInputToEpochS('2025-02-30T10:00')).toBe('invalid')
  })
  it('writes epoch seconds back to minutes, and round-trips', () => {
    const s = new Date(2024, 11, 31, 23, 5).getTime() / 1000
    expect(epochSToLocalInput(s)).toBe('2024-12-31T23:05')
    expect(epochSToLocalInput(s + 59)).toBe('2024-12-31T23:05')
    expect(localInputToEpochS(epochSToLocalInput(s))).toBe(s)
    expect(epochSToLocalInput(null)).toBe('')
    expect(epochSToLocalInput(undefined)).toBe('')
  })
})
