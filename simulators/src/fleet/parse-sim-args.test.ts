import { describe, expect, it } from 'vitest'
import { latestPastStart, parseDuration, parseStart } from './parse-sim-args.js'

const AMMAN = 'Asia/Amman' // UTC+3 all year

describe('parseStart', () => {
  it('reads HH:MM as that time of the current day in the feed zone', () => {
    const nowMs = Date.parse('2026-11-23T21:30:00Z') // 00:30 on the 24th in Amman
    expect(new Date(parseStart('08:00', 1, AMMAN, nowMs)).toISOString()).toBe('2026-11-24T05:00:00.000Z')
  })

  it('reads "now", ISO instants, and refuses anything else', () => {
    expect(parseStart('now', 1, AMMAN, 1234)).toBe(1234)
    expect(parseStart('2026-01-02T03:04:05Z', 1, AMMAN, 0)).toBe(Date.parse('2026-01-02T03:04:05Z'))
    expect(() => parseStart('tomorrow', 1, AMMAN, 0)).toThrow(/not "now", HH:MM or an ISO 8601 instant/)
  })
})

describe('latestPastStart', () => {
  it('takes today when that time has passed in the feed zone', () => {
    const nowMs = Date.parse('2026-11-23T12:00:00Z') // 15:00 in Amman
    expect(new Date(latestPastStart('08:00', AMMAN, nowMs)).toISOString()).toBe('2026-11-23T05:00:00.000Z')
  })

  it('takes yesterday after local midnight, when today\'s is still ahead', () => {
    const nowMs = Date.parse('2026-11-23T21:30:00Z') // 00:30 on the 24th in Amman
    expect(new Date(latestPastStart('08:00', AMMAN, nowMs)).toISOString()).toBe('2026-11-23T05:00:00.000Z')
  })

  it('takes yesterday when today\'s is less than the lead ago', () => {
    const nowMs = Date.parse('2026-11-23T05:30:00Z') // 08:30 in Amman
    expect(latestPastStart('08:00', AMMAN, nowMs, 3600_000)).toBe(Date.parse('2026-11-22T05:00:00Z'))
    expect(latestPastStart('08:00', AMMAN, nowMs, 10 * 60_000)).toBe(Date.parse('2026-11-23T05:00:00Z'))
  })

  it('refuses what is not HH:MM', () => {
    expect(() => latestPastStart('now', AMMAN, 0)).toThrow(/not HH:MM/)
  })
})

describe('parseDuration', () => {
  it('reads seconds, minutes and hours', () => {
    expect([parseDuration('90'), parseDuration('30s'), parseDuration('15m'), parseDuration('2h')]).toEqual([90, 30, 900, 7200])
    expect(() => parseDuration('soon')).toThrow(/not a number of seconds/)
  })
})
