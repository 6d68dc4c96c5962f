import mqtt from 'mqtt'
import type pg from 'pg'
import type { Logger } from 'pino'
import { loadRealtimeConfig } from '../realtime/realtime-config.js'
import { REALTIME_FEED_NAMES, realtimeTopics } from '../realtime/realtime-messages.js'
import { startRealtime, type RealtimeService } from '../realtime/start-realtime.js'
import type { LeaderElection } from '../realtime/leader-election.js'

/** A realtime engine key of a test's own: retained state on a shared broker is never another test's. */
export function testEngineKey(label: string): string {
  return `t${label}${process.pid}x${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64)
}

export interface TestRealtime extends RealtimeService {
  engineKey: string
  /** Stops it and clears its retained messages from the broker. */
  stopAndClear(): Promise<void>
}

/**
 * For tests: a realtime engine on the given database and broker (the only instance unless an election is given),
 * leading and having published once when this resolves.
 */
export async function startTestRealtime(options: {
  databaseUrl: string; pool: pg.Pool; broker: { url: string; protocolVersion: 4 | 5 }; topicFilter: string; logger: Logger
  engineKey?: string; env?: Record<string, string>; election?: LeaderElection; now?: () => number; wait?: boolean
}): Promise<TestRealtime> {
  const engineKey = options.engineKey ?? testEngineKey('rt')
  const config = loadRealtimeConfig({
    DATABASE_URL: options.databaseUrl, MQTT_URL: options.broker.url, MQTT_PROTOCOL_VERSION: String(options.broker.protocolVersion), MQTT_TOPIC_FILTER: options.topicFilter,
    REALTIME_ENGINE_KEY: engineKey, REALTIME_LEADER_ELECTION: 'single', REALTIME_SESSION_EXPIRY_S: '120', REALTIME_PUBLISH_INTERVAL_MS: '200', FEED_MIN_INTERVAL_MS: '100', ...options.env,
  })
  const service = await startRealtime({ config, logger: options.logger, pool: options.pool, election: options.election ?? { kind: 'single' }, now: options.now })
  if (options.wait ?? true) await service.leading
  return Object.assign(service, {
    engineKey,
    async stopAndClear() {
      const vehicleIds = [...(service.engine?.fleet.all() ?? [])].map((v) => v.vehicleId)
      await service.stop()
      await clearRetained(options.broker, engineKey, vehicleIds)
    },
  })
}

export async function clearRetained(broker: { url: string; protocolVersion: 4 | 5 }, engineKey: string, vehicleIds: readonly string[] = []): Promise<void> {
  const topics = realtimeTopics(engineKey)
  const client = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion, clientId: `clear-${engineKey}`.slice(0, 64), clean: true })
  try {
    for (const topic of [topics.state, ...REALTIME_FEED_NAMES.map((name) => topics.feed(name)), ...vehicleIds.map((id) => topics.vehicle(id))]) await client.publishAsync(topic, Buffer.alloc(0), { qos: 1, retain: true })
  } finally {
    await client.endAsync()
  }
}
