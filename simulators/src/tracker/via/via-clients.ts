import { TRACCAR_JSON_PATH, traccarForwardUrl, traccarMqttTopic } from '@masar/model/telemetry/source-endpoints'
import type { PingPayload } from '@masar/model/telemetry/ping'
import { parsePositionTopic } from '@masar/model/telemetry/topics'
import mqtt, { type MqttClient } from 'mqtt'
import type { VehicleClients } from '../../mqtt/vehicle-clients.js'
import { formatOsmAndRequest } from './format-osmand-request.js'
import { formatTraccarUrl } from './format-traccar-url.js'
import { startGtfsRtServer, type GtfsRtServer } from './gtfs-rt-server.js'
import { createHttpSender, type HttpSender, type HttpSendRequest, type HttpSenderStats } from './http-sender.js'
import type { SimulatedFix, Via } from './simulated-fix.js'
import { formatTraccarJson, toTraccarPositionData, type TraccarPositionData } from './traccar-position-data.js'

/**
 * The simulated trackers reaching Masar by another source than its MQTT contract: what each tracker publishes (a
 * ping on …/position, a batch on …/positions) is re-sent as that source would send each fix — a phone's OsmAnd
 * request, a Traccar server's JSON or URL forward or its MQTT forward, or an entry of a GTFS-RT feed the simulator
 * serves. Same interface as the per-vehicle MQTT clients, so the fleet runs unchanged.
 */
export interface ViaClientsOptions {
  via: Exclude<Via, 'masar'>
  /** The sources' HTTP listener (default http://127.0.0.1:5055). */
  gatewayUrl: string
  /** OsmAnd: the device's token (a provisioned phone's is its tracker password); null: none. */
  tokenOf?: (vehicleId: string) => string | null
  /** Traccar's forwarders: the source key (Authorization: Bearer for json, ?key= for url, the MQTT password). */
  key?: string
  /** traccar-mqtt: the source's id (its broker login and topic traccar/{sourceId}/positions; default `traccar`). */
  sourceId?: string
  /** traccar-mqtt: the broker Traccar's forwarder publishes to, and the MQTT version (Traccar's client speaks 5). */
  mqttUrl?: string
  mqttProtocolVersion?: 4 | 5
  /** gtfs-rt: the port the feed is served on (0: any free one). */
  servePort?: number
  /** The protocol Traccar names for its devices (default osmand). */
  traccarProtocol?: string
  /** How long close() waits for fixes still unanswered before giving up on them (default 10 s). */
  closeGraceMs?: number
  /** Fixes sent but not yet answered, across vehicles, before publish() waits (default 10 000). */
  maxPending?: number
}

export interface ViaReport {
  via: Via
  fixes: number
  /** Messages that were not pings (a malformed publication of the tracker: nothing a source would send). */
  skipped: number
  http?: HttpSenderStats
  mqttAcknowledged?: number
  feedUrl?: string
  feedsServed?: { full: number; notModified: number }
}

export type ViaClients = VehicleClients & { report(): ViaReport }

/** The pings a tracker publication carries; null for anything else (the tracker's deliberately malformed messages). */
export function pingsOfPublication(topic: string, payload: string | Buffer): PingPayload[] | null {
  const parsed = parsePositionTopic(topic)
  if (!parsed.ok) return null
  try {
    const body = JSON.parse(payload.toString()) as unknown
    const pings = parsed.value.kind === 'positions' ? body : [body]
    return Array.isArray(pings) && pings.every((p) => typeof p === 'object' && p !== null && 'lat' in p) ? pings as PingPayload[] : null
  } catch {
    return null
  }
}


async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms) })
  try {
    return await Promise.race([promise.then(() => true), timeout])
  } finally {
    clearTimeout(timer)
  }
}

