import { describe, expect, it } from 'vitest'
import type { TripStop } from '@masar/model/api/trips'
import { describeDeviation, formatClock, formatClockRange, nextStopEtas, pingAgeSeconds, speedKmh } from './trip-etas.js'

const NOW = Date.parse('2027-01-15T06:00:00Z') // 09:00 in Amman (UTC+3)
const iso = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString()
const stop = (stopId: string, m: number, passed: boolean | null, range = true): TripStop => ({
  stopId, name: `Stop ${stopId}`, scheduledAt: iso(m - 1), expectedAt: passed === null ? null : iso(m), earliest: range && passed !== null ? iso(m - 1) : null, latest: range && passed !== null ? iso(m + 3) : null, passed,
})

describe('trip ETAs', () => {
  it('lists the stops not yet passed with minutes and their range', () => {
    const etas = nextStopEtas([stop('A', -5, true), stop('B', 2.5, false), stop('C', 8, false, false), stop('D', 12, false)], NOW, 2)
    expect(etas.map((e) => e.stopId)).toEqual(['B', 'C'])
    expect(etas[0]).toMatchObject({ minutes: 2, minutesRange: [1, 5], expectedAt: iso(2.5) })
    expect(etas[1]).toMatchObject({ minutes: 8, minutesRange: null })
  })

  it('counts a stop due now as 0 minutes, never negative', () => {
    const [eta] = nextStopEtas([{ ...stop('A', -0.5, false), earliest: iso(-2) }], NOW, 5)
    expect(eta).toMatchObject({ minutes: 0, minutesRange: [0, 2] })
  })

  it('without a bus, keeps the stops whose timetable time is still ahead', () => {
    const etas = nextStopEtas([stop('A', -3, null), stop('B', 4, null)], NOW, 5)
    expect(etas.map((e) => [e.stopId, e.minutes])).toEqual([['B', null]])
  })

  it('reads clock times in the given time zone', () => {
    expect(formatClock(iso(5), 'Asia/Amman')).toBe('09:05')
    expect(formatClock(null, 'Asia/Amman')).toBe('')
    expect(formatClock('soon', 'Asia/Amman')).toBe('')
    expect(formatClockRange(iso(3), iso(9), 'Asia/Amman')).toBe('09:03\u201309:09')
    expect(formatClockRange(iso(3), iso(3.2), 'Asia/Amman')).toBe('09:03')
    expect(formatClockRange(null, iso(3), 'Asia/Amman')).toBe('')
  })

  it('gives the ping age in seconds and speed in km/h', () => {
    expect(pingAgeSeconds(iso(-1.5), NOW)).toBe(90)
    expect(pingAgeSeconds(iso(0.1), NOW)).toBe(0)
    expect(speedKmh(10)).toBe(36)
    expect(speedKmh(null)).toBeNull()
  })

  it('words a deviation as early or late past a minute, on schedule within it', () => {
    expect(describeDeviation(185)).toEqual({ kind: 'late', time: '3:05' })
    expect(describeDeviation(-125)).toEqual({ kind: 'early', time: '2:05' })
    expect(describeDeviation(-60).kind).toBe('on-schedule')
    expect(describeDeviation(45).kind).toBe('on-schedule')
    expect(describeDeviation(null)).toEqual({ kind: 'none', time: '' })
  })
})
