import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { buildGtfsRtFeed, encodeGtfsRtFeed } from './build-gtfs-rt-feed.js'
import { fixTimeMsOf, type SimulatedFix } from './simulated-fix.js'

/**
 * The simulated fleet as an AVL vendor's GTFS-Realtime endpoint: GET `path` answers the VehiclePositions feed of
 * every vehicle's latest fix (application/x-protobuf) with an ETag; a poller's If-None-Match of the current one is
 * answered 304, as a CDN-fronted feed does. The header's time is the newest fix's (the simulated clock), or now.
 */
export const GTFS_RT_FEED_PATH = '/gtfs-rt/vehicle-positions'

export interface GtfsRtServer {
  update(fix: SimulatedFix): void
  /** The URL Masar's poller reads. */
  readonly url: string
  /** Feeds served (200) and polls answered 304. */
  served(): { full: number; notModified: number }
  close(): Promise<void>
}

export async function startGtfsRtServer(options: { port: number; host?: string; now?: () => number }): Promise<GtfsRtServer> {
  const latest = new Map<string, SimulatedFix>()
  let newestFixMs = 0
  let cached: { body: Uint8Array; etag: string } | null = null
  const counts = { full: 0, notModified: 0 }

  const current = () => {
    if (!cached) {
      const body = encodeGtfsRtFeed(buildGtfsRtFeed(latest.values(), Math.max(newestFixMs, options.now?.() ?? 0)))
      cached = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` }
    }
    return cached
  }

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://feed').pathname
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end()
    if (path !== GTFS_RT_FEED_PATH && path !== '/') return void res.writeHead(404).end()
    const { body, etag } = current()
    if (req.headers['if-none-match'] === etag) {
      counts.notModified += 1
      return void res.writeHead(304, { etag }).end()
    }
    counts.full += 1
    res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': body.byteLength, etag, 'cache-control': 'no-cache' })
    res.end(req.method === 'HEAD' ? undefined : body)
  })
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve())
  })
  const { address, port } = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address
  return {
    url: `http://${host}:${port}${GTFS_RT_FEED_PATH}`,
    update(fix) {
      latest.set(fix.vehicleId, fix)
      newestFixMs = Math.max(newestFixMs, fixTimeMsOf(fix.ping))
      cached = null
    },
    served: () => ({ ...counts }),
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
