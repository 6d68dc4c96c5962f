import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import type { FleetState } from './fleet/fleet-state.js'

/** The api's Prometheus metrics, on a registry of its own; fleet gauges are read when scraped. */
export function createApiMetrics(fleet: FleetState, now: () => number, options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry()
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'masar_api_' })
  const registers = [registry]
  const metrics = {
    registry,
    pingsApplied: new Counter({ name: 'masar_api_pings_applied_total', help: 'Fixes that moved a vehicle (newer than the one held)', registers }),
    pingsIgnored: new Counter({ name: 'masar_api_pings_ignored_total', help: 'Fixes not newer than the one held (late or repeated)', registers }),
    liveClients: new Gauge({ name: 'masar_api_live_clients', help: 'WebSocket clients of /api/v1/live', registers }),
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
  return metrics
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>
