import { describe, expect, it } from 'vitest'
import { boxAround, busesCollection, lineCollection, stopsCollection } from './rider-map-data.js'

describe('the rider map\'s data', () => {
  it('makes one feature per stop and bus, keyed by id, with the state the layers colour by', () => {
    const stops = stopsCollection([{ stopId: 's1', name: 'Abdali', lon: 35.9, lat: 31.96, state: 'passed' }])
    expect(stops.features[0]).toEqual({ type: 'Feature', id: 's1', properties: { stopId: 's1', name: 'Abdali', state: 'passed' }, geometry: { type: 'Point', coordinates: [35.9, 31.96] } })
    const buses = busesCollection([{ vehicleId: 'v1', lon: 35.91, lat: 31.95, stale: true, label: '7' }])
    expect(buses.features[0]?.properties).toEqual({ vehicleId: 'v1', stale: true, label: '7' })
  })

  it('draws a line only with two points or more', () => {
    expect(lineCollection(null).features).toHaveLength(0)
    expect(lineCollection([[35.9, 31.9]]).features).toHaveLength(0)
    expect(lineCollection([[35.9, 31.9], [35.91, 31.92]]).features[0]?.geometry.coordinates).toEqual([[35.9, 31.9], [35.91, 31.92]])
  })

  it('frames everything drawn', () => {
    expect(boxAround([[35.9, 31.96], [35.95, 31.9], [35.91, 31.99]])).toEqual([35.9, 31.9, 35.95, 31.99])
    expect(boxAround([])).toBeNull()
  })
})
