import { describe, expect, it } from 'vitest'
import { handMadeSchedule, street, type HandMadeTrip } from './testing/hand-made-schedule.js'
import { traceOfTrip } from './testing/hand-made-trace.js'
import type { VehicleFix, VehicleMatch } from './vehicle-match.js'
import { createVehicleMatcher } from './vehicle-matcher.js'

// What the matcher makes of doubtful evidence: declared trips right and wrong, a detour, GPS noise and outliers,
// a vehicle nowhere near a route, fixes out of order. 2026-11-23 is a Monday.
const MONDAY = '2026-11-23'
const STOPS = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6']
const legs = (h: number, m: number) => STOPS.map((_, i) => `${String(h).padStart(2, '0')}:${String(m + 3 * i).padStart(2, '0')}:00`)
const east = (tripId: string, h: number, m: number): HandMadeTrip => ({ tripId, routeId: 'R1', shapeId: 'EAST', stopIds: STOPS, times: legs(h, m), blockId: tripId })

/** A 6 km street east with a trip every five minutes from 08:00, and route R9 five kilometres north. */
const schedule = handMadeSchedule({
  stops: { ...Object.fromEntries(STOPS.map((id, i) => [id, [i * 1000, 0] as const])), F0: [0, 5000], F1: [3000, 5000] },
  shapes: { EAST: street([0, 0], [6000, 0]), FAR: street([0, 5000], [3000, 5000]) },
  trips: [
    east('E0800', 8, 0), east('E0805', 8, 5), east('E0810', 8, 10), east('E1100', 11, 0),
    { tripId: 'FAR', routeId: 'R9', shapeId: 'FAR', stopIds: ['F0', 'F1'], times: ['08:00:00', '08:09:00'] },
  ],
})

function expectEvery(matches: readonly VehicleMatch[], condition: (m: VehicleMatch) => boolean): void {
  expect(matches.length).toBeGreaterThan(0)
  expect(matches.filter((m) => !condition(m))).toEqual([])
}

const matchAll = (fixes: readonly VehicleFix[]) => {
  const matcher = createVehicleMatcher(schedule)
  return fixes.map((fix) => matcher.observe(fix))
}

describe('createVehicleMatcher weighing evidence', () => {
  it('takes a declared trip that is consistent, even one the timetable alone would not pick', () => {
    // The 08:00 trip running five minutes late is where the 08:05 trip should be.
    const late = traceOfTrip(schedule, 'E0800', { serviceDate: MONDAY, lateS: 300 })
    expectEvery(matchAll(late).slice(1), (m) => m.tripId === 'E0805')
    const declared = traceOfTrip(schedule, 'E0800', { serviceDate: MONDAY, lateS: 300, declaredTripId: 'E0800' })
    expectEvery(matchAll(declared), (m) => m.tripId === 'E0800' && m.confidence > 0.9)
  })

  it('ignores a declared trip that is far from its shape or outside its time', () => {
    for (const wrong of ['FAR', 'E1100', 'NO-SUCH-TRIP']) {
      const fixes = traceOfTrip(schedule, 'E0805', { serviceDate: MONDAY, declaredTripId: wrong })
      expectEvery(matchAll(fixes).slice(1), (m) => m.tripId === 'E0805')
    }
  })

  it('keeps its trip through a detour, off-route while away, and back on it after', () => {
    // 250 m north for the 1.4 km between 2.0 and 3.4 km along the street, skipping S3.
    const sidewaysM = (alongM: number) => (alongM > 2000 && alongM < 3400 ? 250 * Math.sin((Math.PI * (alongM - 2000)) / 1400) : 0)
    const matches = matchAll(traceOfTrip(schedule, 'E0805', { serviceDate: MONDAY, sidewaysM, noiseM: 4 }))
    expectEvery(matches.slice(1), (m) => m.tripId === 'E0805')
    expect(matches.filter((m) => m.offRoute).length).toBeGreaterThan(5)
    const back = matches.filter((m) => m.distanceAlongTripM! > 3700)
    expectEvery(back, (m) => !m.offRoute && m.distanceFromShapeM! < 30)
  })

  it('rides out GPS noise and outliers without losing its trip or going backwards', () => {
    const fixes = traceOfTrip(schedule, 'E0805', { serviceDate: MONDAY, noiseM: 8, seed: 7, outliers: { every: 17, metres: 250 } })
    const matches = matchAll(fixes)
    expectEvery(matches.slice(1), (m) => m.tripId === 'E0805' && !m.offRoute)
    const along = matches.map((m) => m.distanceAlongTripM!)
    expect(along.every((d, i) => i === 0 || d >= along[i - 1]! - 40)).toBe(true)
  })

  it('leaves a vehicle far from every route unassigned', () => {
    const matcher = createVehicleMatcher(schedule)
    const far = { vehicleId: 'bus-9', atMs: Date.parse('2026-11-23T08:05:00+03:00'), lat: 31.9, lon: 35.8, speedMps: 5, bearingDeg: 90 }
    expect(matcher.observe(far)).toMatchObject({ status: 'unassigned', tripId: null, confidence: 0 })
  })

  it('answers a fix older than the last with the last match', () => {
    const matcher = createVehicleMatcher(schedule)
    const fixes = traceOfTrip(schedule, 'E0805', { serviceDate: MONDAY })
    const latest = fixes.slice(0, 20).map((fix) => matcher.observe(fix)).at(-1)!
    expect(matcher.observe(fixes[5]!)).toBe(latest)
    expect(matcher.matchOf('bus-1')).toBe(latest)
    matcher.forget('bus-1')
    expect(matcher.vehicleCount).toBe(0)
  })
})
