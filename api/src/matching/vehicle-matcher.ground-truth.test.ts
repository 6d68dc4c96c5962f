import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { parsePositionMessage } from '@masar/model/telemetry/parse-position-message'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import { DEFAULT_PING_LIMITS } from '@masar/model/telemetry/ping-limits'
import type { BusEvent } from '@masar/simulators/fleet/bus'
import { runFleet } from '@masar/simulators/fleet/run-fleet'
import type { VehicleClients } from '@masar/simulators/mqtt/vehicle-clients'
import { describe, expect, it } from 'vitest'
import { createVehicleMatcher } from './vehicle-matcher.js'

/**
 * The matcher against the fleet simulator's ground truth on the Amman demo feed (seed 206, 60 buses, a Sunday: a
 * working day in Amman). Every ping that parses is fed in fix-time order (batches sent after a dropout included,
 * malformed publications skipped). Scored on the pings a bus sent while on a trip (between its trip-start and
 * trip-end): the share matched to the trip it truly ran. Trackers declare their trip, so each run is scored as sent
 * and with tripId and routeId stripped, matching from place and time alone.
 */
const schedule = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
const encoder = new TextEncoder()

interface TruthTrip {
  tripId: string
  fromMs: number
  toMs: number
}

function recordingClients(sent: Array<{ topic: string; payload: string }>): VehicleClients {
  return {
    publish: async (_vehicleId, topic, payload) => void sent.push({ topic, payload: String(payload) }),
    disconnect: async () => undefined,
    connectedCount: () => 0,
    acknowledged: () => sent.length,
    close: async () => undefined,
  }
}

async function simulate(startIso: string, durationS: number) {
  const startMs = Date.parse(startIso)
  const sent: Array<{ topic: string; payload: string }> = []
  const truth: BusEvent[] = []
  await runFleet({ schedule, clients: recordingClients(sent), seed: 206, startMs, durationS, speed: Number.POSITIVE_INFINITY, vehicles: 60, onTruth: (e) => truth.push(e) })
  const limits = { ...DEFAULT_PING_LIMITS, nowMs: startMs + durationS * 1000 }
  const pings = sent.flatMap((s) => parsePositionMessage(s.topic, encoder.encode(s.payload), limits).pings)
  return { pings: pings.sort((a, b) => a.recordedAtMs - b.recordedAtMs), truthTrips: truthTripsOf(truth) }
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
  const counts = { all: { onTrip: 0, right: 0 }, BRT: { onTrip: 0, right: 0 }, other: { onTrip: 0, right: 0 } }
  const started = performance.now()
  for (const ping of pings) {
    const match = matcher.observe({
      vehicleId: ping.vehicleId, atMs: ping.recordedAtMs, lat: ping.lat, lon: ping.lon, speedMps: ping.speedMps, bearingDeg: ping.bearingDeg,
      declaredTripId: withDeclared ? ping.tripId : null, declaredRouteId: withDeclared ? ping.routeId : null,
    })
    const truth = truthTrips.get(ping.vehicleId)?.find((t) => t.fromMs < ping.recordedAtMs && ping.recordedAtMs < t.toMs)
    if (!truth) continue
    const right = match.tripId === truth.tripId ? 1 : 0
    for (const group of [counts.all, truth.tripId.startsWith('BRT') ? counts.BRT : counts.other]) [group.onTrip, group.right] = [group.onTrip + 1, group.right + right]
  }
  const fixesPerSecond = Math.round(pings.length / ((performance.now() - started) / 1000))
  const share = (c: { onTrip: number; right: number }) => c.right / c.onTrip
  const percent = (c: { onTrip: number; right: number }) => `${(share(c) * 100).toFixed(1)}% of ${c.onTrip}`
  return { share: share(counts.all), summary: `${percent(counts.all)} on-trip pings (BRT ${percent(counts.BRT)}, other routes ${percent(counts.other)}); ${fixesPerSecond} fixes/s` }
}

describe('the vehicle matcher against the fleet simulator', () => {
  it('matches buses first seen mid-trip at 07:00 (90 minutes of the morning peak)', async () => {
    const { pings, truthTrips } = await simulate('2026-11-22T07:00:00+03:00', 90 * 60)
    expect(pings.length).toBeGreaterThan(20_000)
    const declared = score(pings, truthTrips, true)
    const undeclared = score(pings, truthTrips, false)
    console.log(`from 07:00, declared trips: ${declared.summary}`)
    console.log(`from 07:00, no declared trips: ${undeclared.summary}`)
    // Measured: 99.99% and 87.1%. Without declared trips, BRT buses (3.5-minute headways, 7–17 minutes late in
    // this peak) first seen mid-trip are matched to the least late trip their moves allow: two headways early.
    expect(declared.share).toBeGreaterThan(0.995)
    expect(undeclared.share).toBeGreaterThan(0.85)
  }, 60_000)

  it('matches buses seen from their pull-out at 05:30 through the morning peak', async () => {
    const { pings, truthTrips } = await simulate('2026-11-22T05:15:00+03:00', 195 * 60)
    const declared = score(pings, truthTrips, true)
    const undeclared = score(pings, truthTrips, false)
    console.log(`from pull-out, declared trips: ${declared.summary}`)
    console.log(`from pull-out, no declared trips: ${undeclared.summary}`)
    // Measured: 100.0% and 99.1%. The misses: first trips of buses leaving one terminal together at 05:30, on the
    // streets their routes share until they part (BRT1 and BRT2 share 9 km), and late pull-outs that look like the
    // next departure.
    expect(declared.share).toBeGreaterThan(0.995)
    expect(undeclared.share).toBeGreaterThan(0.97)
  }, 60_000)
})
