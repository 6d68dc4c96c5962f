import { describe, expect, it } from 'vitest'
import type { TraceRecord } from '@masar/simulators/replay/trace-record'
import { shiftDay, splitTrace, traceDays } from './trace-days.js'

const ZONE = 'America/Chicago' // UTC−6 in November
const at = (iso: string): TraceRecord => ({ vehicleId: 'v1', atMs: Date.parse(iso), lat: 30.27, lon: -97.74 })
// Thursday to Sunday; an owl fix at 01:30 on Friday belongs to Thursday's day (days change at 03:00 local)
const records = ['2016-11-24T08:00:00-06:00', '2016-11-25T01:30:00-06:00', '2016-11-25T09:00:00-06:00', '2016-11-26T10:00:00-06:00', '2016-11-27T03:00:00-06:00', '2016-11-27T23:59:00-06:00'].map(at)

describe('a multi-day trace split into training days and a test day', () => {
  it('finds its local days, the day changing at 03:00', () => {
    expect(traceDays(records, ZONE)).toEqual(['2016-11-24', '2016-11-25', '2016-11-26', '2016-11-27'])
    expect(shiftDay('2016-11-30', 1)).toBe('2016-12-01')
  })

  it('scores the test day from its 03:00 and learns from every earlier day, or the last N', () => {
    const all = splitTrace(records, ZONE, '2016-11-27')
    expect(all.trainingDays).toEqual(['2016-11-24', '2016-11-25', '2016-11-26'])
    expect(all.testFromMs).toBe(Date.parse('2016-11-27T03:00:00-06:00'))
    expect(all.lastTrainingFromMs).toBe(Date.parse('2016-11-26T03:00:00-06:00'))
    expect(all.records).toHaveLength(6)
    const one = splitTrace(records, ZONE, '2016-11-26', 1)
    expect(one.trainingDays).toEqual(['2016-11-25'])
    expect(one.records.map((r) => new Date(r.atMs).toISOString())).toEqual(['2016-11-25T15:00:00.000Z', '2016-11-26T16:00:00.000Z']) // not Thursday's owl, nor Sunday
  })

  it('says which days there are when the test day is not one of them', () => {
    expect(() => splitTrace(records, ZONE, '2016-11-28')).toThrow(/has no day 2016-11-28: its days are 2016-11-24, 2016-11-25, 2016-11-26, 2016-11-27/)
  })
})
