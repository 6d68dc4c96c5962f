import { describe, expect, it } from 'vitest'
import { nextStopNames } from './next-stop-names.js'

describe('the buses\' next stops', () => {
  it('are named from the route\'s stops; a bus with none, or one off the route, has no name', () => {
    const names = nextStopNames(
      [{ vehicleId: 'bus-1', nextStopId: 'S1002' }, { vehicleId: 'bus-2', nextStopId: null }, { vehicleId: 'bus-3', nextStopId: 'S9999' }],
      [{ stopId: 'S1002', name: 'Al-Zahraa Traffic Lights' }],
    )
    expect([...names]).toEqual([['bus-1', 'Al-Zahraa Traffic Lights']])
  })
})
