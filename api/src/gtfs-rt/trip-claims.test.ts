import type { VehiclePing } from '@masar/model/telemetry/ping'
import { describe, expect, it } from 'vitest'
import { FleetState } from '../fleet/fleet-state.js'
import { unassignedMatch } from '../matching/vehicle-match.js'
import { tripKey } from '../matching/trip-key.js'
import { tripWinners } from './trip-claims.js'

const NOW = 1_800_000_000_000
function add(fleet: FleetState, vehicleId: string, tripId: string, confidence: number, declared: string | null = null, distanceFromShapeM = 10) {
  const ping: VehiclePing = { agencyId: 'gam', vehicleId, recordedAtMs: NOW - 1000, lat: 31.95, lon: 35.9, speedMps: null, bearingDeg: null, accuracyM: null, odometerM: null, tripId: declared, routeId: null, occupancy: null, seq: null }
  fleet.apply(ping, NOW, { ...unassignedMatch(vehicleId, NOW), status: 'in-service', tripId, serviceDate: '2026-11-23', confidence, distanceFromShapeM })
}

describe('one vehicle per trip in the feeds', () => {
  it('gives a trip two buses are matched to the one that declares it, else the more confident one', () => {
    const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
    add(fleet, 'bus-1', 'T1', 0.9)
    add(fleet, 'bus-2', 'T1', 0.6, 'T1')
    add(fleet, 'bus-3', 'T2', 0.4)
    add(fleet, 'bus-4', 'T2', 0.8)
    const winners = tripWinners(fleet, NOW)
    expect(winners.get(tripKey('2026-11-23', 'T1'))).toBe('bus-2')
    expect(winners.get(tripKey('2026-11-23', 'T2'))).toBe('bus-4')
  })

  it('shows a bus far from its trip\'s shape (a detour) without its trip until it is back (GTFS-RT E029)', () => {
    const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
    add(fleet, 'bus-1', 'T1', 0.9, null, 350)
    add(fleet, 'bus-2', 'T2', 0.9, null, 150)
    const winners = tripWinners(fleet, NOW)
    expect(winners.has(tripKey('2026-11-23', 'T1'))).toBe(false)
    expect(winners.get(tripKey('2026-11-23', 'T2'))).toBe('bus-2')
  })
})
