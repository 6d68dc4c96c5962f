import type { RiderVehicle } from '@masar/model/api/rider-vehicle'
import { describe, expect, it } from 'vitest'
import { applyArrivals, applyRiderMessages, busesOfRoutes, riderBusesGeoJson, servingRoutes } from './rider-buses.js'

const bus = (vehicleId: string, over: Partial<RiderVehicle> = {}): RiderVehicle => ({
  vehicleId, lat: 31.95, lon: 35.91, speedMps: 8, bearingDeg: 90, fixAt: '2026-12-07T08:00:00Z', ageS: 3, health: 'fresh',
  tripId: `T-${vehicleId}`, routeId: 'BRT1', directionId: 0, serviceDate: '2026-12-07', headsign: 'Sweileh', nextStopId: 'S1', occupancy: null, ...over,
} as RiderVehicle)

describe('the buses around a rider', () => {
  it('start from the snapshot, then follow each vehicle and health change, without touching the previous map', () => {
    const first = applyRiderMessages(new Map(), [{ type: 'snapshot', vehicles: [bus('A'), bus('B')] }])
    const moved = applyRiderMessages(first, [{ type: 'vehicle', vehicle: bus('A', { lat: 31.96 }) }, { type: 'health', vehicles: [{ vehicleId: 'B', health: 'stale' }, { vehicleId: 'Z', health: 'stale' }] }])
    expect(first.get('A')!.lat).toBe(31.95)
    expect(moved.get('A')!.lat).toBe(31.96)
    expect(moved.get('B')!.health).toBe('stale')
    expect([...moved.keys()]).toEqual(['A', 'B'])
  })

  it('drop a bus that goes offline, and everything not in a new snapshot', () => {
    const buses = applyRiderMessages(new Map(), [{ type: 'snapshot', vehicles: [bus('A'), bus('B'), bus('C', { health: 'offline' })] }])
    expect([...buses.keys()]).toEqual(['A', 'B'])
    expect([...applyRiderMessages(buses, [{ type: 'health', vehicles: [{ vehicleId: 'A', health: 'offline' }] }]).keys()]).toEqual(['B'])
    expect([...applyRiderMessages(buses, [{ type: 'snapshot', vehicles: [bus('D')] }]).keys()]).toEqual(['D'])
  })

  it('are one GeoJSON point per bus, [lon, lat], labelled by route and greyed when stale', () => {
    const geojson = riderBusesGeoJson(new Map([['A', bus('A', { health: 'stale', routeId: null, tripId: null, bearingDeg: null })]]))
    expect(geojson.features).toEqual([{
      type: 'Feature', id: 'A',
      properties: { vehicleId: 'A', routeId: '', tripId: '', stale: true, bearingDeg: 0 },
      geometry: { type: 'Point', coordinates: [35.91, 31.95] },
    }])
  })
})

describe('the buses of the routes serving the stops around a rider', () => {
  it('are those of the routes coming to any of the stops, the latest arrivals of each stop replacing its earlier ones', () => {
    const buses = applyRiderMessages(new Map(), [{ type: 'snapshot', vehicles: [bus('A'), bus('B', { routeId: '28' }), bus('C', { routeId: '7' }), bus('D', { routeId: null })] }])
    let routes = applyArrivals(new Map(), { stopId: 'S1', arrivals: [{ routeId: 'BRT1' }, { routeId: '28' }] })
    routes = applyArrivals(routes, { stopId: 'S2', arrivals: [{ routeId: 'BRT1' }] })
    expect([...busesOfRoutes(buses, servingRoutes(routes)).keys()]).toEqual(['A', 'B'])
    routes = applyArrivals(routes, { stopId: 'S1', arrivals: [] })
    expect([...busesOfRoutes(buses, servingRoutes(routes)).keys()]).toEqual(['A'])
  })

  it('are all the buses around until the stream has named the routes', () => {
    const buses = applyRiderMessages(new Map(), [{ type: 'snapshot', vehicles: [bus('A'), bus('D', { routeId: null })] }])
    expect(servingRoutes(new Map())).toBeNull()
    expect([...busesOfRoutes(buses, servingRoutes(new Map())).keys()]).toEqual(['A', 'D'])
  })
})
