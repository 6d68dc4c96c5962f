import { formatPositionTopic } from '@masar/model/telemetry/topics'
import type { PingPayload } from '@masar/model/telemetry/ping'
import mqtt, { type MqttClient } from 'mqtt'

/**
 * Load mode: N vehicles publishing pings over M MQTT connections at QoS 1, as fast as the broker accepts or
 * paced to a target rate. Every vehicle's pings have distinct fix times, so each ping is one stored row.
 */
export interface LoadOptions {
  url: string
  protocolVersion: 4 | 5
  agencyId: string
  vehicles: number
  pingsPerVehicle: number
  /** Pings per MQTT message: 1 publishes on …/position, more publishes JSON arrays on …/positions. */
  pingsPerMessage?: number
  connections?: number
  /** Target pings per second over all connections; absent = as fast as possible. */
  ratePerSecond?: number
  /** QoS 1 publishes awaiting PUBACK per connection. */
  inFlightPerConnection?: number
  /** Fix time of a vehicle's i-th ping; default: 1 s apart, ending just now. 'publish-time' = the moment of publishing. */
  fixTime?: 'spaced' | 'publish-time'
  vehicleIdOf?: (index: number) => string
  /** Stops publishing when aborted (the pings already handed over are still awaited): a steady load of open length. */
  signal?: AbortSignal
  /** Called about once a second with the pings published so far. */
  onProgress?: (progress: { publishedPings: number; elapsedMs: number; pingsPerSecond: number }) => void
}

export interface LoadResult {
  publishedPings: number
  publishedMessages: number
  elapsedMs: number
  pingsPerSecond: number
}

function connect(url: string, protocolVersion: 4 | 5, clientId: string): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { protocolVersion, clientId, clean: true, reconnectPeriod: 0 })
    client.once('connect', () => resolve(client))
    client.once('error', reject)
  })
}

export const defaultVehicleId = (index: number): string => `load-${String(index).padStart(5, '0')}`

/** The message sequence: round-robin over vehicles so every vehicle advances together, as a fleet does. */
function* messagesOf(options: Required<Pick<LoadOptions, 'vehicles' | 'pingsPerVehicle'>> & { pingsPerMessage: number }) {
  for (let start = 0; start < options.pingsPerVehicle; start += options.pingsPerMessage) {
    for (let vehicle = 0; vehicle < options.vehicles; vehicle++) {
      yield { vehicle, first: start, count: Math.min(options.pingsPerMessage, options.pingsPerVehicle - start) }
    }
  }
}

export async function publishLoad(options: LoadOptions): Promise<LoadResult> {
  const pingsPerMessage = options.pingsPerMessage ?? 1
  const connectionCount = options.connections ?? 4
  const inFlight = options.inFlightPerConnection ?? 500
  const vehicleIdOf = options.vehicleIdOf ?? defaultVehicleId
  const startMs = Date.now()
  const spacedBaseMs = startMs - options.pingsPerVehicle * 1000
  const clients = await Promise.all(
    Array.from({ length: connectionCount }, (_, i) => connect(options.url, options.protocolVersion, `masar-load-${process.pid}-${startMs}-${i}`)),
  )
  const pending = new Array<number>(connectionCount).fill(0)
  const waiters: Array<(() => void) | null> = new Array(connectionCount).fill(null)
  let publishedPings = 0
  let publishedMessages = 0
  let lastProgressMs = startMs
  let failure: Error | null = null
  let next = 0
  try {
    for (const { vehicle, first, count } of messagesOf({ ...options, pingsPerMessage })) {
      if (failure) throw failure
      if (options.signal?.aborted) break
      if (options.ratePerSecond) {
        const dueMs = startMs + (publishedPings / options.ratePerSecond) * 1000
        const waitMs = dueMs - Date.now()
        if (waitMs > 1) await new Promise((resolve) => setTimeout(resolve, waitMs))
      }
      const c = next
      next = (next + 1) % connectionCount
      while (pending[c]! >= inFlight) await new Promise<void>((resolve) => (waiters[c] = resolve))
      const pings: PingPayload[] = []
      for (let i = first; i < first + count; i++) {
        const ts = options.fixTime === 'publish-time' ? Date.now() : spacedBaseMs + i * 1000
        pings.push({ ts, lat: 31.9 + (vehicle % 100) * 0.001, lon: 35.85 + i * 1e-5, speed: 8.5, bearing: 90, seq: i })
      }
      const vehicleId = vehicleIdOf(vehicle)
      const topic = formatPositionTopic(options.agencyId, vehicleId, pingsPerMessage === 1 ? 'position' : 'positions')
      pending[c]! += 1
      clients[c]!.publish(topic, JSON.stringify(pingsPerMessage === 1 ? pings[0] : pings), { qos: 1 }, (err) => {
        pending[c]! -= 1
        if (err) failure = err
        const wake = waiters[c]
        waiters[c] = null
        wake?.()
      })
      publishedPings += count
      publishedMessages += 1
      if (options.onProgress && Date.now() - lastProgressMs >= 1000) {
        lastProgressMs = Date.now()
        const elapsedMs = lastProgressMs - startMs
        options.onProgress({ publishedPings, elapsedMs, pingsPerSecond: (publishedPings / elapsedMs) * 1000 })
      }
    }
    while (pending.some((n) => n > 0)) {
      if (failure) throw failure
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  } finally {
    await Promise.all(clients.map((client) => client.endAsync()))
  }
  const elapsedMs = Date.now() - startMs
  return { publishedPings, publishedMessages, elapsedMs, pingsPerSecond: (publishedPings / elapsedMs) * 1000 }
}
