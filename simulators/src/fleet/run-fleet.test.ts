import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { haversineM } from '@masar/model/geo/polyline'
import { parsePositionTopic } from '@masar/model/telemetry/topics'
import { describe, expect, it } from 'vitest'
import type { VehicleClients } from '../mqtt/vehicle-clients.js'
import type { BusEvent, StopVisit } from './bus.js'
import { runFleet } from './run-fleet.js'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'

interface Sent {
  vehicleId: string
  topic: string
  payload: string
}

function recordingClients(): VehicleClients & { sent: Sent[] } {
  const sent: Sent[] = []
  return {
    sent,
    publish: async (vehicleId, topic, payload) => void sent.push({ vehicleId, topic, payload: String(payload) }),
    disconnect: async () => undefined,
    connectedCount: () => 0,
    acknowledged: () => sent.length,
    close: async () => undefined,
  }
}

const schedule = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
// A Sunday morning in Amman (a working day), 07:00 local, 40 buses for 20 simulated minutes, as fast as possible.
const START = Date.parse('2026-11-22T07:00:00+03:00')

async function runOnce(seed: number) {
  const clients = recordingClients()
  const truth: BusEvent[] = []
  const result = await runFleet({ schedule, clients, seed, startMs: START, durationS: 20 * 60, speed: Number.POSITIVE_INFINITY, vehicles: 40, onTruth: (e) => truth.push(e), tracker: { badPingRate: 0.01 } })
  return { result, sent: clients.sent, truth }
}

describe('runFleet on the Amman demo feed', () => {
  it('gives the same pings for the same seed, and different ones for another', async () => {
    const a = await runOnce(206)
    const b = await runOnce(206)
    expect(a.sent.length).toBeGreaterThan(1000)
    expect(b.sent).toEqual(a.sent)
    expect(b.truth).toEqual(a.truth)
    expect((await runOnce(207)).sent).not.toEqual(a.sent)
  }, 60_000)

  it('publishes each bus on its own topic, and its ground truth agrees with its pings', async () => {
    const { sent, truth, result } = await runOnce(206)
    expect(result.buses).toBe(40)
    expect(new Set(sent.map((s) => s.vehicleId)).size).toBeGreaterThan(30)
    const good = sent.filter((s) => {
      const topic = parsePositionTopic(s.topic)
      return topic.ok && topic.value.vehicleId === s.vehicleId && topic.value.kind === 'position' && s.payload.startsWith('{') && s.payload.length < 4096
    })
    // Pings by vehicle: fix time and place (bad pings and outliers are the few that disagree below)
    const pings = new Map<string, Array<{ atMs: number; lat: number; lon: number }>>()
    for (const s of good) {
      let ping: { ts: string | number; lat: number; lon: number }
      try {
        ping = JSON.parse(s.payload) as typeof ping
      } catch {
        continue // one of the malformed pings
      }
      const atMs = typeof ping.ts === 'number' ? ping.ts : Date.parse(ping.ts)
      if (!Number.isFinite(atMs) || typeof ping.lat !== 'number') continue
      pings.set(s.vehicleId, [...(pings.get(s.vehicleId) ?? []), { atMs, lat: ping.lat, lon: ping.lon }])
    }
    const visits = truth.flatMap((e) => (e.kind === 'visit' ? [e.visit] : [])) as StopVisit[]
    expect(visits.length).toBeGreaterThan(200)
    let checked = 0
    let agreeing = 0
    for (const visit of visits) {
      // A ping taken while the bus stood at the stop (between arrival and departure) must be at the stop
      const during = (pings.get(visit.vehicleId) ?? []).filter((p) => p.atMs >= visit.arrivalMs + 5000 && p.atMs <= visit.departureMs - 5000)
      for (const ping of during) {
        checked += 1
        if (haversineM(ping.lat, ping.lon, visit.lat, visit.lon) < 40) agreeing += 1
      }
      const stop = schedule.stops.get(visit.stopId)!
      expect(haversineM(visit.lat, visit.lon, stop.lat, stop.lon)).toBeLessThan(60)
    }
    expect(checked).toBeGreaterThan(50)
    expect(agreeing / checked).toBeGreaterThan(0.97) // GPS noise of a few metres, rare urban-canyon outliers
  }, 60_000)
})
