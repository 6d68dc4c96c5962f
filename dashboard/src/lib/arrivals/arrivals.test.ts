import { describe, expect, it } from 'vitest'
import type { Arrival } from '@masar/model/api/arrival'
import { arrivalsAfterMessage, countdownMinutes, groupByRoute, LIVE_ARRIVALS_CAP, rangeMinutes, secondsUntil, upcoming } from './arrivals.js'

const NOW = Date.parse('2025-03-02T07:00:00.000Z')
const iso = (offsetS: number) => new Date(NOW + offsetS * 1000).toISOString()

function arrival(tripId: string, inS: number, more: Partial<Arrival> = {}): Arrival {
  return {
    routeId: 'R1', routeShortName: '1', tripId, headsign: 'Downtown', at: iso(inS), minutes: Math.round(inS / 60),
    earliest: null, latest: null, minutesRange: null, realtime: false, stale: false, cancelled: false, vehicleId: null,
    occupancy: null, scheduledAt: iso(inS), headwayMinutes: null, ...more,
  }
}

describe('countdown', () => {
  it('counts whole minutes down, rounding down, never below zero', () => {
    expect(countdownMinutes(iso(0), NOW)).toBe(0)
    expect(countdownMinutes(iso(59), NOW)).toBe(0)
    expect(countdownMinutes(iso(60), NOW)).toBe(1)
    expect(countdownMinutes(iso(299), NOW)).toBe(4)
    expect(countdownMinutes(iso(-20), NOW)).toBe(0)
    expect(secondsUntil(iso(90), NOW + 30_000)).toBe(60)
  })

  it('goes down as the clock ticks', () => {
    const at = iso(185)
    expect([0, 5, 6, 65, 125, 126].map((s) => countdownMinutes(at, NOW + s * 1000))).toEqual([3, 3, 2, 2, 1, 0])
  })

  it('gives the p10–p90 window in minutes only when it spans something', () => {
    expect(rangeMinutes({ earliest: iso(180), latest: iso(400) }, NOW)).toEqual({ from: 3, to: 7 })
    expect(rangeMinutes({ earliest: iso(180), latest: iso(180) }, NOW)).toBeNull()
    expect(rangeMinutes({ earliest: null, latest: null }, NOW)).toBeNull()
  })
})

describe('groupByRoute', () => {
  it('groups per route, soonest first, at most n a route, the route with the next bus first', () => {
    const groups = groupByRoute([
      arrival('a1', 900),
      arrival('b1', 120, { routeId: 'R2', routeShortName: '2' }),
      arrival('a2', 300),
      arrival('a3', 1500),
      arrival('a4', 2000),
      arrival('b2', 1800, { routeId: 'R2', routeShortName: '2' }),
    ], 3)
    expect(groups.map((g) => [g.routeShortName, g.arrivals.map((a) => a.tripId)])).toEqual([
      ['2', ['b1', 'b2']],
      ['1', ['a2', 'a1', 'a3']],
    ])
  })

  it('drops buses gone more than 30 s ago', () => {
    expect(upcoming([arrival('gone', -31), arrival('pulling-in', -29), arrival('next', 60)], NOW).map((a) => a.tripId)).toEqual(['pulling-in', 'next'])
  })
})

describe('arrivalsAfterMessage', () => {
  const current = [arrival('a1', 60), arrival('late-route', 3000, { routeId: 'R9' })]

  it('replaces the list with the live message for this stop', () => {
    const next = arrivalsAfterMessage('S1', current, { type: 'arrivals', stopId: 'S1', arrivals: [arrival('a1', 120, { realtime: true }), arrival('a2', 600)] })
    expect(next.map((a) => [a.tripId, a.realtime])).toEqual([['a1', true], ['a2', false]])
  })

  it('ignores messages for other stops and other kinds', () => {
    expect(arrivalsAfterMessage('S1', current, { type: 'arrivals', stopId: 'S2', arrivals: [] })).toBe(current)
    expect(arrivalsAfterMessage('S1', current, { type: 'health', vehicles: [] })).toBe(current)
  })

  it('keeps later arrivals it knew when a full (capped) message ends before them', () => {
    const full = Array.from({ length: LIVE_ARRIVALS_CAP }, (_, i) => arrival(`f${i}`, 60 * (i + 1)))
    const next = arrivalsAfterMessage('S1', current, { type: 'arrivals', stopId: 'S1', arrivals: full })
    expect(next).toHaveLength(LIVE_ARRIVALS_CAP + 1)
    expect(next.at(-1)?.tripId).toBe('late-route')
    expect(next.some((a) => a.tripId === 'a1')).toBe(false) // inside the message's window: the message is right
  })

  it('trusts a short message completely (nothing else within the hour)', () => {
    expect(arrivalsAfterMessage('S1', current, { type: 'arrivals', stopId: 'S1', arrivals: [] })).toEqual([])
  })
})
