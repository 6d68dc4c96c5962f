import type { RouteInfo, RouteResponse } from '@masar/model/api/routes'
import { describe, expect, it } from 'vitest'
import { filterRoutes, routeName, stopsByDirection } from './route-stops.js'

const info = (routeId: string, shortName: string | null, longName: string | null): RouteInfo => ({ routeId, shortName, longName, type: 3, color: null })
const stopFeature = (stopId: string, name: string) => ({
  type: 'Feature' as const, properties: { kind: 'stop' as const, stopId, code: null, name, lat: 31.9, lon: 35.9 }, geometry: { type: 'Point' as const, coordinates: [35.9, 31.9] as [number, number] },
})

describe('routes for riders', () => {
  it('are named by number, then name', () => {
    expect(routeName(info('R7', '7', 'صويلح – وسط البلد'))).toBe('7 · صويلح – وسط البلد')
    expect(routeName(info('R7', null, null))).toBe('R7')
  })

  it('are found by number or name, any case', () => {
    const routes = [info('BRT1', 'BRT1', 'Sweileh – Ras Al-Ain'), info('R7', '7', 'Downtown')]
    expect(filterRoutes(routes, 'brt').map((r) => r.routeId)).toEqual(['BRT1'])
    expect(filterRoutes(routes, ' downtown ').map((r) => r.routeId)).toEqual(['R7'])
    expect(filterRoutes(routes, '').map((r) => r.routeId)).toEqual(['BRT1', 'R7'])
    expect(filterRoutes(routes, 'zzz')).toEqual([])
  })

  it('list each direction\'s stops in order, by name', () => {
    const route: RouteResponse = {
      route: info('BRT1', 'BRT1', null),
      directions: [{ directionId: 0, towards: 'Ras Al-Ain', stopIds: ['S1', 'S2', 'S9'] }, { directionId: 1, towards: 'Sweileh', stopIds: ['S2', 'S1'] }],
      geojson: { type: 'FeatureCollection', features: [stopFeature('S2', 'Jabal Al-Hussein'), stopFeature('S1', 'Sweileh')] },
    }
    expect(stopsByDirection(route).map((d) => [d.towards, d.stops.map((s) => s.name)])).toEqual([
      ['Ras Al-Ain', ['Sweileh', 'Jabal Al-Hussein', 'S9']],
      ['Sweileh', ['Jabal Al-Hussein', 'Sweileh']],
    ])
  })
})
