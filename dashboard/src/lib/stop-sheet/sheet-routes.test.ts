import { describe, expect, it } from 'vitest'
import { sheetRoutes, smsText } from './sheet-routes.js'

const a = (routeId: string, routeShortName: string | null, headsign: string | null, cancelled = false) => ({ routeId, routeShortName, headsign, cancelled })

describe('stop sheet routes', () => {
  it('lists each route once in natural order with the headsigns it runs to', () => {
    const routes = sheetRoutes([a('R10', '10', 'الجامعة'), a('R2', '2', 'العبدلي'), a('R10', '10', 'الجامعة'), a('R10A', '10A', null), a('R10', '10', 'صويلح'), a('R99', null, 'x', true)])
    expect(routes).toEqual([
      { routeId: 'R2', label: '2', headsigns: ['العبدلي'] },
      { routeId: 'R10', label: '10', headsigns: ['الجامعة', 'صويلح'] },
      { routeId: 'R10A', label: '10A', headsigns: [] },
      { routeId: 'R99', label: 'R99', headsigns: [] },
    ])
  })
  it('is empty without arrivals', () => {
    expect(sheetRoutes([])).toEqual([])
  })
  it('texts the stop code, or the id when there is none', () => {
    expect(smsText({ stopId: 'S1', code: ' 1234 ' })).toBe('1234')
    expect(smsText({ stopId: 'S1', code: null })).toBe('S1')
  })
})
