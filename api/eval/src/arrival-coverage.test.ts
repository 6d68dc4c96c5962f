import type { VehiclePing } from '@masar/model/telemetry/ping'
import { FleetState } from '@masar/api/fleet/fleet-state'
import { unassignedMatch, type VehicleMatch } from '@masar/api/matching/vehicle-match'
import type { StopEvent } from '@masar/api/stop-events/detect-stop-events'
import { describe, expect, it } from 'vitest'
import { ArrivalCoverage } from './arrival-coverage.js'

const T0 = Date.parse('2026-11-24T08:00:00+02:00')
const MIN = 60_000
const DATE = '2026-11-24'

function fix(fleet: FleetState, atMs: number, status: VehicleMatch['status'] = 'in-service'): void {
  const match: VehicleMatch = { ...unassignedMatch('bus-1', atMs), status, tripId: status === 'unassigned' ? null : 'T1', serviceDate: DATE, nextStopIndex: 1 }
  const ping: VehiclePing = { agencyId: 'a', vehicleId: 'bus-1', recordedAtMs: atMs, lat: 31.95, lon: 35.9, speedMps: null, bearingDeg: null, accuracyM: null, odometerM: null, tripId: null, routeId: null, occupancy: null, seq: null }
  fleet.apply(ping, atMs, match)
}
const arrival = (stopIndex: number, atMs: number): StopEvent => ({ vehicleId: 'bus-1', tripId: 'T1', routeId: 'R1', serviceDate: DATE, stopId: `S${stopIndex}`, stopIndex, arrivalMs: atMs, departureMs: atMs, observed: true })
const predicted = (stopIndex: number, madeAtMs: number, predictedMs: number) => ({ method: 'kalman' as const, serviceDate: DATE, tripId: 'T1', stopIndex, madeAtMs, predictedMs })

describe('ArrivalCoverage', () => {
  it('counts an arrival in each bucket its bus was in service long enough for, covered where a prediction of it fell in the bucket', () => {
    const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
    const coverage = new ArrivalCoverage(fleet)
    for (let t = T0; t <= T0 + 20 * MIN; t += MIN) fix(fleet, t)
    // in service since 08:00; arrives at stop 2 at 08:07: it could have had 0–3 and 3–6 (middles 1.5 and 4.5 min before), not 6–10 (8 min)
    coverage.observe([arrival(2, T0 + 7 * MIN)])
    const rows = coverage.summarise([predicted(2, T0 + 5 * MIN, T0 + 7 * MIN), predicted(2, T0 + 6 * MIN, T0 + 7 * MIN)], ['kalman'], T0)
    const row = (bucket: string) => rows.find((r) => r.bucket === bucket)!
    expect(row('0-3')).toMatchObject({ eligible: 1, covered: 1, share: 1 })
    expect(row('3-6')).toMatchObject({ eligible: 1, covered: 0, share: 0 })
    expect(row('6-10')).toMatchObject({ eligible: 0, share: null })
  })

  it('starts counting again when the bus leaves service or is not heard from for 5 min', () => {
    const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
    const coverage = new ArrivalCoverage(fleet)
    fix(fleet, T0)
    fix(fleet, T0 + 10 * MIN) // silent 10 min: in service from here
    coverage.observe([arrival(2, T0 + 12 * MIN)])
    expect(coverage.summarise([], ['kalman'], T0).find((r) => r.bucket === '3-6')!.eligible).toBe(0)
    fix(fleet, T0 + 13 * MIN, 'unassigned')
    fix(fleet, T0 + 14 * MIN)
    coverage.observe([arrival(3, T0 + 16 * MIN)])
    expect(coverage.summarise([], ['kalman'], T0).find((r) => r.bucket === '0-3')!.eligible).toBe(2)
  })
})
