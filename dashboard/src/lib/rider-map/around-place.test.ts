import { distance } from '@turf/distance'
import { describe, expect, it } from 'vitest'
import { liveBoxAround, stopsGeoJson } from './around-place.js'

describe('around the rider', () => {
  it('asks the live stream for a box about the radius either side of the place, in the api\'s bbox format', () => {
    const place = { lat: 31.9539, lon: 35.9106 } // First Circle, Amman
    const box = liveBoxAround(place, 2000)
    expect(box).toMatch(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/) // LiveQuery.bbox's pattern
    const [minLon, minLat, maxLon, maxLat] = box.split(',').map(Number) as [number, number, number, number]
    expect(minLon < place.lon && place.lon < maxLon && minLat < place.lat && place.lat < maxLat).toBe(true)
    // each side is the radius away from the place, to the metre, by turf's own distance
    expect(distance([place.lon, place.lat], [place.lon, maxLat], { units: 'meters' })).toBeCloseTo(2000, -1)
    expect(distance([place.lon, place.lat], [maxLon, place.lat], { units: 'meters' })).toBeCloseTo(2000, -1)
  })

  it('draws the stops as GeoJSON points, [lon, lat], saved ones marked', () => {
    const stops = [
      { stopId: 'S1', code: null, name: 'العبدلي', lat: 31.96, lon: 35.91, distanceM: 120 },
      { stopId: 'S2', code: '12', name: 'الدوار الأول', lat: 31.95, lon: 35.92, distanceM: 400 },
    ]
    const geojson = stopsGeoJson(stops, (id) => id === 'S2')
    expect(geojson.features.map((f) => [f.properties, f.geometry.coordinates])).toEqual([
      [{ stopId: 'S1', name: 'العبدلي', saved: false }, [35.91, 31.96]],
      [{ stopId: 'S2', name: 'الدوار الأول', saved: true }, [35.92, 31.95]],
    ])
  })
})
