import { describe, expect, it } from 'vitest'
import { parseZonedIsoMs, toWireTimestamp } from './fix-time.js'
import { FieldRefusal } from './source-fields.js'

describe('parseZonedIsoMs', () => {
  const instant = Date.UTC(2026, 2, 2, 6, 15, 0)

  it('reads the offsets Java’s ISO_ZONED_DATE_TIME and Jackson write', () => {
    for (const text of [
      '2026-03-02T06:15:00Z', '2026-03-02T06:15Z', '2026-03-02t06:15:00z', '2026-03-02T06:15:00.000+00:00',
      '2026-03-02T06:15:00.000+0000', '2026-03-02T09:15:00+03:00', '2026-03-02T09:15:00+03', '2026-03-02T09:15:00+03:00[Asia/Amman]',
      '2026-03-02T01:15:00-05:00', '2026-03-02T06:15:00.000999999Z',
    ]) expect(parseZonedIsoMs(text), text).toBe(instant)
    expect(parseZonedIsoMs('2025-06-15T13:45:12.862Z')).toBe(Date.UTC(2025, 5, 15, 13, 45, 12, 862))
  })

  it('refuses a time without an offset or with an impossible field', () => {
    for (const text of ['2026-03-02T06:15:00', '2026-02-30T06:15:00Z', '2026-03-02T24:00:00Z', '2026-03-02T06:60:00Z', '2026-03-02T06:15:00+19:00', '2026-03-02', 'now', ''])
      expect(parseZonedIsoMs(text), text).toBeUndefined()
  })
})

describe('toWireTimestamp', () => {
  it('writes ISO 8601 in UTC and refuses what is no date', () => {
    expect(toWireTimestamp(1451610123000, 'fixTime')).toBe('2016-01-01T01:02:03.000Z')
    expect(toWireTimestamp(9e15, 'fixTime')).toBeInstanceOf(FieldRefusal)
    expect(toWireTimestamp(Number.NaN, 'fixTime')).toBeInstanceOf(FieldRefusal)
  })
})
