import { describe, expect, it } from 'vitest'
import type { VehicleView } from '@masar/model/api/vehicle-view'
import { adherenceOf, applyLiveMessage, applyLiveMessages, countByHealth, emptyFleet, toFeatureCollection } from './fleet-snapshot.js'
import { isDispatcherMessage, parseLiveMessage } from './parse-live-message.js'

function vehicle(vehicleId: string, more: Partial<VehicleView> = {}): VehicleView {
  return {
    vehicleId, agencyId: 'amman', lat: 31.95, lon: 35.91, speedMps: 8, bearingDeg: 90, fixAt: '2025-03-02T07:00:00.000Z',
    receivedAt: '2025-03-02T07:00:01.000Z', ageS: 1, health: 'fresh', declaredTripId: null, declaredRouteId: null,
    phase: 'in-service', blockId: 'B1', tripId: `T-${vehicleId}`, routeId: 'R1', directionId: 0, serviceDate: '20250302',
    distanceAlongTripM: 1200, nextStopId: 'S2', scheduleDeviationS: 30, snapped: { lat: 31.95, lon: 35.91 }, offRoute: false, adherence: null, ...more,
  }
}

describe('applyLiveMessage', () => {
  it('takes a snapshot, then a vehicle update, then a health change', () => {
    let fleet = applyLiveMessage(emptyFleet(), { type: 'snapshot', vehicles: [vehicle('V1'), vehicle('V2', { health: 'stale' })] })
    expect([...fleet.vehicles.keys()]).toEqual(['V1', 'V2'])
    expect(countByHealth(fleet)).toEqual({ fresh: 1, stale: 1, offline: 0 })

    fleet = applyLiveMessage(fleet, { type: 'vehicle', vehicle: vehicle('V2', { lat: 31.96, health: 'fresh' }) })
    fleet = applyLiveMessage(fleet, { type: 'vehicle', vehicle: vehicle('V3') })
    expect(fleet.vehicles.get('V2')?.lat).toBe(31.96)
    expect(fleet.vehicles.size).toBe(3)
    expect(countByHealth(fleet)).toEqual({ fresh: 3, stale: 0, offline: 0 })

    fleet = applyLiveMessage(fleet, { type: 'health', vehicles: [{ vehicleId: 'V1', health: 'offline' }, { vehicleId: 'V3', health: 'stale' }, { vehicleId: 'NOPE', health: 'stale' }] })
    expect(countByHealth(fleet)).toEqual({ fresh: 1, stale: 1, offline: 1 })
    expect(fleet.vehicles.has('NOPE')).toBe(false)
    expect(fleet.vehicles.get('V1')?.lat).toBe(31.95) // a health change keeps the rest of the view
  })

  it('replaces the whole fleet on a new snapshot (after a reconnect)', () => {
    const before = applyLiveMessage(emptyFleet(), { type: 'snapshot', vehicles: [vehicle('V1'), vehicle('V2')] })
    const after = applyLiveMessage(before, { type: 'snapshot', vehicles: [vehicle('V9')] })
    expect([...after.vehicles.keys()]).toEqual(['V9'])
  })

  it('never changes the snapshot it is given', () => {
    const before = applyLiveMessage(emptyFleet(), { type: 'snapshot', vehicles: [vehicle('V1')] })
    const after = applyLiveMessage(before, { type: 'health', vehicles: [{ vehicleId: 'V1', health: 'offline' }] })
    expect(before.vehicles.get('V1')?.health).toBe('fresh')
    expect(after.vehicles.get('V1')?.health).toBe('offline')
    expect(after).not.toBe(before)
  })

  it('applies a batch in order, as one snapshot', () => {
    const fleet = applyLiveMessages(emptyFleet(), [
      { type: 'vehicle', vehicle: vehicle('OLD') },
      { type: 'snapshot', vehicles: [vehicle('V1')] },
      { type: 'vehicle', vehicle: vehicle('V1', { bearingDeg: 180 }) },
      { type: 'health', vehicles: [{ vehicleId: 'V1', health: 'stale' }] },
    ])
    expect([...fleet.vehicles.values()].map((v) => [v.vehicleId, v.bearingDeg, v.health])).toEqual([['V1', 180, 'stale']])
  })

  it('leaves the fleet as it is for arrivals messages', () => {
    const before = applyLiveMessage(emptyFleet(), { type: 'snapshot', vehicles: [vehicle('V1')] })
    expect(applyLiveMessage(before, { type: 'arrivals', stopId: 'S1', arrivals: [] })).toBe(before)
  })
})

