import { describe, expect, it } from 'vitest'
import { dayTypeOf, LocalHours } from './day-type.js'

// 2026-11-20 is a Friday, 2026-11-21 a Saturday, 2026-11-22 a Sunday, 2026-11-23 a Monday.
describe('dayTypeOf', () => {
  it('gives Friday and Saturday as the weekend in Amman', () => {
    expect(dayTypeOf('2026-11-20', 'Asia/Amman')).toBe('weekend-1')
    expect(dayTypeOf('2026-11-21', 'Asia/Amman')).toBe('weekend-2')
    expect(dayTypeOf('2026-11-22', 'Asia/Amman')).toBe('weekday') // Sunday is a working day in Jordan
    expect(dayTypeOf('2026-11-23', 'Asia/Amman')).toBe('weekday')
    expect(dayTypeOf('2026-11-19', 'Asia/Amman')).toBe('weekday') // Thursday
  })

  it('gives Saturday and Sunday as the weekend in New York', () => {
    expect(dayTypeOf('2026-11-20', 'America/New_York')).toBe('weekday')
    expect(dayTypeOf('2026-11-21', 'America/New_York')).toBe('weekend-1')
    expect(dayTypeOf('2026-11-22', 'America/New_York')).toBe('weekend-2')
    expect(dayTypeOf('2026-11-23', 'America/New_York')).toBe('weekday')
  })

  it('reads the date as a calendar date, whatever the zone offset (no UTC day slip)', () => {
    // Pacific/Kiritimati is UTC+14, Pacific/Pago_Pago UTC−11: the date's weekday must not move
    expect(dayTypeOf('2026-11-21', 'Pacific/Kiritimati')).toBe('weekend-1')
    expect(dayTypeOf('2026-11-22', 'Pacific/Pago_Pago')).toBe('weekend-2')
  })
})

describe('LocalHours', () => {
  it('gives Amman hours at UTC+3', () => {
    const hours = new LocalHours('Asia/Amman')
    expect(hours.hourOf(Date.parse('2026-06-01T05:00:00Z'))).toBe(8)
    expect(hours.hourOf(Date.parse('2026-12-01T05:59:59Z'))).toBe(8)
    expect(hours.hourOf(Date.parse('2026-12-01T21:00:00Z'))).toBe(0) // local midnight
    expect(hours.hourOf(Date.parse('2026-12-01T20:59:59Z'))).toBe(23)
  })

  it('follows New York across the spring change (2026-03-08, 02:00 EST → 03:00 EDT)', () => {
    const hours = new LocalHours('America/New_York')
    expect(hours.hourOf(Date.parse('2026-03-08T06:30:00Z'))).toBe(1) // 01:30 EST
    expect(hours.hourOf(Date.parse('2026-03-08T06:59:59Z'))).toBe(1)
    expect(hours.hourOf(Date.parse('2026-03-08T07:00:00Z'))).toBe(3) // 03:00 EDT: 02:xx never happens
    expect(hours.hourOf(Date.parse('2026-03-08T07:30:00Z'))).toBe(3)
    expect(hours.hourOf(Date.parse('2026-03-08T12:00:00Z'))).toBe(8) // 08:00 EDT
    expect(hours.hourOf(Date.parse('2026-03-07T13:00:00Z'))).toBe(8) // the day before: 08:00 EST
  })

  it('gives the repeated hour twice across the autumn change (2026-11-01)', () => {
    const hours = new LocalHours('America/New_York')
    expect(hours.hourOf(Date.parse('2026-11-01T05:30:00Z'))).toBe(1) // 01:30 EDT
    expect(hours.hourOf(Date.parse('2026-11-01T06:30:00Z'))).toBe(1) // 01:30 EST
    expect(hours.hourOf(Date.parse('2026-11-01T07:30:00Z'))).toBe(2)
  })

  it('gives the same hours whatever order instants are asked in (the per-hour offset cache)', () => {
    const instants = ['2026-03-08T07:30:00Z', '2026-03-08T06:30:00Z', '2026-03-07T23:15:00Z', '2026-03-08T07:00:00Z'].map(Date.parse)
    const forward = new LocalHours('America/New_York')
    const backward = new LocalHours('America/New_York')
    expect(instants.map((t) => forward.hourOf(t))).toEqual([...instants].reverse().map((t) => backward.hourOf(t)).reverse())
  })

  it('follows a zone whose clocks change at a half hour UTC (America/St_Johns, 2026-03-08 05:30Z)', () => {
    const hours = new LocalHours('America/St_Johns')
    expect(hours.hourOf(Date.parse('2026-03-08T05:10:00Z'))).toBe(1)
    expect(hours.hourOf(Date.parse('2026-03-08T05:45:00Z'))).toBe(3)
  })
})
