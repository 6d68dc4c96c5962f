import { describe, expect, it } from 'vitest'
import { formatGtfsTime, parseGtfsTime } from './gtfs-time.js'

describe('GTFS times', () => {
  it.each([
    ['08:05:30', 8 * 3600 + 5 * 60 + 30],
    ['8:05:30', 8 * 3600 + 5 * 60 + 30],
    ['00:00:00', 0],
    // GTFS stop_times.txt: arrival_time may exceed 24:00:00 for trips that run past midnight
    ['25:10:00', 25 * 3600 + 600],
    ['47:59:59', 47 * 3600 + 59 * 60 + 59],
    [' 5:49:00', 5 * 3600 + 49 * 60], // Halifax writes its times with a leading space
    ['100:00:00', 100 * 3600],
  ])('reads %s', (text, seconds) => {
    expect(parseGtfsTime(text)).toBe(seconds)
    expect(parseGtfsTime(formatGtfsTime(seconds))).toBe(seconds)
  })

  it.each(['', '8:5:30', '08:60:00', '08:00:61', '08:00', 'noon', '-1:00:00', '08:00:00.5', '0a:00:00', '08:0a:00']) ('refuses %j', (text) => {
    expect(parseGtfsTime(text)).toBeNull()
  })

  it('formats hours past 24 as they are', () => {
    expect(formatGtfsTime(25 * 3600 + 61)).toBe('25:01:01')
  })
})
