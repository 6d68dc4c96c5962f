import type { RouteResponse } from '@masar/model/api/routes'
import { describe, expect, it } from 'vitest'
import { pickTripShape, placeTripStops } from './trip-geometry.js'

const stop = (stopId: string, lon: number, lat: number) => ({ type: 'Feature' as const, properties: { kind: 'stop' as const, stopId, code: null, name: stopId, lat, lon }, geometry: { type: 'Point' as const, coordinates: [lon, lat] as [number, number] } })
const shape = (shapeId: string, coordinates: Array<[number, number]>) => ({ type: 'Feature' as const, properties: { kind: 'shape' as const, shapeId }, geometry: { type: 'LineString' as const, coordinates } })

// a route with two variants: along the 31.95 parallel, and a detour north through 31.97
const geojson: RouteResponse['geojson'] = {
  type: 'FeatureCollection',
  features: [
    shape('detour', [[35.9, 31.95], [35.91, 31.97], [35.92, 31.95]]),
    shape('straight', [[35.9, 31.95], [35.91, 31.95], [35.92, 31.95]]),
    stop('a', 35.9, 31.95), stop('b', 35.91, 31.95), stop('n', 35.91, 31.97), stop('c', 35.92, 31.95),
  ],
}
const tripStop = (stopId: string, passed: boolean | null) => ({ stopId, name: stopId, scheduledAt: null, expectedAt: null, earliest: null, latest: null, passed })

describe('a trip on the map', () => {
  it('places the trip\'s stops from the route\'s, in the trip\'s order, leaving out a stop it cannot place', () => {
    const placed = placeTripStops([tripStop('c', false), tripStop('x', false), tripStop('a', true)], geojson)
    expect(placed).toEqual([
      { stopId: 'c', name: 'c', lon: 35.92, lat: 31.95, passed: false },
      { stopId: 'a', name: 'a', lon: 35.9, lat: 31.95, passed: true },
    ])
  })

  it('picks the shape running by the trip\'s stops', () => {
    expect(pickTripShape(geojson, placeTripStops([tripStop('a', null), tripStop('b', null), tripStop('c', null)], geojson))?.[1]).toEqual([35.91, 31.95])
    expect(pickTripShape(geojson, placeTripStops([tripStop('a', null), tripStop('n', null), tripStop('c', null)], geojson))?.[1]).toEqual([35.91, 31.97])
    expect(pickTripShape({ type: 'FeatureCollection', features: [] }, [])).toBeNull()
  })
})
