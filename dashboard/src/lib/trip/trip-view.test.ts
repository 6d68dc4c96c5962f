import { describe, expect, it } from 'vitest'
import { fixAgeS, nextStopName, tripHref, tripRows, type TripResponse } from './trip-view.js'

const now = Date.parse('2025-03-01T10:00:00Z')
const iso = (minutes: number) => new Date(now + minutes * 60_000).toISOString()

const trip: TripResponse = {
  tripId: 'T1', routeId: 'R10', headsign: 'الجامعة', serviceDate: '20250301',
  vehicle: { vehicleId: 'B7', lat: 31.95, lon: 35.91, bearingDeg: 90, fixAt: new Date(now - 12_400).toISOString(), health: 'fresh', scheduleDeviationS: 120, nextStopId: 'S3', occupancy: null },
  stops: [
    { stopId: 'S1', name: 'الأول', scheduledAt: iso(-10), expectedAt: null, earliest: null, latest: null, passed: true },
    { stopId: 'S2', name: 'الثاني', scheduledAt: iso(-4), expectedAt: iso(-2), earliest: iso(-3), latest: iso(-1), passed: true },
    { stopId: 'S3', name: 'الثالث', scheduledAt: iso(2), expectedAt: iso(4), earliest: iso(3), latest: iso(6), passed: false },
    { stopId: 'S4', name: 'الرابع', scheduledAt: iso(8), expectedAt: null, earliest: null, latest: null, passed: false },
  ],
}

describe('follow my bus rows', () => {
  it('greys passed stops, marks the next and gives minutes with the likely range', () => {
    const rows = tripRows(trip, now)
    expect(rows.map((r) => [r.stopId, r.passed, r.next, r.minutes, r.range, r.realtime])).toEqual([
      ['S1', true, false, null, null, false],
      ['S2', true, false, null, null, true],
      ['S3', false, true, 4, { from: 3, to: 6 }, true],
      ['S4', false, false, 8, null, false],
    ])
    expect(rows[2]!.at).toBe(iso(4))
    expect(rows[3]!.at).toBe(iso(8))
  })
  it('shows the timetable alone when no bus works the trip', () => {
    const rows = tripRows({ vehicle: null, stops: trip.stops.map((s) => ({ ...s, passed: null, expectedAt: null, earliest: null, latest: null })) }, now)
    expect(rows.every((r) => !r.passed && !r.next && !r.realtime)).toBe(true)
    expect(rows.map((r) => r.minutes)).toEqual([0, 0, 2, 8])
  })
  it('ages the fix and names the next stop', () => {
    expect(fixAgeS(trip.vehicle!, now)).toBe(12)
    expect(fixAgeS({ fixAt: new Date(now + 3000).toISOString() }, now)).toBe(0)
    expect(nextStopName(trip)).toBe('الثالث')
    expect(nextStopName({ ...trip, vehicle: { ...trip.vehicle!, nextStopId: 'S9' } })).toBe('S9')
    expect(nextStopName({ vehicle: null, stops: [] })).toBeNull()
  })
  it('escapes the trip id in its address', () => {
    expect(tripHref('T 1/2')).toBe('#/trips/T%201%2F2')
  })
})
