import mqtt, { type MqttClient } from 'mqtt'
import { formatPositionTopic } from '@masar/model/telemetry/topics'
import type { PingPayload } from '@masar/model/telemetry/ping'

/**
 * Publishes the sources' fixes on each vehicle's Masar topic at QoS 1, from ingest's own login: from there on a fix is
 * any tracker's (validated, stored, dead-lettered, counted and shown live by the MQTT path). `publish` resolves on the
 * broker's PUBACK, i.e. once the broker holds the fix for ingest's persistent session: only then does an HTTP device
 * get its 200.
 */
export interface FixPublisher {
  publish(agencyId: string, vehicleId: string, payload: PingPayload): Promise<void>
  isConnected(): boolean
  stop(): Promise<void>
}

export class FixPublishError extends Error {
  readonly code = 'FIX_NOT_QUEUED'
}

export async function startFixPublisher(options: { url: string; clientId: string; username?: string; password?: string; protocolVersion: 4 | 5; publishTimeoutMs: number }): Promise<FixPublisher> {
  const client: MqttClient = await mqtt.connectAsync(options.url, {
    clientId: options.clientId, username: options.username, password: options.password,
    protocolVersion: options.protocolVersion, clean: true, reconnectPeriod: 1000, connectTimeout: 10_000,
  })
  // The publishes of one turn of the event loop (the requests read in one poll) go out together at its end: mqtt.js
  // writes the packets of one tick in one system call, and one call per fix (each request's own tick) was ~28 µs of
  // ingest's ~170 µs per HTTP fix (npm run bench:ingest, part g, profiled).
  let queued: Array<() => void> = []
  const flush = (): void => {
    const sending = queued
    queued = []
    for (const send of sending) send()
  }
  return {
    publish: (agencyId, vehicleId, payload) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new FixPublishError(`the broker did not take the fix within ${options.publishTimeoutMs} ms`)), options.publishTimeoutMs)
      const topic = formatPositionTopic(agencyId, vehicleId)
      const message = JSON.stringify(payload)
      if (queued.length === 0) setImmediate(flush)
      queued.push(() => client.publish(topic, message, { qos: 1 }, (err) => {
        clearTimeout(timer)
        if (err) reject(new FixPublishError(`the broker refused the fix: ${err.message}`, { cause: err }))
        else resolve()
      }))
    }),
    isConnected: () => client.connected,
    stop: () => client.endAsync(),
  }
}
