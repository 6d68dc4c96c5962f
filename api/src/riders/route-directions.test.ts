import { Schedule, type ScheduleStop, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { describe, expect, it } from 'vitest'
import { routeDirections } from './route-directions.js'

const stop = (stopId: string, name: string, en?: string): ScheduleStop => ({ stopId, code: null, name, translations: en ? { en } : {}, lat: 31.95, lon: 35.9 })
const trip = (tripId: string, directionId: number | null, stopIds: string[], routeId = 'BRT1'): ScheduleTrip => ({
  tripId, routeId, serviceId: 'WK', directionId, blockId: null, shapeId: null, headsign: null, stopIds,
  arrivals: Int32Array.from(stopIds, (_, i) => 8 * 3600 + i * 120), departures: Int32Array.from(stopIds, (_, i) => 8 * 3600 + i * 120),
  shapeDistTraveled: new Float64Array(stopIds.length).fill(Number.NaN), distancesM: new Float64Array(0),
})

// Names as in gtfs/loader/demo-feed (stops.txt and translations.txt): Sweileh Terminal, Ras Al-Ain.
const scheduleOf = (trips: ScheduleTrip[]) => new Schedule({
  feedId: 1, timeZone: 'Asia/Amman',
  stops: [stop('S1001', 'مجمع صويلح', 'Sweileh Terminal'), stop('S1020', 'رأس العين', 'Ras Al-Ain'), stop('S1015', 'جبل الحسين'), stop('S9', 'other')],
  routes: [{ routeId: 'BRT1', shortName: 'BRT1', longName: null, type: 3, color: null }, { routeId: 'X', shortName: 'X', longName: null, type: 3, color: null }],
  trips, shapes: [], calendar: [], calendarDates: [], frequencies: [],
})
const schedule = scheduleOf([
  trip('a1', 0, ['S1001', 'S1015', 'S1020']), trip('a2', 0, ['S1001', 'S1020']), trip('a3', 0, ['S1001', 'S1015']), // a short turn
  trip('b1', 1, ['S1020', 'S1001']), trip('x1', 0, ['S9', 'S1001'], 'X'),
])

describe('route directions', () => {
  it('name each direction after the stop most of its trips end at, in the reader\'s language', () => {
    expect(routeDirections(schedule, 'BRT1', 'en')).toEqual([
      { directionId: 0, towards: 'Ras Al-Ain', stopIds: ['S1001', 'S1015', 'S1020'] }, // one trip each: the longest pattern
      { directionId: 1, towards: 'Sweileh Terminal', stopIds: ['S1020', 'S1001'] },
    ])
    expect(routeDirections(schedule, 'BRT1', 'ar')).toEqual([
      { directionId: 0, towards: 'رأس العين', stopIds: ['S1001', 'S1015', 'S1020'] },
      { directionId: 1, towards: 'مجمع صويلح', stopIds: ['S1020', 'S1001'] },
    ])
  })

  it('fall back to the feed\'s name where it has no translation, and count trips without a direction_id as direction 0', () => {
    const oneWay = scheduleOf([trip('c1', null, ['S1001', 'S1015'])])
    expect(routeDirections(oneWay, 'BRT1', 'en')).toEqual([{ directionId: 0, towards: 'جبل الحسين', stopIds: ['S1001', 'S1015'] }])
  })

  it('list the stops of the pattern most trips of the direction run', () => {
    const common = scheduleOf([trip('d1', 0, ['S1001', 'S1020']), trip('d2', 0, ['S1001', 'S1020']), trip('d3', 0, ['S1001', 'S1015', 'S1020'])])
    expect(routeDirections(common, 'BRT1', 'en')[0]!.stopIds).toEqual(['S1001', 'S1020'])
  })

  it('are none for a route without trips', () => {
    expect(routeDirections(schedule, 'nope', 'en')).toEqual([])
  })
})
