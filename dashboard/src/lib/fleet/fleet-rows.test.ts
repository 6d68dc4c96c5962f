import { describe, expect, it } from 'vitest'
import type { VehicleView } from '@masar/model/api/vehicle-view'
import { adherenceFigureOf, ageSecondsOf, formatDeviation, routesOf, selectVehicles } from './fleet-rows.js'

const NOW = Date.parse('2025-03-02T07:00:00.000Z')

function vehicle(vehicleId: string, more: Partial<VehicleView>): VehicleView {
  return {
    vehicleId, agencyId: 'amman', lat: 31.95, lon: 35.91, speedMps: null, bearingDeg: null, fixAt: new Date(NOW - 5000).toISOString(),
    receivedAt: new Date(NOW).toISOString(), ageS: 5, health: 'fresh', declaredTripId: null, declaredRouteId: null, phase: 'in-service',
    blockId: null, tripId: null, routeId: 'R1', directionId: null, serviceDate: null, distanceAlongTripM: null, nextStopId: null,
    scheduleDeviationS: null, snapped: null, offRoute: false, adherence: null, ...more,
  }
}

const fleet = [
  vehicle('bus-10', { routeId: 'R2', scheduleDeviationS: 400, fixAt: new Date(NOW - 90_000).toISOString(), health: 'stale' }),
  vehicle('bus-2', { routeId: 'R1', scheduleDeviationS: -120 }),
  vehicle('bus-3', { routeId: null, declaredRouteId: 'R10', scheduleDeviationS: null, health: 'offline', fixAt: new Date(NOW - 600_000).toISOString() }),
  vehicle('bus-1', { routeId: 'R1', scheduleDeviationS: 30 }),
]
const ids = (rows: VehicleView[]) => rows.map((v) => v.vehicleId)

describe('selectVehicles', () => {
  it('sorts ids in natural order', () => {
    expect(ids(selectVehicles(fleet, { route: '', health: 'all' }, { key: 'vehicleId', descending: false }, NOW))).toEqual(['bus-1', 'bus-2', 'bus-3', 'bus-10'])
  })

  it('filters by route (the declared one when unmatched) and by health', () => {
    expect(ids(selectVehicles(fleet, { route: 'R1', health: 'all' }, { key: 'vehicleId', descending: false }, NOW))).toEqual(['bus-1', 'bus-2'])
    expect(ids(selectVehicles(fleet, { route: 'R10', health: 'all' }, { key: 'vehicleId', descending: false }, NOW))).toEqual(['bus-3'])
    expect(ids(selectVehicles(fleet, { route: '', health: 'stale' }, { key: 'vehicleId', descending: false }, NOW))).toEqual(['bus-10'])
  })

  it('sorts by deviation with unknown deviations last either way', () => {
    expect(ids(selectVehicles(fleet, { route: '', health: 'all' }, { key: 'deviation', descending: false }, NOW))).toEqual(['bus-2', 'bus-1', 'bus-10', 'bus-3'])
    expect(ids(selectVehicles(fleet, { route: '', health: 'all' }, { key: 'deviation', descending: true }, NOW))).toEqual(['bus-10', 'bus-1', 'bus-2', 'bus-3'])
  })

  it('sorts by the age of the last ping on the clock given', () => {
    expect(ids(selectVehicles(fleet, { route: '', health: 'all' }, { key: 'age', descending: true }, NOW))).toEqual(['bus-3', 'bus-10', 'bus-1', 'bus-2'])
    expect(ageSecondsOf(fleet[0]!, NOW)).toBe(90)
    expect(ageSecondsOf(fleet[0]!, NOW + 10_000)).toBe(100)
  })

  it('does not reorder the list it is given', () => {
    const before = ids(fleet)
    selectVehicles(fleet, { route: '', health: 'all' }, { key: 'age', descending: false }, NOW)
    expect(ids(fleet)).toEqual(before)
  })
})

describe('routesOf and formatDeviation', () => {
  it('lists the distinct routes in natural order', () => {
    expect(routesOf(fleet)).toEqual(['R1', 'R2', 'R10'])
  })

  it('formats deviation as signed minutes:seconds', () => {
    expect(formatDeviation(185)).toBe('+3:05')
    expect(formatDeviation(-80)).toBe('\u22121:20')
    expect(formatDeviation(0)).toBe('0:00')
    expect(formatDeviation(null)).toBeNull()
  })
})

describe('adherenceFigureOf', () => {
  it('shows the deviation on a timetabled trip, the gap and the headway on a route run to a headway', () => {
    expect(adherenceFigureOf({ kind: 'schedule', deviationS: 185 })).toEqual({ kind: 'schedule', deviation: '+3:05' })
    expect(adherenceFigureOf({ kind: 'headway', gapS: 370, scheduledHeadwayS: 240 })).toEqual({ kind: 'headway', gap: '6:10', headway: '4:00' })
    expect(adherenceFigureOf({ kind: 'headway', gapS: null, scheduledHeadwayS: 300 })).toEqual({ kind: 'headway', gap: null, headway: '5:00' })
    expect(adherenceFigureOf(null)).toBeNull()
  })
})
