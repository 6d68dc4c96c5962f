import { describe, expect, it } from 'vitest'
import { isGtfsColor, isIanaTimezone, parseDecimal, parseGtfsDate, parseNonNegativeInteger } from './field-formats.js'

describe('parseGtfsDate', () => {
  it('reads YYYYMMDD days that exist', () => {
    expect(parseGtfsDate('20250825')).toBe(20250825)
    expect(parseGtfsDate('20240229')).toBe(20240229) // leap year
  })

  it('refuses impossible days and other layouts', () => {
    // GTFS field types, Date: "Service day in the YYYYMMDD format".
    for (const text of ['20230229', '20251301', '20250431', '2025-08-25', '250825', '2025082', 'today']) {
      expect(parseGtfsDate(text), text).toBeNull()
    }
  })
})

describe('isGtfsColor', () => {
  it('takes six hexadecimal digits in either case, without "#"', () => {
    expect(isGtfsColor('0039A6')).toBe(true)
    expect(isGtfsColor('ffcc00')).toBe(true)
    for (const text of ['#0039A6', '039A6', '0039A6F', 'GGGGGG', 'red']) expect(isGtfsColor(text), text).toBe(false)
  })
})

describe('isIanaTimezone', () => {
  it('knows IANA zone names and refuses others', () => {
    expect(isIanaTimezone('Asia/Amman')).toBe(true)
    expect(isIanaTimezone('America/Halifax')).toBe(true)
    for (const text of ['Mars/Olympus', 'Amman', 'Asia/ Amman', '']) expect(isIanaTimezone(text), text).toBe(false)
  })
})

describe('numbers', () => {
  it('parses decimals and non-negative integers, tolerating surrounding spaces', () => {
    expect(parseDecimal(' -63.595285')).toBe(-63.595285)
    expect(parseDecimal('1e3')).toBe(1000)
    expect(parseDecimal('12abc')).toBeNull()
    expect(parseDecimal('0x1A')).toBeNull()
    expect(parseNonNegativeInteger(' 7')).toBe(7)
    expect(parseNonNegativeInteger('-1')).toBeNull()
    expect(parseNonNegativeInteger('1.5')).toBeNull()
  })
})
