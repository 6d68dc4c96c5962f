import { describe, expect, it } from 'vitest'
import { formatClockLine } from './format-clock-line.js'
import { createStackClock } from './stack-clock.js'

const amman = (isoLocal: string) => Date.parse(`${isoLocal}+03:00`)

describe('formatClockLine', () => {
  it('says plainly when the clock is a demo clock, by how much, why, and how to run at real time', () => {
    const startMs = amman('2026-11-23T08:00')
    const night = formatClockLine(createStackClock({ startMs, offsetMs: startMs - amman('2026-11-23T01:45'), mode: 'night-demo' }, 'Asia/Amman'))
    expect(night).toBe('DEMO CLOCK, not real time: started at Mon 23 Nov, 08:00 (Asia/Amman), 6 h 15 min ahead of real time (no bus of the feed ' +
      'runs at this hour, so the demo replays the morning). Every service, feed and the dashboard run on it. SIM_START=now runs at real time.')
    const behind = formatClockLine(createStackClock({ startMs, offsetMs: startMs - amman('2026-11-23T21:30'), mode: 'sim-start' }, 'Asia/Amman'))
    expect(behind).toContain('13 h 30 min behind real time (SIM_START)')
    expect(formatClockLine(createStackClock({ startMs, offsetMs: 0, mode: 'real' }, 'Asia/Amman'))).toBe('real time')
  })
})
