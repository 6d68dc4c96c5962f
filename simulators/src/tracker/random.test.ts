import { describe, expect, it } from 'vitest'
import { createRandom, forkRandom } from './random.js'

const draw = (random: { next(): number }, count: number) => Array.from({ length: count }, () => random.next())

describe('createRandom', () => {
  it('gives the same sequence for the same seed, a number or its string', () => {
    expect(draw(createRandom(206), 50)).toEqual(draw(createRandom('206'), 50))
    expect(draw(createRandom(206), 50)).not.toEqual(draw(createRandom(207), 50))
  })

  it('draws uniform numbers in [0, 1) and standard normal deviates', () => {
    const random = createRandom('stats')
    const uniform = draw(random, 100_000)
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...uniform)).toBeLessThan(1)
    expect(uniform.reduce((a, b) => a + b, 0) / uniform.length).toBeCloseTo(0.5, 2)
    const normal = Array.from({ length: 100_000 }, () => random.normal())
    const mean = normal.reduce((a, b) => a + b, 0) / normal.length
    const sd = Math.sqrt(normal.reduce((a, b) => a + (b - mean) ** 2, 0) / normal.length)
    expect(Math.abs(mean)).toBeLessThan(0.02)
    expect(sd).toBeCloseTo(1, 1)
  })

  it('draws integers with both ends included, and picks from a list', () => {
    const random = createRandom('ints')
    const seen = new Set(Array.from({ length: 1000 }, () => random.int(3, 6)))
    expect([...seen].sort()).toEqual([3, 4, 5, 6])
    expect(['a', 'b']).toContain(random.pick(['a', 'b']))
    expect(() => random.pick([])).toThrow(RangeError)
    expect(() => random.int(5, 4)).toThrow(RangeError)
  })
})

describe('forkRandom', () => {
  it('names independent streams that do not depend on how much the parent was used', () => {
    const parent = createRandom(1)
    const before = draw(forkRandom(parent, 'bus-1'), 20)
    draw(parent, 1000)
    expect(draw(forkRandom(parent, 'bus-1'), 20)).toEqual(before)
    expect(draw(forkRandom(parent, 'bus-2'), 20)).not.toEqual(before)
    expect(draw(forkRandom(createRandom(2), 'bus-1'), 20)).not.toEqual(before)
  })
})
