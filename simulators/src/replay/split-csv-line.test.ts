import { describe, expect, it } from 'vitest'
import { splitCsvLine } from './split-csv-line.js'

describe('splitCsvLine', () => {
  it('splits plain fields, keeping empty ones and spaces', () => {
    expect(splitCsvLine('a,,b c,')).toEqual(['a', '', 'b c', ''])
  })

  it('reads quoted fields with commas and doubled quotes', () => {
    expect(splitCsvLine('1,"The precious data/log, 11.csv","say ""hi""",x')).toEqual(['1', 'The precious data/log, 11.csv', 'say "hi"', 'x'])
    expect(splitCsvLine('"",""')).toEqual(['', ''])
  })

  it('returns null for an unterminated quote', () => {
    expect(splitCsvLine('1,"open')).toBeNull()
  })
})
