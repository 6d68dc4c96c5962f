import type pg from 'pg'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { FleetState } from './fleet/fleet-state.js'
import type { EncodedFeed } from './gtfs-rt/feed-cache.js'

export interface ApiMetricsOptions {
  /** Node's process metrics under their standard names (process_cpu_seconds_total, nodejs_heap_size_used_bytes…). */
  defaultMetrics?: boolean
  pool?: pg.Pool
  databaseAvailable?: () => boolean
  /** The GTFS-Realtime feeds as served now (null: none yet), by feed label. */
  feeds?: Record<string, () => EncodedFeed | null>
}

/**
 * The api's Prometheus metrics, on a registry of its own; gauges are read when scraped. Node's default metrics keep
 * their standard names (no prefix), so the usual dashboards and alerts work; HTTP requests use the common
 * http_request_duration_seconds (its _count is the request count); Masar's own are masar_api_*.
 */
export function createApiMetrics(fleet: FleetState, now: () => number, options: ApiMetricsOptions = {}) {
  const registry = new Registry()
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry })
  const registers = [registry]
  const metrics = {
    registry,
    httpRequestSeconds: new Histogram({
      name: 'http_request_duration_seconds', help: 'HTTP requests answered, by method, route (its pattern; unmatched for a 404 without one) and status code',
      labelNames: ['method', 'route', 'status_code'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
    }),
    vehicleUpdates: new Counter({ name: 'masar_api_vehicle_updates_total', help: 'Vehicle states received from the realtime engine (each fix it derived)', registers }),
    liveClients: new Gauge({ name: 'masar_api_live_clients', help: 'WebSocket clients of /api/v1/live', registers }),
    liveRefused: new Counter({ name: 'masar_api_live_refused_total', help: 'Live stream connections refused before the handshake, by cap: clients (LIVE_MAX_CLIENTS) or address (LIVE_MAX_CLIENTS_PER_ADDRESS)', labelNames: ['reason'] as const, registers }),
    liveDropped: new Counter({ name: 'masar_api_live_dropped_total', help: 'Live stream clients ended by the api, by reason: pong_timeout (no pong to a ping), send_buffer (too far behind) or revoked (a dispatcher\'s token signed out, disabled or expired)', labelNames: ['reason'] as const, registers }),
    vehicles: new Gauge({
      name: 'masar_api_vehicles', help: 'Vehicles held, by health', labelNames: ['health'] as const, registers,
      collect() {
        const counts = { fresh: 0, stale: 0, offline: 0 }
        const nowMs = now()
        for (const vehicle of fleet.all()) counts[fleet.healthOf(vehicle, nowMs)] += 1
        for (const [health, n] of Object.entries(counts)) this.set({ health }, n)
      },
    }),
  }
  const { feeds, pool, databaseAvailable } = options
  if (feeds) {
    new Gauge({
      name: 'masar_api_feed_age_seconds', help: 'Seconds since the GTFS-Realtime feed served now was built, by feed', labelNames: ['feed'] as const, registers,
      collect() {
        this.reset()
        for (const [feed, served] of Object.entries(feeds)) {
          const builtAtMs = served()?.builtAtMs
          if (builtAtMs !== undefined) this.set({ feed }, Math.max(0, (now() - builtAtMs) / 1000))
        }
      },
    })
  }
  if (databaseAvailable) {
    new Gauge({ name: 'masar_api_db_up', help: '1 while the database answers its periodic probe', registers, collect() { this.set(databaseAvailable() ? 1 : 0) } })
  }
  if (pool) registerPoolGauges('masar_api_db_pool', pool, registers)
  fleet.onChange(() => metrics.vehicleUpdates.inc())
  return metrics
}

/** pg pool gauges: connections open, idle, and queries waiting for one (waiting > 0 for long: the pool is too small or the database slow). */
function registerPoolGauges(prefix: string, pool: pg.Pool, registers: Registry[]): void {
  new Gauge({ name: `${prefix}_connections`, help: 'Database connections open in the pool', registers, collect() { this.set(pool.totalCount) } })
  new Gauge({ name: `${prefix}_idle_connections`, help: 'Database connections open and idle', registers, collect() { this.set(pool.idleCount) } })
  new Gauge({ name: `${prefix}_waiting_queries`, help: 'Queries waiting for a database connection', registers, collect() { this.set(pool.waitingCount) } })
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>
