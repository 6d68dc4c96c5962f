import http from 'node:http'
import { OSMAND_PATH, TRACCAR_JSON_PATH } from '@masar/model/telemetry/source-endpoints'

/**
 * HTTP load on the sources listener: N vehicles each sending fixes as an OsmAnd phone (GET `/?id=…&timestamp=…`) or as
 * Traccar's JSON forwarder (POST /traccar/json), over `connections` keep-alive connections with one request in flight
 * on each (as a phone or a forwarder sends), as fast as answered or paced to a rate. Every vehicle's fixes have
 * distinct times, so each fix is one stored row. A fix counts as sent once answered 200.
 */
export type HttpLoadKind = 'osmand' | 'traccar-json'

export interface HttpLoadOptions {
  /** The listener's base URL, e.g. http://127.0.0.1:5055 */
  url: string
  kind: HttpLoadKind
  vehicles: number
  fixesPerVehicle: number
  connections?: number
  /** Target fixes per second over all connections; absent = as fast as answered. */
  ratePerSecond?: number
  /** 'spaced': a vehicle's i-th fix 1 s after its previous, ending about now; 'send-time': the moment it is sent (ms). */
  fixTime?: 'spaced' | 'send-time'
  vehicleIdOf?: (index: number) => string
  /** OsmAnd: each vehicle's token (?token=…), when the listener is provisioned. */
  tokenOf?: (vehicleId: string) => string | undefined
  /** Traccar: the source key (Authorization: Bearer …). */
  key?: string
}

export interface HttpLoadResult {
  sent: number
  ok: number
  failed: number
  statuses: Record<string, number>
  firstError: string | null
  /** Date.now() when the first request was sent: the bench's clock for request → stored. */
  startMs: number
  elapsedMs: number
  fixesPerSecond: number
  /** Request → answer (200: the broker has the fix), as the sender sees it. */
  answerP50Ms: number
  answerP99Ms: number
}

export const defaultHttpVehicleId = (index: number): string => `http-${String(index).padStart(5, '0')}`

const KNOTS_PER_MPS = 1 / 0.514444

function requestOf(options: HttpLoadOptions, vehicle: number, fix: number, fixMs: number, vehicleId: string): { path: string; method: 'GET' | 'POST'; headers: http.OutgoingHttpHeaders; body?: string } {
  const lat = 31.9 + (vehicle % 100) * 0.001
  const lon = 35.85 + fix * 1e-5
  if (options.kind === 'osmand') {
    const token = options.tokenOf?.(vehicleId)
    const query = `id=${encodeURIComponent(vehicleId)}&timestamp=${fixMs}&lat=${lat.toFixed(6)}&lon=${lon.toFixed(6)}&speed=${(8.5 * KNOTS_PER_MPS).toFixed(3)}&bearing=90${token ? `&token=${encodeURIComponent(token)}` : ''}`
    return { path: `${OSMAND_PATH}?${query}`, method: 'GET', headers: {} }
  }
  const fixTime = new Date(fixMs).toISOString()
  const body = JSON.stringify({
    position: { deviceId: vehicle, protocol: 'osmand', serverTime: fixTime, deviceTime: fixTime, fixTime, outdated: false, valid: true, latitude: lat, longitude: lon, altitude: 800, speed: 8.5 * KNOTS_PER_MPS, course: 90, accuracy: 5, attributes: {} },
    device: { id: vehicle, name: vehicleId, uniqueId: vehicleId, status: 'online' },
  })
  return { path: TRACCAR_JSON_PATH, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(options.key ? { authorization: `Bearer ${options.key}` } : {}) }, body }
}

function send(agent: http.Agent, base: URL, request: ReturnType<typeof requestOf>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: base.hostname, port: base.port, method: request.method, path: request.path, headers: request.headers }, (res) => {
      res.resume() // the answer's body is not needed; reading it frees the connection for the next request
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(request.body)
  })
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

export async function sendHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const connections = options.connections ?? 8
  const vehicleIdOf = options.vehicleIdOf ?? defaultHttpVehicleId
  const total = options.vehicles * options.fixesPerVehicle
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const base = new URL(options.url)
  const statuses: Record<string, number> = {}
  const answerMs: number[] = []
  let firstError: string | null = null
  let ok = 0
  let next = 0
  const startMs = Date.now()
  const spacedBaseMs = startMs - options.fixesPerVehicle * 1000
  // round-robin over vehicles, as a fleet advances together
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++
      if (index >= total) return
      if (options.ratePerSecond) {
        const waitMs = startMs + (index / options.ratePerSecond) * 1000 - Date.now()
        if (waitMs > 1) await new Promise((resolve) => setTimeout(resolve, waitMs))
      }
      const vehicle = index % options.vehicles
      const fix = Math.floor(index / options.vehicles)
      const sentMs = Date.now()
      const fixMs = options.fixTime === 'send-time' ? sentMs : spacedBaseMs + fix * 1000
      try {
        const status = await send(agent, base, requestOf(options, vehicle, fix, fixMs, vehicleIdOf(vehicle)))
        statuses[status] = (statuses[status] ?? 0) + 1
        if (status === 200) ok += 1
        else firstError ??= `HTTP ${status}`
      } catch (error) {
        statuses.error = (statuses.error ?? 0) + 1
        firstError ??= (error as Error).message
      }
      answerMs.push(Date.now() - sentMs)
    }
  }
  await Promise.all(Array.from({ length: connections }, worker))
  agent.destroy()
  const elapsedMs = Date.now() - startMs
  answerMs.sort((a, b) => a - b)
  return {
    sent: total, ok, failed: total - ok, statuses, firstError, startMs, elapsedMs,
    fixesPerSecond: (ok / elapsedMs) * 1000, answerP50Ms: percentile(answerMs, 50), answerP99Ms: percentile(answerMs, 99),
  }
}
