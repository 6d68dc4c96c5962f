import { fileURLToPath } from 'node:url'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { freeTcpPort } from '@masar/platform/testing/mosquitto-process'
import { ServiceProcess } from '@masar/platform/testing/service-process'
import { latestPastStart } from '@masar/simulators/fleet/parse-sim-args'

/**
 * Masar's services as separate processes on a real broker and database, for the fault tests: ingest, the realtime
 * engine, the api reader (following the engine of its agency's key) and the fleet simulator, each started as production starts it, each watched through its own endpoints.
 */
const REPO = fileURLToPath(new URL('../../../..', import.meta.url))
export const INGEST_MAIN = `${REPO}ingest/src/main.ts`
export const API_MAIN = `${REPO}api/src/main.ts`
export const REALTIME_MAIN = `${REPO}api/src/realtime/main.ts`
export const SIM_CLI = `${REPO}simulators/src/fleet/sim-cli.ts`

export const realDatabaseMissing = process.env.DATABASE_URL ? null : 'SKIPPED: the fault tests run ingest, the api and the simulator as processes on a real PostgreSQL: set DATABASE_URL (.ci/run does)'

export async function ingestProcess(options: { databaseUrl: string; brokerUrl: string; agencyId: string; env?: Record<string, string> }): Promise<ServiceProcess> {
  const port = await freeTcpPort()
  return new ServiceProcess('ingest', {
    main: INGEST_MAIN, readyUrl: `http://127.0.0.1:${port}/readyz`,
    env: {
      DATABASE_URL: options.databaseUrl, MQTT_URL: options.brokerUrl, MQTT_PROTOCOL_VERSION: '5', MQTT_CLIENT_ID: `ingest-${options.agencyId}`,
      MQTT_SHARE_GROUP: `faults-${options.agencyId}`, MQTT_TOPIC_FILTER: formatPositionTopicFilter(options.agencyId), HTTP_PORT: String(port), LOG_LEVEL: 'warn', ...options.env,
    },
  })
}

/** The realtime engine of the agency's test (the only instance, by advisory lock), its key the agency's. */
export async function realtimeProcess(options: { databaseUrl: string; brokerUrl: string; agencyId: string; env?: Record<string, string> }): Promise<ServiceProcess & { url: string }> {
  const port = await freeTcpPort()
  const engine = new ServiceProcess('realtime', {
    main: REALTIME_MAIN, readyUrl: `http://127.0.0.1:${port}/readyz`,
    env: {
      DATABASE_URL: options.databaseUrl, MQTT_URL: options.brokerUrl, MQTT_PROTOCOL_VERSION: '5', REALTIME_ENGINE_KEY: engineKeyOf(options.agencyId),
      MQTT_TOPIC_FILTER: formatPositionTopicFilter(options.agencyId), REALTIME_HTTP_PORT: String(port), REALTIME_LEADER_RETRY_MS: '500', LOG_LEVEL: 'warn', ...options.env,
    },
  })
  return Object.assign(engine, { url: `http://127.0.0.1:${port}` })
}

const engineKeyOf = (agencyId: string) => `faults-${agencyId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64)

export async function apiProcess(options: { databaseUrl: string; brokerUrl: string; agencyId: string; env?: Record<string, string> }): Promise<ServiceProcess & { url: string; metricsUrl: string }> {
  const port = await freeTcpPort()
  const metricsPort = await freeTcpPort()
  const api = new ServiceProcess('api', {
    main: API_MAIN, readyUrl: `http://127.0.0.1:${port}/readyz`,
    env: {
      DATABASE_URL: options.databaseUrl, MQTT_URL: options.brokerUrl, MQTT_PROTOCOL_VERSION: '5', MQTT_CLIENT_ID: `api-${options.agencyId}`,
      REALTIME_ENGINE_KEY: engineKeyOf(options.agencyId), API_PORT: String(port), METRICS_PORT: String(metricsPort), API_ADMIN_PASSWORD: 'fault-test-admin-password', LOG_LEVEL: 'warn', ...options.env,
    },
  })
  return Object.assign(api, { url: `http://127.0.0.1:${port}`, metricsUrl: `http://127.0.0.1:${metricsPort}` })
}

/**
 * The fleet simulator on the demo feed, `vehicles` buses from the latest 08:00 in Amman that has passed (ingest
 * refuses fixes from the future, and at 00:30 today's 08:00 is still ahead), reporting every `intervalS`.
 */
export function simulatorProcess(options: { brokerUrl: string; agencyId: string; vehicles: number; intervalS: number }): ServiceProcess {
  return new ServiceProcess('simulator', {
    main: SIM_CLI,
    args: ['--url', options.brokerUrl, '--protocol', '5', '--agency', options.agencyId, '--vehicles', String(options.vehicles), '--start', new Date(latestPastStart('08:00', 'Asia/Amman', Date.now(), 30 * 60_000)).toISOString(), '--interval', String(options.intervalS), '--bad-rate', '0'],
    env: { DATABASE_URL: '' },
  })
}

export async function metric(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text()
  let total = 0
  let found = false
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm'))) {
    total += Number(m[1])
    found = true
  }
  return found ? total : NaN
}

/** Milliseconds until the condition holds (polled every 50 ms), or throws after timeoutMs. */
export async function msUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<number> {
  const started = performance.now()
  for (;;) {
    if (await condition().catch(() => false)) return performance.now() - started
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The upper bound of the bucket holding quantile q of a Prometheus histogram (seconds), from a /metrics page. */
export async function histogramQuantile(baseUrl: string, name: string, q: number): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text()
  const buckets = [...text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)$`, 'gm'))].map((m) => ({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), count: Number(m[2]) }))
  const total = buckets.at(-1)?.count ?? 0
  return buckets.find((b) => b.count >= q * total)?.le ?? NaN
}
