import { describe, expect, it } from 'vitest'
import { JourneyTrips } from './journey-trips.js'
import type { CalendarRule } from '@masar/model/gtfs/service-day'
import { handMadeSchedule, street, type HandMadeTrip } from './testing/hand-made-schedule.js'

// Asia/Amman is UTC+3; 2026-11-23 is a Monday. Days run Monday to Sunday; Jordan's week is Sunday to Thursday.
const STOPS = { A: [0, 0] as const, B: [1000, 0] as const }
const trip = (tripId: string, routeId: string, departure: string, arrival: string, extra: Partial<HandMadeTrip> = {}): HandMadeTrip =>
  ({ tripId, routeId, shapeId: 'AB', stopIds: ['A', 'B'], times: [departure, arrival], ...extra })
const WEEKDAYS: CalendarRule = { serviceId: 'WD', days: [true, true, true, true, false, false, true], startDate: '2026-01-01', endDate: '2026-12-31' }
const FRIDAY: CalendarRule = { serviceId: 'FR', days: [false, false, false, false, true, false, false], startDate: '2026-01-01', endDate: '2026-12-31' }
const amman = (iso: string) => Date.parse(`${iso}+03:00`)

function journeys(trips: HandMadeTrip[]): JourneyTrips {
  return new JourneyTrips(handMadeSchedule({ stops: STOPS, shapes: { AB: street([0, 0], [1000, 0]) }, trips, calendar: [WEEKDAYS, FRIDAY] }))
}

describe('JourneyTrips', () => {
  it('names the trip of a route leaving its first stop at that time on that service day', () => {
    const trips = journeys([
      trip('R1-0748', 'R1', '07:48:00', '08:00:00', { serviceId: 'WD' }),
      trip('R1-0800', 'R1', '08:00:00', '08:12:00', { serviceId: 'WD' }),
      trip('R2-0800', 'R2', '08:00:00', '08:12:00', { serviceId: 'WD' }),
      trip('R1-0800-fri', 'R1', '08:00:00', '08:12:00', { serviceId: 'FR' }),
    ])
    expect(trips.tripOf('R1', amman('2026-11-23T07:48:00'))).toBe('R1-0748')
    expect(trips.tripOf('R1', amman('2026-11-23T08:00:00'))).toBe('R1-0800')
    expect(trips.tripOf('R2', amman('2026-11-23T08:00:00'))).toBe('R2-0800')
    expect(trips.tripOf('R1', amman('2026-11-27T08:00:00'))).toBe('R1-0800-fri') // a Friday
    expect(trips.tripOf('R1', amman('2026-11-23T08:00:00'))).toBe('R1-0800') // answered again from the cache
  })

  it('finds a trip past midnight on the service day it belongs to', () => {
    const trips = journeys([trip('late', 'R1', '24:30:00', '24:45:00', { serviceId: 'WD' })])
    expect(trips.tripOf('R1', amman('2026-11-24T00:30:00'))).toBe('late') // Monday's 24:30
    expect(trips.tripOf('R1', amman('2026-11-29T00:30:00'))).toBeNull() // Saturday's 24:30: no service
  })

  it('names none where there is no such departure, no such route, or two trips leave then', () => {
    const trips = journeys([
      trip('east', 'R1', '09:00:00', '09:12:00', { serviceId: 'WD', directionId: 0 }),
      trip('west', 'R1', '09:00:00', '09:12:00', { serviceId: 'WD', directionId: 1 }),
      trip('R1-0815', 'R1', '08:15:00', '08:27:00', { serviceId: 'WD' }),
    ])
    expect(trips.tripOf('R1', amman('2026-11-23T09:00:00'))).toBeNull()
    expect(trips.tripOf('R1', amman('2026-11-23T08:16:00'))).toBeNull()
    expect(trips.tripOf('R1', amman('2026-11-23T08:15:00.500'))).toBeNull()
    expect(trips.tripOf('R9', amman('2026-11-23T08:15:00'))).toBeNull()
    expect(trips.tripOf('R1', amman('2026-11-23T08:15:00'))).toBe('R1-0815')
  })
})
