import { describe, expect, it } from 'vitest'
import { findRecordingHoles, learnHeadways } from './learn-headways.js'
import { createLocalTime } from './local-time.js'

const toLocal = createLocalTime('Asia/Amman')
const at = (hhmm: string, day = '2025-11-15') => Date.parse(`${day}T${hhmm}:00+03:00`)
const every = (fromMs: number, count: number, stepS: number) => Array.from({ length: count }, (_, i) => fromMs + i * stepS * 1000)
const noHoles = findRecordingHoles([], 1)

describe('learnHeadways', () => {
  it('measures each hour\'s headway and joins neighbouring hours with the same one into a band', () => {
    const departures = [...every(at('07:00'), 20, 180), ...every(at('08:00'), 12, 300), ...every(at('09:00'), 12, 300)]
    expect(learnHeadways(departures, toLocal, noHoles).map(({ startS, endS, headwayS }) => ({ startS, endS, headwayS }))).toEqual([
      { startS: 7 * 3600, endS: 8 * 3600, headwayS: 180 },
      { startS: 8 * 3600, endS: 10 * 3600, headwayS: 300 },
    ])
  })

  it('does not take a gap across a recording hole, or between two days, for a headway', () => {
    const before = every(at('10:00'), 10, 240)
    const after = every(at('10:40') + 30 * 60_000, 10, 240)
    const polls = [...every(at('10:00'), 60, 40), ...every(at('11:10'), 60, 40)] // the logger stopped 10:40–11:10
    const bands = learnHeadways([...before, ...after, ...every(at('10:00', '2025-11-16'), 10, 240)], toLocal, findRecordingHoles(polls, 5 * 60_000))
    expect(bands.every((band) => band.headwayS === 240)).toBe(true)
  })

  it('gives an hour inside the service too few gaps of its own the nearest hour\'s headway', () => {
    const departures = [...every(at('06:00'), 13, 300), at('07:30'), ...every(at('08:00'), 13, 300)]
    expect(learnHeadways(departures, toLocal, noHoles)).toEqual([{ startS: 6 * 3600, endS: 9 * 3600, headwayS: 300, gaps: 24 }])
  })
})
