import { describe, expect, it } from 'vitest'
import type { SourceFix } from '../source-fix.js'
import { splitUnchanged } from './unchanged-fixes.js'

const fix = (device: string, ts: string | number): SourceFix => ({ device, payload: { ts, lat: 1, lon: 2 } })

describe('splitUnchanged', () => {
  it("drops a vehicle's fix whose time equals the previous poll's, the same instant written either way", () => {
    const first = splitUnchanged([fix('a', 1_000), fix('b', '2024-01-01T10:00:00+03:00')], new Map())
    expect([first.changed.length, first.unchanged]).toEqual([2, 0])
    const second = splitUnchanged([fix('a', 1_000), fix('b', '2024-01-01T07:00:00.000Z'), fix('c', 5)], first.seen)
    expect(second.changed.map((f) => f.device)).toEqual(['c'])
    expect(second.unchanged).toBe(2)
    const third = splitUnchanged([fix('a', 2_000)], second.seen)
    expect([third.changed.length, third.unchanged]).toEqual([1, 0])
  })

  it('drops a repeat of the same vehicle and time within one poll', () => {
    expect(splitUnchanged([fix('a', 1), fix('a', 1), fix('a', 2)], new Map()).unchanged).toBe(1)
  })
})
