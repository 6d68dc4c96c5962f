import { describe, expect, it } from 'vitest'
import { parseRoute, stopHref, stopSheetHref, routeHref } from './parse-route.js'

describe('parseRoute', () => {
  it('reads the three pages and anything else as not found', () => {
    expect(parseRoute('')).toEqual({ name: 'home' })
    expect(parseRoute('#/')).toEqual({ name: 'home' })
    expect(parseRoute('#/dispatch')).toEqual({ name: 'dispatch' })
    expect(parseRoute('#/dispatch/')).toEqual({ name: 'dispatch' })
    expect(parseRoute('#/stops/S12')).toEqual({ name: 'stop', stopId: 'S12' })
    expect(parseRoute('#/stops/')).toEqual({ name: 'not-found', path: '/stops' })
    expect(parseRoute('#/elsewhere')).toEqual({ name: 'not-found', path: '/elsewhere' })
    expect(parseRoute('#/stops/%E0%A4%A')).toEqual({ name: 'not-found', path: '/stops/%E0%A4%A' })
  })

  it('round-trips stop ids that need escaping', () => {
    for (const stopId of ['S 1/2', 'موقف-٣', 'a?b#c']) expect(parseRoute(stopHref(stopId))).toEqual({ name: 'stop', stopId })
  })
})

describe('parseRoute: alerts, open data, stop sheet, trip', () => {
  it('reads the dispatch alerts, open data, stop sheet and trip pages', () => {
    expect(parseRoute('#/dispatch/alerts')).toEqual({ name: 'dispatch-alerts' })
    expect(parseRoute('#/open-data/')).toEqual({ name: 'open-data' })
    expect(parseRoute('#/stops/S12/sheet')).toEqual({ name: 'stop-sheet', stopId: 'S12' })
    expect(parseRoute('#/trips/T%201')).toEqual({ name: 'trip', tripId: 'T 1' })
    expect(parseRoute('#/trips/%E0%A4%A')).toEqual({ name: 'not-found', path: '/trips/%E0%A4%A' })
    expect(parseRoute('#/stops/S1/other')).toEqual({ name: 'not-found', path: '/stops/S1/other' })
  })
  it('round-trips stop ids in the sheet address', () => {
    for (const stopId of ['S 1/2', 'موقف-٣']) expect(parseRoute(stopSheetHref(stopId))).toEqual({ name: 'stop-sheet', stopId })
  })
})

describe('parseRoute: the rider\'s routes', () => {
  it('reads the routes list and one route, with ids that need escaping', () => {
    expect(parseRoute('#/routes')).toEqual({ name: 'routes' })
    expect(parseRoute('#/routes/')).toEqual({ name: 'routes' })
    for (const routeId of ['BRT1', 'خط 7/أ']) expect(parseRoute(routeHref(routeId))).toEqual({ name: 'route', routeId })
    expect(parseRoute('#/routes/%E0%A4%A')).toEqual({ name: 'not-found', path: '/routes/%E0%A4%A' })
    expect(parseRoute('#/routes/BRT1/x')).toEqual({ name: 'not-found', path: '/routes/BRT1/x' })
  })
})
