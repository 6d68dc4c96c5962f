import { describe, expect, it } from 'vitest'
import { errorRateOf, sourceStatusOf, toSourceFeeds, type SourceHealthRow } from './source-status.js'

const NOW = Date.UTC(2026, 11, 7, 9, 0)
const MIN = 60_000
const row = (over: Partial<SourceHealthRow>): SourceHealthRow => ({
  sourceId: 'vendor', kind: 'gtfs-rt', url: 'https://avl.example.org/vp.pb', intervalS: 10, instance: 'ingest-0', lastSuccessAtMs: NOW - 10_000, lastErrorAtMs: null,
  lastError: null, polls: 100, errors: 0, consecutiveErrors: 0, fixes: 5000, unchanged: 40, rejected: 2, updatedAtMs: NOW - 10_000, ...over,
})

describe('a polled feed\'s status', () => {
  it('is ok when its last poll succeeded within the threshold', () => {
    expect(sourceStatusOf(row({}), NOW, 2 * MIN)).toBe('ok')
    // an old error, since answered by a success
    expect(sourceStatusOf(row({ lastErrorAtMs: NOW - 5 * MIN, lastError: 'HTTP 503', errors: 3 }), NOW, 2 * MIN)).toBe('ok')
  })

  it('is failing on a consecutive error, or an error newer than the last success', () => {
    expect(sourceStatusOf(row({ consecutiveErrors: 1, lastErrorAtMs: NOW - 5000, errors: 1 }), NOW, 2 * MIN)).toBe('failing')
    expect(sourceStatusOf(row({ lastErrorAtMs: NOW - 5000 }), NOW, 2 * MIN)).toBe('failing')
    expect(sourceStatusOf(row({ lastSuccessAtMs: null, lastErrorAtMs: NOW - 5000 }), NOW, 2 * MIN)).toBe('failing')
    // failing wins over silent: the error is what to show
    expect(sourceStatusOf(row({ lastSuccessAtMs: NOW - 60 * MIN, consecutiveErrors: 300 }), NOW, 2 * MIN)).toBe('failing')
  })

  it('is silent when nothing failed but nothing succeeded for longer than the threshold (or ever)', () => {
    expect(sourceStatusOf(row({ lastSuccessAtMs: NOW - 2 * MIN - 1 }), NOW, 2 * MIN)).toBe('silent')
    expect(sourceStatusOf(row({ lastSuccessAtMs: NOW - 2 * MIN }), NOW, 2 * MIN)).toBe('ok')
    expect(sourceStatusOf(row({ lastSuccessAtMs: null, polls: 0 }), NOW, 2 * MIN)).toBe('silent')
  })

  it('waits three poll intervals before calling a slowly polled feed silent', () => {
    expect(sourceStatusOf(row({ intervalS: 300, lastSuccessAtMs: NOW - 14 * MIN }), NOW, 2 * MIN)).toBe('ok')
    expect(sourceStatusOf(row({ intervalS: 300, lastSuccessAtMs: NOW - 16 * MIN }), NOW, 2 * MIN)).toBe('silent')
    expect(sourceStatusOf(row({ intervalS: null, lastSuccessAtMs: NOW - 3 * MIN }), NOW, 2 * MIN)).toBe('silent')
  })

  it('has an error rate of errors / polls, none before the first poll', () => {
    expect(errorRateOf({ polls: 0, errors: 0 })).toBeNull()
    expect(errorRateOf({ polls: 3, errors: 1 })).toBe(0.333)
    expect(errorRateOf({ polls: 8, errors: 8 })).toBe(1)
  })

  it('lists failing feeds first, then silent, then ok, by id within each', () => {
    const feeds = toSourceFeeds([
      row({ sourceId: 'a-ok' }), row({ sourceId: 'z-failing', consecutiveErrors: 2, lastErrorAtMs: NOW - 1000, lastError: 'timeout after 10000 ms' }),
      row({ sourceId: 'b-silent', lastSuccessAtMs: NOW - 10 * MIN }), row({ sourceId: 'c-failing', lastErrorAtMs: NOW - 1000 }),
    ], NOW, 2 * MIN)
    expect(feeds.map((f) => [f.sourceId, f.status])).toEqual([['c-failing', 'failing'], ['z-failing', 'failing'], ['b-silent', 'silent'], ['a-ok', 'ok']])
    expect(feeds[1]).toMatchObject({ lastError: 'timeout after 10000 ms', lastErrorAt: new Date(NOW - 1000).toISOString(), errorRate: 0, updatedAt: new Date(NOW - 10_000).toISOString() })
  })
})
