import { describe, expect, it } from 'vitest'
import { handMadeSchedule, street } from './testing/hand-made-schedule.js'
import { nextStopIndexAt, timingAt } from './trip-timing.js'

// Three stops 1 km apart; the bus dwells a minute at the middle one (08:03 to 08:04).
const schedule = handMadeSchedule({
  stops: { S0: [0, 0], S1: [1000, 0], S2: [2000, 0] },
  shapes: { EAST: street([0, 0], [2000, 0]) },
  trips: [{ tripId: 'T1', routeId: 'R1', shapeId: 'EAST', stopIds: ['S0', 'S1', 'S2'], times: ['08:00:00', '08:03:00-08:04:00', '08:07:00'] }],
})
const trip = schedule.trips.get('T1')!
const at = (hh: number, mm: number, ss = 0) => hh * 3600 + mm * 60 + ss

describe('timingAt', () => {
  it('is how late the vehicle is against the time the timetable puts it there', () => {
    const midway = timingAt(trip, 500, at(8, 2), 20)
    expect([midway.deviationS, midway.waitingS, midway.atTerminal]).toEqual([expect.closeTo(30, 3), 0, false])
    expect(timingAt(trip, 1500, at(8, 5), 20).deviationS).toBeCloseTo(-30, 3)
  })

  it('counts no deviation while the vehicle dwells at a stop within its times', () => {
    expect(timingAt(trip, 1005, at(8, 3, 30), 20).deviationS).toBe(0)
    expect(timingAt(trip, 995, at(8, 5), 20).deviationS).toBe(60)
  })

  it('has a vehicle at the first stop before its departure waiting, not early', () => {
    expect(timingAt(trip, 0, at(7, 55), 20)).toEqual({ deviationS: 0, waitingS: 300, atTerminal: true })
    expect(timingAt(trip, 0, at(8, 1), 20)).toEqual({ deviationS: 60, waitingS: 0, atTerminal: true })
  })
})

describe('nextStopIndexAt', () => {
  it('is the first stop not yet passed, the one the vehicle stands at included', () => {
    expect([0, 10, 30, 990, 1015, 1030, 2000].map((alongM) => nextStopIndexAt(trip, alongM, 20))).toEqual([0, 0, 1, 1, 1, 2, 2])
    expect(nextStopIndexAt(trip, 2030, 20)).toBeNull()
  })
})
