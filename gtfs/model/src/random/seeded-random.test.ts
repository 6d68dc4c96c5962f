import { describe, expect, it } from 'vitest'
import { createRandom, pickOne, randomInt } from './seeded-random.js'

describe('createRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const take = (seed: number) => {
      const random = createRandom(seed)
      return Array.from({ length: 5 }, () => random())
    }
    expect(take(206)).toEqual(take(206))
    expect(take(206)).not.toEqual(take(207))
  })

  it('stays in [0, 1) and spreads over it', () => {
    const random = createRandom(1)
    const values = Array.from({ length: 10_000 }, () => random())
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThan(1)
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length
    expect(mean).toBeCloseTo(0.5, 1)
  })

  it('draws integers within both bounds and picks every item eventually', () => {
    const random = createRandom(3)
    const ints = new Set(Array.from({ length: 1000 }, () => randomInt(random, 5, 10)))
    expect([...ints].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10])
    const picked = new Set(Array.from({ length: 200 }, () => pickOne(random, ['a', 'b', 'c'])))
    expect(picked.size).toBe(3)
  })
})
