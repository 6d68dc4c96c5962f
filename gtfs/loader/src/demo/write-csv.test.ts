import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { formatCsv } from './write-csv.js'

describe('formatCsv', () => {
  it('quotes only fields with commas, quotes or line breaks, and round-trips through a CSV parser', () => {
    const rows = [
      ['S1', 'Abdali, Gate 2'],
      ['S2', 'He said "hi"'],
      ['S3', 'line one\nline two'],
      ['S4', 'مجمع رغدان'],
    ]
    const text = formatCsv(['stop_id', 'stop_name'], rows)
    expect(text).toBe(
      'stop_id,stop_name\nS1,"Abdali, Gate 2"\nS2,"He said ""hi"""\nS3,"line one\nline two"\nS4,مجمع رغدان\n',
    )
    expect(parse(text, { from_line: 2 })).toEqual(rows)
  })

  it('refuses a row with the wrong number of fields', () => {
    expect(() => formatCsv(['a', 'b'], [['1']])).toThrow(RangeError)
  })
})
