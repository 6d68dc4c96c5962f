import { fileURLToPath } from 'node:url'
import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { importFeed } from '@masar/gtfs/import/import-feed'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { freeTcpPort } from '@masar/platform/testing/mosquitto-process'
import { ServiceProcess } from '@masar/platform/testing/service-process'
import { TcpProxy } from '@masar/platform/testing/tcp-proxy'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pino from 'pino'
import { startTestRealtime, type TestRealtime } from './start-test-realtime.js'

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))
export const PROCESS_ADMIN_PASSWORD = 'process-admin-password'

/**
 * For fault tests: an api reader as production runs it (its own process from `main.ts`, so its pool, its signal
 * handling and its crashes are the real ones) on a fresh database with the Amman demo feed (embedded, or
 * DATABASE_URL's server) and a broker (embedded, or MQTT_URL), reaching the database through a TcpProxy the test
 * can cut; the realtime engine it follows runs in the test's process on the database directly.
 */
export interface ApiProcessStack {
  api: ServiceProcess
  url: string
  /** Its metrics port's base URL (/metrics is served there only). */
  metricsUrl: string
  /** The topic root its fleet listens under: masar/v1/<agencyId>/vehicles/+/+. */
  agencyId: string
  database: TestDatabase
  broker: TestBroker
  realtime: TestRealtime
  proxy: TcpProxy
  stop(): Promise<void>
}

export async function startApiProcess(options: { agencyId: string; env?: Record<string, string> }): Promise<ApiProcessStack> {
  const database = await createTestDatabase()
  const broker = await createTestBroker()
  const target = new URL(database.url)
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
  const imported = await importFeed({ pool: database.pool, path: AMMAN_DEMO_FEED_PATH, writeMethod: database.embedded ? 'insert' : 'copy' })
  if (!imported.ok) throw new Error('demo feed import failed')
  const realtime = await startTestRealtime({
    databaseUrl: database.url, pool: database.pool, broker, topicFilter: formatPositionTopicFilter(options.agencyId), logger: pino({ level: 'warn' }),
  })
  await proxy.start()
  const viaProxy = new URL(database.url)
  viaProxy.port = String(proxy.port)
  const port = await freeTcpPort()
  const url = `http://127.0.0.1:${port}`
  const metricsPort = await freeTcpPort()
  const api = new ServiceProcess('api', {
    main: MAIN, readyUrl: `${url}/readyz`,
    env: {
      DATABASE_URL: viaProxy.toString(), DB_POOL_MAX: database.embedded ? '1' : '4', MQTT_URL: broker.url, MQTT_PROTOCOL_VERSION: String(broker.protocolVersion),
      MQTT_CLIENT_ID: `api-${options.agencyId}`, REALTIME_ENGINE_KEY: realtime.engineKey, API_PORT: String(port), METRICS_PORT: String(metricsPort),
      API_ADMIN_PASSWORD: PROCESS_ADMIN_PASSWORD, LOG_LEVEL: 'warn', ...options.env,
    },
  })
  await api.start({ timeoutMs: 120_000 })
  return {
    api, url, metricsUrl: `http://127.0.0.1:${metricsPort}`, agencyId: options.agencyId, database, broker, realtime, proxy,
    async stop() {
      await api.terminate()
      await proxy.cut()
      await realtime.stopAndClear()
      await broker.close()
      await database.close()
    },
  }
}
