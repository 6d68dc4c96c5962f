import { describe, expect, it } from 'vitest'
import { unassignedMatch, type VehicleMatch } from '../matching/vehicle-match.js'
import { FleetState, type VehicleState } from './fleet-state.js'
import { riderViewOf } from './rider-vehicle.js'

const NOW = Date.parse('2026-12-07T08:00:00Z')
const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })

function bus(match: VehicleMatch | null, more: Partial<VehicleState> = {}): VehicleState {
  return {
    agencyId: 'gam', vehicleId: 'bus-1', lat: 31.95, lon: 35.91, speedMps: 7, bearingDeg: 90, fixAtMs: NOW - 2000, receivedAtMs: NOW - 1500,
    declaredTripId: 'T-claimed', declaredRouteId: 'R-claimed', occupancy: 'FEW_SEATS_AVAILABLE', match, ...more,
  }
}
const matched = (status: VehicleMatch['status']): VehicleMatch => ({
  ...unassignedMatch('bus-1', NOW - 2000), status, blockId: 'B7', tripId: 'T1', routeId: 'R1', directionId: 0, serviceDate: '2026-12-07',
  distanceAlongTripM: 1200, nextStopId: 'S2', nextStopIndex: 1, scheduleDeviationS: 240, offRoute: status === 'deadhead',
})

describe('riderViewOf', () => {
  it('shows the trip a bus works in service, with nothing of the dispatcher\'s view', () => {
    const view = riderViewOf(fleet, bus(matched('in-service')), NOW, { schedule: null })
    expect(view).toEqual({
      vehicleId: 'bus-1', lat: 31.95, lon: 35.91, speedMps: 7, bearingDeg: 90, fixAt: new Date(NOW - 2000).toISOString(), ageS: 2, health: 'fresh',
      tripId: 'T1', routeId: 'R1', directionId: 0, serviceDate: '2026-12-07', headsign: null, nextStopId: 'S2', occupancy: 'FEW_SEATS_AVAILABLE',
    })
  })

  it('shows no trip, route or stop for a bus deadheading, at the depot or unassigned (matching knows better than the tracker)', () => {
    for (const status of ['deadhead', 'at-depot', 'unassigned'] as const) {
      const view = riderViewOf(fleet, bus(matched(status)), NOW, { schedule: null })
      expect([view.tripId, view.routeId, view.nextStopId, view.serviceDate], status).toEqual([null, null, null, null])
    }
  })

  it('takes the tracker\'s claim only where there is no matching at all', () => {
    expect(riderViewOf(fleet, bus(null), NOW, { schedule: null })).toMatchObject({ tripId: 'T-claimed', routeId: 'R-claimed', nextStopId: null })
  })
})
