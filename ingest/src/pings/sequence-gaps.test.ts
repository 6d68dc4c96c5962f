import { describe, expect, it } from 'vitest'
import { SequenceGaps } from './sequence-gaps.js'

describe('SequenceGaps', () => {
  it('counts the numbers a jump skips, per vehicle', () => {
    const gaps = new SequenceGaps()
    expect(gaps.observe('a', 1).newlyMissing).toBe(0)
    expect(gaps.observe('a', 2).newlyMissing).toBe(0)
    expect(gaps.observe('a', 6).newlyMissing).toBe(3)
    expect(gaps.observe('b', 100).newlyMissing).toBe(0) // first seen: nothing known before it
    expect(gaps.observe('b', 102).newlyMissing).toBe(1)
    expect(gaps.missing).toBe(4)
  })

  it('takes a late arrival off the count, and ignores repeats', () => {
    const gaps = new SequenceGaps()
    gaps.observe('a', 1)
    gaps.observe('a', 5)
    expect(gaps.observe('a', 3)).toEqual({ newlyMissing: 0, recovered: true })
    expect(gaps.observe('a', 3)).toEqual({ newlyMissing: 0, recovered: false })
    expect(gaps.observe('a', 5)).toEqual({ newlyMissing: 0, recovered: false })
    expect(gaps.missing).toBe(2)
  })

  it('starts afresh when a tracker restarts its numbering', () => {
    const gaps = new SequenceGaps()
    gaps.observe('a', 50_000)
    gaps.observe('a', 50_003)
    expect(gaps.missing).toBe(2)
    expect(gaps.observe('a', 0).newlyMissing).toBe(0)
    expect(gaps.missing).toBe(0)
    expect(gaps.observe('a', 1).newlyMissing).toBe(0)
  })
})
