import { describe, expect, it } from 'vitest'
import { formatProgressLine, formatTraceClock } from './format-replay-progress.js'

describe('formatProgressLine', () => {
  it('shows counts, rate and the trace clock in the trace zone', () => {
    expect(formatTraceClock(Date.UTC(2025, 10, 11, 14, 6, 59, 243), 'Asia/Amman')).toBe('2025-11-11 17:06:59 Asia/Amman')
    expect(formatProgressLine({ published: 12345, pingsPerSecond: 2310.4, vehicles: 87, replayedAtMs: Date.UTC(2015, 2, 7, 16, 3, 34), timeZone: 'America/Chicago', elapsedMs: 12_400 }))
      .toBe('replay 12 s: 12,345 published, 2,310 pings/s, 87 vehicles, trace clock 2015-03-07 10:03:34 America/Chicago')
  })
})
