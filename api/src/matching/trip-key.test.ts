import { describe, expect, it } from 'vitest'
import { tripKey } from './trip-key.js'

describe('tripKey', () => {
  it('tells a trip on two days, and two trips whose ids and dates run together, apart', () => {
    expect(tripKey('2026-11-23', 'T1')).toBe(tripKey('2026-11-23', 'T1'))
    expect(tripKey('2026-11-23', 'T1')).not.toBe(tripKey('2026-11-24', 'T1'))
    expect(new Set([tripKey('2026-11-23', 'T1'), tripKey('2026-11-23', 'T1@07:05:00'), tripKey('2026-11-2', '3T1')]).size).toBe(3)
  })
})
