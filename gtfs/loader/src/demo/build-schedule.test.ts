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
  freeFlowSpeedKmh: 22,
  runToHeadway: routeId === 'A',
  color: '000000',
})
const ROUTES = [route('A', 5), route('B', 10), route('C', 15)]
const LENGTHS = new Map([['A', 12_000], ['B', 7_000], ['C', 3_000]])
/** Each route a stop every 500 m, both ways. */
const PATTERNS = new Map([...LENGTHS].map(([routeId, lengthM]) => {
  const stops = Array.from({ length: lengthM / 500 + 1 }, (_, i) => ({ stopId: `${routeId}${i}`, distMetres: i * 500 }))
  return [routeId, [{ stops }, { stops }] as const]
}))

/** Each trip as two stop times: its departure and its arrival. */
const endsOf = (trips: readonly ScheduledTrip[]) =>
  trips.flatMap((t) => [
    { tripId: t.tripId, arrivalSeconds: t.departureSeconds, departureSeconds: t.departureSeconds },
    { tripId: t.tripId, arrivalSeconds: t.departureSeconds + t.runSeconds, departureSeconds: t.departureSeconds + t.runSeconds },
  ])

function schedule(seed: number, peakBuses: number) {
  return buildSchedule(createRandom(seed), { routes: ROUTES, patternsByRoute: PATTERNS, serviceDays: [WEEKDAY_SERVICE, FRIDAY_SERVICE], peakBuses })
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

  it('times trips by the hour’s traffic: a trip in the weekday afternoon peak runs longer than one at night, and than on a Friday', () => {
    const { trips } = schedule(6, 24)
    const runOf = (serviceId: string, fromS: number) => trips.find((t) => t.routeId === 'A' && t.directionId === 0 && t.serviceId === serviceId && t.departureSeconds >= fromS)!.runSeconds
    expect(runOf('WEEKDAY', 15 * 3600)).toBeGreaterThan(1.2 * runOf('WEEKDAY', 22 * 3600))
    expect(runOf('WEEKDAY', 15 * 3600)).toBeGreaterThan(runOf('FRIDAY', 15 * 3600))
  })

  it('gives the trips of a route run to a headway the headway they run in: shorter in the peak than late at night', () => {
    const { trips } = schedule(8, 24)
    expect(trips.filter((t) => t.routeId !== 'A').every((t) => t.headwayS === undefined)).toBe(true)
    const headwayAt = (fromS: number) => trips.find((t) => t.routeId === 'A' && t.serviceId === 'WEEKDAY' && t.departureSeconds >= fromS)!.headwayS!
    expect(headwayAt(8 * 3600)).toBeGreaterThan(0)
    expect(headwayAt(22 * 3600)).toBeGreaterThan(2 * headwayAt(8 * 3600))
  })

  it('keeps at least the 5 minute layover at the peak and more recovery off peak', () => {
    const { trips } = schedule(7, 24)
    const byBlock = new Map<string, ScheduledTrip[]>()
    for (const trip of trips.filter((t) => t.serviceId === 'WEEKDAY')) byBlock.set(trip.blockId, [...(byBlock.get(trip.blockId) ?? []), trip])
    const layovers: { atS: number; layoverS: number }[] = []
    for (const blockTrips of byBlock.values()) {
      for (let i = 1; i < blockTrips.length; i++) {
        const [before, after] = [blockTrips[i - 1]!, blockTrips[i]!]
        layovers.push({ atS: after.departureSeconds, layoverS: after.departureSeconds - before.departureSeconds - before.runSeconds })
      }
    }
    expect(Math.min(...layovers.map((l) => l.layoverS))).toBeGreaterThanOrEqual(5 * 60)
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const peak = layovers.filter((l) => l.atS >= 15 * 3600 && l.atS < 17 * 3600).map((l) => l.layoverS)
    const evening = layovers.filter((l) => l.atS >= 21 * 3600).map((l) => l.layoverS)
    expect(mean(evening)).toBeGreaterThan(mean(peak) + 60)
  })
})
