import { describe, expect, it } from 'vitest'
import type { AmmanRoute } from './amman-routes.js'
import { buildSchedule, type ScheduledTrip } from './build-schedule.js'
import { countBusesInService, findPeakBusesInService, spanBlocks } from './count-buses-in-service.js'
import { createRandom } from '@masar/model/random/seeded-random'
import { FRIDAY_SERVICE, WEEKDAY_SERVICE } from './service-days.js'

const route = (routeId: string, peakHeadwayMinutes: number): AmmanRoute => ({
  routeId,
  shortName: routeId,
  longNameAr: routeId,
  longNameEn: routeId,
  places: ['abdali', 'raghadan'],
  peakHeadwayMinutes,
  speedKmh: 18,
  color: '000000',
})
const ROUTES = [route('A', 5), route('B', 10), route('C', 15)]
const LENGTHS = new Map([['A', 12_000], ['B', 7_000], ['C', 3_000]])

/** Each trip as two stop times: its departure and its arrival. */
const endsOf = (trips: readonly ScheduledTrip[]) =>
  trips.flatMap((t) => [
    { tripId: t.tripId, arrivalSeconds: t.departureSeconds, departureSeconds: t.departureSeconds },
    { tripId: t.tripId, arrivalSeconds: t.departureSeconds + t.runSeconds, departureSeconds: t.departureSeconds + t.runSeconds },
  ])

function schedule(seed: number, peakBuses: number) {
  return buildSchedule(createRandom(seed), { routes: ROUTES, lengthMetresByRoute: LENGTHS, serviceDays: [WEEKDAY_SERVICE, FRIDAY_SERVICE], peakBuses })
}

describe('buildSchedule', () => {
  it.each([[1, 24], [2, 31], [3, 17]])('puts exactly the requested buses in service at the weekday peak (seed %i, %i buses)', (seed, peakBuses) => {
    const { trips, timings } = schedule(seed, peakBuses)
    expect(timings.reduce((sum, t) => sum + t.peakBuses, 0)).toBe(peakBuses)
    expect(findPeakBusesInService(spanBlocks(trips, endsOf(trips), 'WEEKDAY')).buses).toBe(peakBuses)
    expect(findPeakBusesInService(spanBlocks(trips, endsOf(trips), 'FRIDAY')).buses).toBeLessThan(peakBuses)
  })

  it('never runs more buses on a route than its peak buses, and all of them through both peaks', () => {
    const { trips, timings } = schedule(4, 24)
    for (const timing of timings) {
      const routeTrips = trips.filter((t) => t.routeId === timing.routeId)
      const spans = spanBlocks(routeTrips, endsOf(routeTrips), 'WEEKDAY')
      const counts = Array.from({ length: 20 * 60 }, (_, minute) => countBusesInService(spans, 5 * 3600 + minute * 60))
      expect(Math.max(...counts)).toBe(timing.peakBuses)
      for (const peakMinute of [7 * 60 + 15, 9 * 60 + 15, 14 * 60 + 15, 17 * 60 + 15]) {
        expect(countBusesInService(spans, peakMinute * 60)).toBe(timing.peakBuses)
      }
    }
  })

  it('keeps the trips of a block apart, alternating directions', () => {
    const { trips } = schedule(5, 24)
    const byBlock = new Map<string, ScheduledTrip[]>()
    for (const trip of trips) byBlock.set(trip.blockId, [...(byBlock.get(trip.blockId) ?? []), trip])
    for (const blockTrips of byBlock.values()) {
      for (let i = 1; i < blockTrips.length; i++) {
        const [before, after] = [blockTrips[i - 1]!, blockTrips[i]!]
        expect(after.departureSeconds).toBeGreaterThan(before.departureSeconds + before.runSeconds)
        expect(after.directionId).not.toBe(before.directionId)
      }
    }
  })
})