export async function createViaClients(options: ViaClientsOptions): Promise<ViaClients> {
  const report: ViaReport = { via: options.via, fixes: 0, skipped: 0 }
  const deviceIds = new Map<string, number>()
  let positionId = 0
  const traccarData = (fix: SimulatedFix): TraccarPositionData => {
    if (!deviceIds.has(fix.vehicleId)) deviceIds.set(fix.vehicleId, deviceIds.size + 1)
    const fixMs = typeof fix.ping.ts === 'number' ? fix.ping.ts : Date.parse(fix.ping.ts)
    return toTraccarPositionData(fix, { positionId: ++positionId, deviceId: deviceIds.get(fix.vehicleId)!, serverTimeMs: fixMs + 1000, protocol: options.traccarProtocol })
  }
  const base = options.gatewayUrl.replace(/\/$/, '')
  const closeGraceMs = options.closeGraceMs ?? 10_000
  const vehicles = new Set<string>()
  const pendingDeliveries = new Set<Promise<void>>()
  let sender: HttpSender | null = null
  let server: GtfsRtServer | null = null
  let deliver: (fix: SimulatedFix) => Promise<void>
  let close: () => Promise<void>

  if (options.via === 'gtfs-rt') {
    const feed = await startGtfsRtServer({ port: options.servePort ?? 0, host: '0.0.0.0', now: Date.now })
    server = feed
    report.feedUrl = feed.url.replace('//0.0.0.0:', '//127.0.0.1:')
    deliver = async (fix) => feed.update(fix)
    close = () => feed.close()
    return finish()
  }
  if (options.via === 'traccar-mqtt') {
    const sourceId = options.sourceId ?? 'traccar'
    const login = options.key ? { username: sourceId, password: options.key } : {}
    const client: MqttClient = await mqtt.connectAsync(options.mqttUrl ?? 'mqtt://127.0.0.1:1883', { clientId: `traccar-${crypto.randomUUID()}`, protocolVersion: options.mqttProtocolVersion ?? 5, reconnectPeriod: 1000, ...login })
    const topic = traccarMqttTopic(sourceId)
    report.mqttAcknowledged = 0
    deliver = async (fix) => {
      await client.publishAsync(topic, formatTraccarJson(traccarData(fix)), { qos: 1 })
      report.mqttAcknowledged! += 1
    }
    close = async () => {
      const waited = await waitAtMost(Promise.all(pendingDeliveries), closeGraceMs)
      await client.endAsync(!waited) // force: unacknowledged publishes are given up
    }
    return finish()
  }

  const http = createHttpSender()
  sender = http
  const requestOf = (fix: SimulatedFix): HttpSendRequest => {
    if (options.via === 'osmand') {
      const spec = formatOsmAndRequest(fix, { token: options.tokenOf?.(fix.vehicleId) ?? null })
      return { method: spec.method, url: `${base}${spec.path}`, headers: spec.headers }
    }
    if (options.via === 'traccar-json') {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.key ? { authorization: `Bearer ${options.key}` } : {}) }
      return { method: 'POST', url: `${base}${TRACCAR_JSON_PATH}`, headers, body: formatTraccarJson(traccarData(fix)) }
    }
    return { method: 'GET', url: formatTraccarUrl(traccarForwardUrl(base, options.key ?? ''), traccarData(fix)), headers: {} }
  }
  deliver = async (fix) => void (await http.send(fix.vehicleId, requestOf(fix)))
  close = () => http.close(closeGraceMs)
  return finish()

  function finish(): ViaClients {
    const maxPending = options.maxPending ?? 10_000
    const pending = pendingDeliveries
    let closed: Promise<void> | null = null
    return {
      async publish(vehicleId, topic, payload) {
        const pings = pingsOfPublication(topic, payload)
        if (!pings) {
          report.skipped += 1
          return
        }
        for (const ping of pings) {
          while (pending.size >= maxPending) await Promise.race(pending)
          report.fixes += 1
          vehicles.add(vehicleId)
          const sent = deliver({ vehicleId, ping }).catch(() => undefined)
          pending.add(sent)
          void sent.then(() => pending.delete(sent))
        }
      },
      disconnect: async () => undefined, // a source's connection is not the vehicle's
      connectedCount: () => vehicles.size,
      acknowledged: () => sender?.stats().accepted ?? report.mqttAcknowledged ?? 0,
      // the transport first: it waits for what is pending (a while) and then gives up on it, so this ends
      close() {
        closed ??= close().then(() => Promise.all(pending)).then(() => undefined)
        return closed
      },
      report: () => ({ ...report, ...(sender ? { http: sender.stats() } : {}), ...(server ? { feedsServed: server.served() } : {}) }),
    }
  }
}
