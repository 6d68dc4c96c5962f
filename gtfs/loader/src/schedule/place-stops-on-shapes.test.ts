import { cumulativeDistancesM } from '@masar/model/geo/polyline'
import { describe, expect, it } from 'vitest'
import { placeStopsOnShapes } from './place-stops-on-shapes.js'
import type { ScheduleShape, ScheduleStop, ScheduleTrip } from './schedule.js'

// A straight street 1 km east from 31.95 N 35.91 E, with stops 10 m off it at 0, 400 and 1,000 m.
const M_PER_DEG_LAT = (6_371_008.8 * Math.PI) / 180
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((31.95 * Math.PI) / 180)
const lats = Float64Array.of(31.95, 31.95, 31.95)
const lons = Float64Array.of(35.91, 35.91 + 500 / M_PER_DEG_LON, 35.91 + 1000 / M_PER_DEG_LON)
const stop = (stopId: string, east: number): ScheduleStop => ({ stopId, code: null, name: stopId, translations: {}, lat: 31.95 + 10 / M_PER_DEG_LAT, lon: 35.91 + east / M_PER_DEG_LON })
const stops = new Map([stop('A', 0), stop('B', 400), stop('C', 1000)].map((s) => [s.stopId, s]))

function trip(tripId: string, shapeId: string | null, shapeDistTraveled: number[]): ScheduleTrip {
  return {
    tripId, routeId: 'R', serviceId: 'S', directionId: 0, blockId: null, shapeId, headsign: null, stopIds: ['A', 'B', 'C'],
    arrivals: Int32Array.of(0, 60, 120), departures: Int32Array.of(0, 60, 120),
    shapeDistTraveled: Float64Array.from(shapeDistTraveled), distancesM: new Float64Array(0),
  }
}

function shape(shapeId: string, feedDistances: number[] | null): ScheduleShape {
  return { shapeId, lats, lons, distancesM: cumulativeDistancesM(lats, lons), feedDistances: feedDistances && Float64Array.from(feedDistances) }
}

describe('placeStopsOnShapes', () => {
  it('projects stops onto a shape when the feed gives no distances, once per stop pattern', () => {
    const trips = [trip('T1', 'SH', [NaN, NaN, NaN]), trip('T2', 'SH', [NaN, NaN, NaN])]
    const projected = placeStopsOnShapes(trips, new Map([['SH', shape('SH', null)]]), stops)
    expect(projected).toBe(1)
    expect([...trips[0]!.distancesM].map(Math.round)).toEqual([0, 400, 1000])
    expect(trips[1]!.distancesM).toBe(trips[0]!.distancesM)
  })

  it('turns the feed’s distances (kilometres here) into metres along the shape, trusting them over geometry', () => {
    // The feed says B is 0.45 km along, 50 m further than where it stands: the feed's word is kept
    const trips = [trip('T1', 'SH', [0, 0.45, 1])]
    const projected = placeStopsOnShapes(trips, new Map([['SH', shape('SH', [0, 0.5, 1])]]), stops)
    expect(projected).toBe(0)
    expect([...trips[0]!.distancesM].map(Math.round)).toEqual([0, 450, 1000])
  })

  it('projects when only the stop times are measured (their unit cannot be known without the shape’s)', () => {
    const trips = [trip('T1', 'SH', [0, 412, 1003])]
    placeStopsOnShapes(trips, new Map([['SH', shape('SH', null)]]), stops)
    expect([...trips[0]!.distancesM].map(Math.round)).toEqual([0, 400, 1000])
  })

  it('leaves NaN for a trip without a shape', () => {
    const trips = [trip('T1', null, [NaN, NaN, NaN])]
    placeStopsOnShapes(trips, new Map(), stops)
    expect(trips[0]!.distancesM.every(Number.isNaN)).toBe(true)
  })
})
