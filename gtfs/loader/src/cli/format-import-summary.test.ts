import { describe, expect, it } from 'vitest'
import { formatDerivedData, formatImportSummary, formatProgressBar, formatProgressLine } from './format-import-summary.js'

describe('the import’s progress and summary', () => {
  it('draws how much of a file has been read', () => {
    expect(formatProgressBar(0, 1000)).toBe(`[${'·'.repeat(24)}]   0 %`)
    expect(formatProgressBar(500, 1000)).toBe(`[${'█'.repeat(12)}${'·'.repeat(12)}]  50 %`)
    expect(formatProgressBar(2000, 1000)).toBe(`[${'█'.repeat(24)}] 100 %`)
    expect(formatProgressBar(0, 0)).toBe(`[${'█'.repeat(24)}] 100 %`) // an empty file is read at once
  })

  it('shows rows and rows per second of the file being written', () => {
    const line = formatProgressLine({ file: 'stop_times.txt', rows: 120_000, bytes: 3_000_000, totalBytes: 12_000_000, done: false, elapsedMs: 2000 })
    expect(line).toMatch(/^stop_times\.txt +\[█{6}·{18}\] +25 % +120,000 rows +60,000 rows\/s$/)
    const done = formatProgressLine({ file: 'stops.txt', rows: 604, bytes: 0, totalBytes: 40_000, done: true, elapsedMs: 100 })
    expect(done).toMatch(/\[█{24}\] 100 % +604 rows +6,040 rows\/s +done$/)
  })

  it('ends with a table of every file and the total', () => {
    const files = [
      { file: 'stops.txt', rows: 600, bytes: 1, totalBytes: 1, done: true, elapsedMs: 200 },
      { file: 'stop_times.txt', rows: 126_000, bytes: 1, totalBytes: 1, done: true, elapsedMs: 1800 },
    ]
    const table = formatImportSummary(7, files, 2500).split('\n')
    expect(table[0]).toBe('Feed 7 imported and active.')
    expect(table.find((l) => l.startsWith('stop_times.txt'))).toMatch(/126,000 +1\.80 +70,000$/)
    expect(table.at(-1)).toMatch(/^total +126,600 +2\.50 +50,640$/)
  })

  it('says what the import added, and nothing when it added nothing', () => {
    expect(formatDerivedData(0, { shapes: 0, trips: 0 })).toBeNull()
    expect(formatDerivedData(6, { shapes: 1, trips: 2 })).toBe('Added: 6 shapes derived from stop coordinates (trips without shape_id); shape_dist_traveled computed in metres for 1 shapes; stops projected onto their shape for 2 trips without shape_dist_traveled.')
  })
})