describe('adherenceOf (seconds behind the timetable, + late)', () => {
  it.each([
    [null, 'unknown'],
    [-61, 'early'],
    [-60, 'on-time'],
    [0, 'on-time'],
    [300, 'on-time'],
    [301, 'late'],
    [600, 'late'],
    [601, 'very-late'],
    [Number.NaN, 'unknown'],
  ] as const)('%s s is %s', (deviationS, expected) => {
    expect(adherenceOf(deviationS)).toBe(expected)
  })
})

describe('toFeatureCollection', () => {
  it('gives one point feature per bus with the properties the map styles by', () => {
    const fleet = applyLiveMessage(emptyFleet(), {
      type: 'snapshot',
      vehicles: [
        vehicle('V1', { scheduleDeviationS: 700, health: 'stale' }),
        vehicle('V2', { bearingDeg: null, routeId: null, tripId: null, declaredRouteId: 'R7', declaredTripId: null, scheduleDeviationS: null, health: 'offline', lon: 35.8, lat: 32 }),
      ],
    })
    const { type, features } = toFeatureCollection(fleet)
    expect(type).toBe('FeatureCollection')
    expect(features).toEqual([
      { type: 'Feature', id: 'V1', geometry: { type: 'Point', coordinates: [35.91, 31.95] }, properties: { vehicleId: 'V1', bearing: 90, adherence: 'very-late', health: 'stale', routeId: 'R1', tripId: 'T-V1' } },
      { type: 'Feature', id: 'V2', geometry: { type: 'Point', coordinates: [35.8, 32] }, properties: { vehicleId: 'V2', bearing: -1, adherence: 'unknown', health: 'offline', routeId: 'R7', tripId: null } },
    ])
  })
})

describe('parseLiveMessage', () => {
  it('reads the stream frames and drops what it does not know', () => {
    expect(parseLiveMessage(JSON.stringify({ type: 'vehicle', vehicle: vehicle('V1') }))?.type).toBe('vehicle')
    expect(parseLiveMessage('{"type":"health","vehicles":[]}')).toEqual({ type: 'health', vehicles: [] })
    expect(parseLiveMessage('{"type":"arrivals","stopId":"S1","arrivals":[]}')?.type).toBe('arrivals')
    expect(parseLiveMessage('{"type":"vehicle","vehicle":{"vehicleId":"V1"}}')).toBeNull()
    expect(parseLiveMessage('{"type":"party"}')).toBeNull()
    expect(parseLiveMessage('not json')).toBeNull()
    expect(parseLiveMessage('null')).toBeNull()
  })
})

describe('isDispatcherMessage', () => {
  it('tells the dispatcher\'s view (with the phase) from the riders\' one the stream sends without a token', () => {
    const rider = { vehicleId: 'V1', lat: 31.95, lon: 35.91, speedMps: null, bearingDeg: null, fixAt: '2025-03-02T07:00:00.000Z', ageS: 1, health: 'fresh' as const, tripId: null, routeId: null, directionId: null, serviceDate: null, headsign: null, nextStopId: null, occupancy: null }
    expect(isDispatcherMessage({ type: 'snapshot', vehicles: [vehicle('V1')] })).toBe(true)
    expect(isDispatcherMessage({ type: 'vehicle', vehicle: vehicle('V1') })).toBe(true)
    expect(isDispatcherMessage({ type: 'snapshot', vehicles: [rider] })).toBe(false)
    expect(isDispatcherMessage({ type: 'vehicle', vehicle: rider })).toBe(false)
    expect(isDispatcherMessage({ type: 'health', vehicles: [] })).toBe(true)
  })
})

describe('the map colours a bus by how its route is run', () => {
  it('colours a BRT bus by its gap to the bus ahead, a timetabled bus by its deviation', () => {
    const state = applyLiveMessage(emptyFleet(), {
      type: 'snapshot',
      vehicles: [
        // 45 min behind a nominal timetable, but 4:30 behind the bus ahead on a 4-minute headway: regular
        vehicle('brt-regular', { routeId: 'BRT1', scheduleDeviationS: 2700, adherence: { kind: 'headway', gapS: 270, scheduledHeadwayS: 240 } }),
        vehicle('brt-bunched', { routeId: 'BRT1', scheduleDeviationS: 0, adherence: { kind: 'headway', gapS: 30, scheduledHeadwayS: 240 } }),
        vehicle('brt-gap', { routeId: 'BRT1', scheduleDeviationS: 0, adherence: { kind: 'headway', gapS: 600, scheduledHeadwayS: 240 } }),
        vehicle('bus-late', { scheduleDeviationS: 420, adherence: { kind: 'schedule', deviationS: 420 } }),
      ],
    })
    const adherence = Object.fromEntries(toFeatureCollection(state).features.map((f) => [f.properties.vehicleId, f.properties.adherence]))
    expect(adherence).toEqual({ 'brt-regular': 'on-time', 'brt-bunched': 'early', 'brt-gap': 'very-late', 'bus-late': 'late' })
  })
})
