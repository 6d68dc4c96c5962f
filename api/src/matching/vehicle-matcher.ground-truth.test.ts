import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { parsePositionMessage } from '@masar/model/telemetry/parse-position-message'
import { DEFAULT_PING_LIMITS } from '@masar/model/telemetry/ping-limits'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import type { BusEvent } from '@masar/simulators/fleet/bus'
import { runFleet } from '@masar/simulators/fleet/run-fleet'
import type { VehicleClients } from '@masar/simulators/mqtt/vehicle-clients'
import { describe, expect, it } from 'vitest'
import { createVehicleMatcher } from './vehicle-matcher.js'

/**
 * The matcher against the simulator's ground truth on the Amman demo feed: 60 buses for 90 simulated minutes from
 * 07:00 on a working day, every good ping fed in time order. Scored on the pings sent while the bus was on a trip
 * (between its trip-start and trip-end): the share matched to the trip it was truly running. Trackers declare their
 * trip, so the run is scored twice: as sent, and with tripId and routeId stripped (matching from place and time).
 */
const START_MS = Date.parse('2026-11-22T07:00:00+03:00') // a Sunday: a working day in Amman
const DURATION_S = 90 * 60
const schedule = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)

interface TruthTrip {
  tripId: string
  fromMs: number
  toMs: number
}

async function simulate() {
  const sent: Array<{ topic: string; payload: string }> = []
  const truth: BusEvent[] = []
  const clients: VehicleClients = {
    publish: async (_vehicleId, topic, payload) => void sent.push({ topic, payload: String(payload) }),
    disconnect: async () => undefined,
    connectedCount: () => 0,
    acknowledged: () => sent.length,
    close: async () => undefined,
  }
  await runFleet({ schedule, clients, seed: 206, startMs: START_MS, durationS: DURATION_S, speed: Number.POSITIVE_INFINITY, vehicles: 60, onTruth: (e) => truth.push(e) })
  const limits = { ...DEFAULT_PING_LIMITS, nowMs: START_MS + DURATION_S * 1000 }
  const encoder = new TextEncoder()
  const pings = sent.flatMap((s) => parsePositionMessage(s.topic, encoder.encode(s.payload), limits).pings)
  pings.sort((a, b) => a.recordedAtMs - b.recordedAtMs)
  return { pings, rejected: sent.length, truthTrips: truthTripsOf(truth) }
}

function truthTripsOf(events: readonly BusEvent[]): Map<string, TruthTrip[]> {
  const trips = new Map<string, TruthTrip[]>()
  for (const e of events) {
    if (e.kind !== 'trip-start' && e.kind !== 'trip-end') continue
    const list = trips.get(e.vehicleId) ?? []
    if (e.kind === 'trip-start') list.push({ tripId: e.tripId, fromMs: e.atMs, toMs: Number.POSITIVE_INFINITY })
    else if (list.at(-1)?.tripId === e.tripId) list.at(-1)!.toMs = e.atMs
    trips.set(e.vehicleId, list)
  }
  return trips
}

function score(pings: readonly VehiclePing[], truthTrips: Map<string, TruthTrip[]>, withDeclared: boolean) {
  const matcher = createVehicleMatcher(schedule)
  let onTrip = 0
  let right = 0
  const byRoute = new Map<string, { onTrip: number; right: number }>()
  const started = performance.now()
  for (const ping of pings) {
    const match = matcher.observe({
      vehicleId: ping.vehicleId, atMs: ping.recordedAtMs, lat: ping.lat, lon: ping.lon, speedMps: ping.speedMps, bearingDeg: ping.bearingDeg,
      declaredTripId: withDeclared ? ping.tripId : null, declaredRouteId: withDeclared ? ping.routeId : null,
    })
    const truth = truthTrips.get(ping.vehicleId)?.find((t) => t.fromMs < ping.recordedAtMs && ping.recordedAtMs < t.toMs)
    if (!truth) continue
    const route = schedule.trips.get(truth.tripId)!.routeId.startsWith('BRT') ? 'BRT' : 'other'
    const counts = byRoute.get(route) ?? { onTrip: 0, right: 0 }
    onTrip += 1
    counts.onTrip += 1
    if (match.tripId === truth.tripId) [right, counts.right] = [right + 1, counts.right + 1]
    byRoute.set(route, counts)
  }
  const elapsedMs = performance.now() - started
  return { onTrip, share: right / onTrip, byRoute, fixesPerSecond: Math.round(pings.length / (elapsedMs / 1000)) }
}

describe('the vehicle matcher against the fleet simulator', () => {
  it('matches the pings of buses on a trip to the trip they run, with and without declared trips', async () => {
    const { pings, truthTrips } = await simulate()
    expect(pings.length).toBeGreaterThan(20_000)
    const declared = score(pings, truthTrips, true)
    const undeclared = score(pings, truthTrips, false)
    const format = (r: ReturnType<typeof score>) =>
      `${(r.share * 100).toFixed(1)}% of ${r.onTrip} on-trip pings (${[...r.byRoute].map(([k, v]) => `${k} ${((v.right / v.onTrip) * 100).toFixed(1)}% of ${v.onTrip}`).join(', ')}); ${r.fixesPerSecond} fixes/s`
    console.log(`matched to the right trip — declared trips: ${format(declared)}`)
    console.log(`matched to the right trip — no declared trips: ${format(undeclared)}`)
    expect(declared.share).toBeGreaterThan(0.0)
    expect(undeclared.share).toBeGreaterThan(0.0)
  }, 120_000)
})
