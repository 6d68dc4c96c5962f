import { describe, expect, it } from 'vitest'
import { Schedule, type ScheduleTrip } from './schedule.js'

const trip = (tripId: string, stopIds: string[]): ScheduleTrip => {
  const times = Int32Array.from(stopIds, (_, i) => 8 * 3600 + i * 120)
  return {
    tripId, routeId: 'R1', serviceId: 'WK', directionId: 0, blockId: null, shapeId: null, headsign: null, stopIds,
    arrivals: times, departures: Int32Array.from(times), shapeDistTraveled: Float64Array.from(stopIds, () => Number.NaN), distancesM: new Float64Array(0),
  }
}

describe('Schedule.visitsAt', () => {
  const schedule = new Schedule({
    feedId: 1, timeZone: 'Asia/Amman', routes: [], shapes: [], calendar: [], calendarDates: [], frequencies: [],
    stops: ['A', 'B', 'C', 'D'].map((stopId, i) => ({ stopId, code: null, name: stopId, translations: {}, lat: 31.95, lon: 35.9 + i * 0.01 })),
    trips: [trip('T1', ['A', 'B', 'C']), trip('T2', ['C', 'B', 'A']), trip('LOOP', ['A', 'B', 'A'])],
  })
  const visits = (stopId: string) => schedule.visitsAt(stopId).map((v) => [v.trip.tripId, v.index])

  it('gives every call of every trip at a stop, a loop calling twice', () => {
    expect(visits('A')).toEqual([['T1', 0], ['T2', 2], ['LOOP', 0], ['LOOP', 2]])
    expect(visits('B')).toEqual([['T1', 1], ['T2', 1], ['LOOP', 1]])
    expect(visits('C')).toEqual([['T1', 2], ['T2', 0]])
  })

  it('gives nothing for a stop no trip calls at, or one not in the feed', () => {
    expect(visits('D')).toEqual([])
    expect(visits('nowhere')).toEqual([])
  })
})
