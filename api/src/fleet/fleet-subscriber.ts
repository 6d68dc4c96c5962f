import { DEFAULT_PING_LIMITS } from '@masar/model/telemetry/ping-limits'
import { parsePositionMessage } from '@masar/model/telemetry/parse-position-message'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import mqtt, { type MqttClient } from 'mqtt'
import type { ApiConfig } from '../config.js'

/**
 * The api's own view of the tracker stream: a plain (not shared) subscription with a clean session, so every api
 * instance sees every vehicle; what is missed while it is down comes back from the database on start. Messages
 * are parsed with ingest's rules; refused ones are ingest's business (it keeps them as dead letters), here they
 * are only counted.
 */
export interface FleetSubscriber {
  readonly connected: boolean
  readonly refused: number
  close(): Promise<void>
}

export async function subscribeToFleet(config: ApiConfig['mqtt'], onPing: (ping: VehiclePing, receivedAtMs: number) => void, now: () => number = Date.now): Promise<FleetSubscriber> {
  const client: MqttClient = await mqtt.connectAsync(config.url, {
    clientId: config.clientId, clean: true, protocolVersion: config.protocolVersion, username: config.username, password: config.password, reconnectPeriod: 1000,
  })
  let refused = 0
  client.on('message', (topic, payload) => {
    const receivedAtMs = now()
    const parsed = parsePositionMessage(topic, payload, { ...DEFAULT_PING_LIMITS, nowMs: receivedAtMs })
    refused += parsed.rejections.length
    for (const ping of parsed.pings) onPing(ping, receivedAtMs)
  })
  client.on('error', () => {}) // reconnects on its own; readiness reports the connection
  await client.subscribeAsync(config.topicFilter, { qos: 0 })
  return {
    get connected() {
      return client.connected
    },
    get refused() {
      return refused
    },
    close: () => client.endAsync(),
  }
}
