import { describe, expect, it } from 'vitest'
import { bidiIsolate } from './bidi-isolate.js'

describe('bidi isolate', () => {
  it('wraps a value in U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE', () => {
    expect(bidiIsolate('bus-0125')).toBe('\u2068bus-0125\u2069')
  })
})
