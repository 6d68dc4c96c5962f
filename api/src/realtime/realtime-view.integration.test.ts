import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import mqtt, { type MqttClient } from 'mqtt'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { VehicleState } from '../fleet/fleet-state.js'
import { clearRetained, testEngineKey } from '../testing/start-test-realtime.js'
import { encodeVehicleMessage, realtimeTopics, type RealtimeState } from './realtime-messages.js'
import { followRealtime, type RealtimeView } from './realtime-view.js'

/**
 * A reader follows the leading engine, not whatever is retained under its key: an engine that ran before under the
 * same key (a demo restarted with its clock set earlier) left vehicles whose fixes are "later" than the new run's.
 */
const logger = pino({ level: 'silent' })
const T = Date.parse('2026-12-07T08:00:00Z')
let broker: TestBroker
let publisher: MqttClient
const engineKey = testEngineKey('view')
const topics = realtimeTopics(engineKey)
let view: RealtimeView | null = null

const vehicle = (vehicleId: string, fixAtMs: number, lon = 35.9): VehicleState => ({
  agencyId: 'gam', vehicleId, lat: 31.95, lon, speedMps: 5, bearingDeg: 90, fixAtMs, receivedAtMs: fixAtMs + 500,
  declaredTripId: null, declaredRouteId: null, occupancy: null, match: null,
})

function state(engineId: string, vehicles?: VehicleState[]): RealtimeState {
  return {
    format: 1, engineId, leaderSinceMs: T, publishedAtMs: T, feedId: null, staleAfterMs: 60_000, offlineAfterMs: 300_000,
    vehicleCount: vehicles?.length ?? 0, ...(vehicles ? { vehicles } : {}), predictions: [], cancelledKeys: [], alerts: [],
    feedStatus: { checkedAt: null, feeds: [] } as unknown as RealtimeState['feedStatus'], pingsPerSecond: 0, doneCommandIds: [],
  }
}

const publishVehicle = (engineId: string, v: VehicleState) => publisher.publishAsync(topics.vehicle(v.vehicleId), encodeVehicleMessage(engineId, v), { qos: 1, retain: true })
const publishState = (s: RealtimeState) => publisher.publishAsync(topics.state, JSON.stringify(s), { qos: 1, retain: true })

beforeAll(async () => {
  broker = await createTestBroker()
  publisher = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion, clientId: `pub-${engineKey}`.slice(0, 64), clean: true })
})

afterAll(async () => {
  await view?.close()
  await publisher?.endAsync()
  await clearRetained(broker, engineKey, ['bus-1', 'bus-2'])
  await broker?.close()
})

describe('an api reader following the realtime engine', () => {
  it('takes the leader\'s vehicles over what an earlier engine left retained, and forgets what the leader does not hold', async () => {
    // The earlier run, its clock an hour later, left two buses retained.
    await publishVehicle('old-run', vehicle('bus-1', T + 3600_000, 36.0))
    await publishVehicle('old-run', vehicle('bus-2', T + 3600_000, 36.0))
    await publishState(state('old-run'))

    view = await followRealtime({
      mqtt: { url: broker.url, clientId: `view-${engineKey}`.slice(0, 64), protocolVersion: broker.protocolVersion }, engineKey,
      fleet: { staleAfterMs: 60_000, offlineAfterMs: 300_000 }, schedule: () => null, logger,
    })
    await view.firstState
    await vi.waitFor(() => expect(view!.fleet.size).toBe(2))

    // The new run leads: it holds bus-1 only, at its own (earlier) clock.
    await publishState(state('new-run', [vehicle('bus-1', T, 35.9)]))
    await vi.waitFor(() => expect(view!.fleet.get('bus-1')?.fixAtMs).toBe(T))
    expect(view.fleet.get('bus-2')).toBeUndefined()

    // The new run's next fix moves it; a message from the old run does not move it back.
    await publishVehicle('new-run', vehicle('bus-1', T + 10_000, 35.91))
    await vi.waitFor(() => expect(view!.fleet.get('bus-1')?.lon).toBe(35.91))
    await publishVehicle('old-run', vehicle('bus-1', T + 7200_000, 36.5))
    await publishVehicle('new-run', vehicle('bus-2', T + 20_000, 35.92))
    await vi.waitFor(() => expect(view!.fleet.get('bus-2')?.lon).toBe(35.92))
    expect(view.fleet.get('bus-1')).toMatchObject({ fixAtMs: T + 10_000, lon: 35.91 })
  })

  it('does not move a bus back when the leader\'s snapshot is older than its latest vehicle message', async () => {
    // bus-2 was sent at T + 20 s; a snapshot taken earlier by the same engine (as a retained state is, up to 10 s old).
    await publishState(state('new-run', [vehicle('bus-1', T + 10_000, 35.91), vehicle('bus-2', T + 15_000, 35.90)]))
    await publishVehicle('new-run', vehicle('bus-1', T + 30_000, 35.95))
    await vi.waitFor(() => expect(view!.fleet.get('bus-1')?.lon).toBe(35.95))
    expect(view!.fleet.get('bus-2')).toMatchObject({ fixAtMs: T + 20_000, lon: 35.92 })
  })
})
