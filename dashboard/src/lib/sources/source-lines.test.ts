import { describe, expect, it } from 'vitest'
import type { SourceFeedHealth } from '@masar/model/api/sources'
import { feedsNeedingAttention, formatErrorRate, secondsSince } from './source-lines.js'

describe('a source line', () => {
  it('gives the age of the last success in seconds, none for never', () => {
    expect(secondsSince('2026-12-07T09:00:00.000Z', Date.UTC(2026, 11, 7, 9, 2, 5, 900))).toBe(125)
    expect(secondsSince(null, 0)).toBeNull()
    expect(secondsSince('2026-12-07T09:00:10.000Z', Date.UTC(2026, 11, 7, 9, 0))).toBe(0) // a clock a little behind
  })

  it('shows the error rate as a percentage', () => {
    expect(formatErrorRate(null)).toBeNull()
    expect(formatErrorRate(0)).toBe('0%')
    expect(formatErrorRate(0.25)).toBe('25%')
    expect(formatErrorRate(1)).toBe('100%')
    expect(formatErrorRate(0.001)).toBe('0.1%')
    expect(formatErrorRate(0.0123)).toBe('1.2%')
  })

  it('counts the feeds failing or silent', () => {
    const feed = (status: SourceFeedHealth['status']) => ({ status }) as SourceFeedHealth
    expect(feedsNeedingAttention([feed('ok'), feed('failing'), feed('silent')])).toBe(2)
    expect(feedsNeedingAttention([])).toBe(0)
  })
})
