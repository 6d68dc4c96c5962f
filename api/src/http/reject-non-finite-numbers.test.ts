import { describe, expect, it } from 'vitest'
import { firstNonFiniteNumber } from './reject-non-finite-numbers.js'

describe('firstNonFiniteNumber', () => {
  it('names the first Infinity or NaN, at any depth', () => {
    expect(firstNonFiniteNumber({ hours: 24, lang: 'ar' }, 'querystring')).toBeNull()
    expect(firstNonFiniteNumber({ hours: Number.NEGATIVE_INFINITY }, 'querystring')).toBe('querystring.hours')
    expect(firstNonFiniteNumber({ a: [1, { b: Number.NaN }] }, 'body')).toBe('body.a.1.b')
    expect(firstNonFiniteNumber(JSON.parse('{"rateLimitPerMinute":1e309}'), 'body')).toBe('body.rateLimitPerMinute')
    expect(firstNonFiniteNumber(undefined, 'body')).toBeNull()
  })

  it('walks a deeply nested body without overflowing the stack', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(50_000)}1e309${'}'.repeat(50_000)}`) as unknown
    expect(firstNonFiniteNumber(deep, 'body')).toMatch(/^body(\.a){50000}$/)
  })
})
