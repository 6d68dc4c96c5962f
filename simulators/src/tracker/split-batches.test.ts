import { describe, expect, it } from 'vitest'
import { splitIntoBatches } from './split-batches.js'

describe('splitIntoBatches', () => {
  const pings = ['{"a":1}', '{"a":2}', '{"a":3}', '{"a":4}', '{"a":5}'] // 7 bytes each

  it('keeps every ping, in order, within the ping-count limit', () => {
    const batches = splitIntoBatches(pings, { maxBatchPings: 2, maxBatchBytes: 1000 })
    expect(batches.map((b) => b.pings)).toEqual([2, 2, 1])
    expect(batches.flatMap((b) => JSON.parse(b.payload) as unknown[])).toEqual(pings.map((p) => JSON.parse(p)))
  })

  it('keeps every batch within the byte limit, brackets and commas included', () => {
    const batches = splitIntoBatches(pings, { maxBatchPings: 100, maxBatchBytes: 17 }) // [p,p] is exactly 17 bytes
    expect(batches.map((b) => b.pings)).toEqual([2, 2, 1])
    for (const batch of batches) expect(Buffer.byteLength(batch.payload)).toBeLessThanOrEqual(17)
  })

  it('counts UTF-8 bytes, not characters', () => {
    const arabic = ['{"t":"عمان"}', '{"t":"عمان"}'] // 16 bytes each, 12 characters
    expect(splitIntoBatches(arabic, { maxBatchPings: 100, maxBatchBytes: 30 }).map((b) => b.pings)).toEqual([1, 1])
    expect(splitIntoBatches([], { maxBatchPings: 1, maxBatchBytes: 1 })).toEqual([])
  })
})
