import { describe, expect, it } from 'vitest'
import { countBusesInService, findPeakBusesInService, spanBlocks, type BlockTrip, type TripStopTime } from './count-buses-in-service.js'

const h = (hours: number, minutes = 0) => hours * 3600 + minutes * 60

function tripTimes(tripId: string, departureSeconds: number, arrivalSeconds: number): TripStopTime[] {
  return [
    { tripId, arrivalSeconds: departureSeconds, departureSeconds },
    { tripId, arrivalSeconds, departureSeconds: arrivalSeconds },
  ]
}

const trips: BlockTrip[] = [
  { tripId: 'a1', blockId: 'A', serviceId: 'WEEKDAY' },
  { tripId: 'a2', blockId: 'A', serviceId: 'WEEKDAY' },
  { tripId: 'b1', blockId: 'B', serviceId: 'WEEKDAY' },
  { tripId: 'c1', blockId: '', serviceId: 'WEEKDAY' },
  { tripId: 'f1', blockId: 'A', serviceId: 'FRIDAY' },
]
const stopTimes = [
  ...tripTimes('a1', h(7), h(7, 40)),
  ...tripTimes('a2', h(7, 50), h(8, 30)), // layover 07:40–07:50 between a1 and a2
  ...tripTimes('b1', h(8, 30), h(9)),
  ...tripTimes('c1', h(7, 45), h(8, 10)),
  ...tripTimes('f1', h(10), h(11)),
]

describe('buses in service', () => {
  it('spans each block from its first departure to its last arrival, on one service only', () => {
    const spans = spanBlocks(trips, stopTimes, 'WEEKDAY')
    expect(spans).toEqual(
      expect.arrayContaining([
        { blockId: 'A', firstDepartureSeconds: h(7), lastArrivalSeconds: h(8, 30) },
        { blockId: 'B', firstDepartureSeconds: h(8, 30), lastArrivalSeconds: h(9) },
        { blockId: 'trip:c1', firstDepartureSeconds: h(7, 45), lastArrivalSeconds: h(8, 10) },
      ]),
    )
    expect(spans).toHaveLength(3)
  })

  it('counts a bus waiting between two trips of its block as in service', () => {
    const spans = spanBlocks(trips, stopTimes, 'WEEKDAY')
    expect(countBusesInService(spans, h(7, 45))).toBe(2)
    expect(countBusesInService(spans, h(6, 59))).toBe(0)
    expect(countBusesInService(spans, h(8, 30))).toBe(2) // A arriving, B leaving: both count at that instant
  })

  it('finds the peak and when it first happens', () => {
    const spans = spanBlocks(trips, stopTimes, 'WEEKDAY')
    expect(findPeakBusesInService(spans)).toEqual({ buses: 2, atSeconds: h(7, 45) })
    expect(findPeakBusesInService(spanBlocks(trips, stopTimes, 'FRIDAY'))).toEqual({ buses: 1, atSeconds: h(10) })
    expect(findPeakBusesInService([])).toEqual({ buses: 0, atSeconds: null })
  })
})
