import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { importFeed } from '@masar/gtfs/import/import-feed'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import type { Logger } from 'pino'
import { loadApiConfig } from '../config.js'
import { startApi, type Api } from '../start-api.js'
import { startTestRealtime, type TestRealtime } from './start-test-realtime.js'

/**
 * For tests: the api on a fresh database (embedded, or the real server of DATABASE_URL) with the Amman demo feed
 * and a broker (embedded, or MQTT_URL), its first admin `admin` / ADMIN_PASSWORD. `stop` ends all three.
 */
export const TEST_ADMIN_PASSWORD = 'test-admin-password'
export const TEST_TOKEN_SECRET = 'a-test-secret-that-is-long-enough-0123456789'
/** The SMS gateway's shared secret of the test api: the X-Sms-Gateway-Secret header the SMS webhook needs. */
export const TEST_SMS_GATEWAY_SECRET = 'a-test-sms-gateway-secret-0123'
export const TEST_SMS_GATEWAY_HEADERS = { 'x-sms-gateway-secret': TEST_SMS_GATEWAY_SECRET }

export interface TestApi {
  api: Api
  /** The realtime engine the api follows (the only instance). */
  realtime: TestRealtime
  database: TestDatabase
  broker: TestBroker
  stop(): Promise<void>
}

export async function startTestApi(options: { logger: Logger; env?: Record<string, string> }): Promise<TestApi> {
  const database = await createTestDatabase()
  const broker = await createTestBroker()
  try {
    const imported = await importFeed({ pool: database.pool, path: AMMAN_DEMO_FEED_PATH, writeMethod: database.embedded ? 'insert' : 'copy' })
    if (!imported.ok) throw new Error('demo feed import failed')
    const topicFilter = options.env?.MQTT_TOPIC_FILTER ?? formatPositionTopicFilter(`test${process.pid}`)
    const realtime = await startTestRealtime({ databaseUrl: database.url, pool: database.pool, broker, topicFilter, logger: options.logger, env: options.env })
    const config = loadApiConfig({
      DATABASE_URL: database.url, MQTT_URL: broker.url, MQTT_PROTOCOL_VERSION: String(broker.protocolVersion), API_PORT: '0', METRICS_PORT: '0',
      MQTT_TOPIC_FILTER: topicFilter, MQTT_CLIENT_ID: `api-test-${process.pid}-${Date.now()}`, REALTIME_ENGINE_KEY: realtime.engineKey,
      API_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, API_TOKEN_SECRET: TEST_TOKEN_SECRET, SMS_GATEWAY_SECRET: TEST_SMS_GATEWAY_SECRET, ...options.env,
    })
    const api = await startApi({ config, logger: options.logger, pool: database.pool })
    await api.realtime.firstState
    return {
      api, realtime, database, broker,
      async stop() {
        await api.stop()
        await realtime.stopAndClear()
        await broker.close()
        await database.close()
      },
    }
  } catch (err) {
    await broker.close()
    await database.close()
    throw err
  }
}

/** A bearer token header for an account of the running api. */
export async function signIn(url: string, username: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  if (response.status !== 200) throw new Error(`sign-in as ${username} answered ${response.status}`)
  return { authorization: `Bearer ${((await response.json()) as { token: string }).token}` }
}

/** A second api replica on a test api's database and broker (its own port and MQTT client id), with these settings. */
export async function startTestReplica(test: TestApi, options: { logger: Logger; env?: Record<string, string> }): Promise<Api> {
  const config = loadApiConfig({
    DATABASE_URL: test.database.url, MQTT_URL: test.broker.url, MQTT_PROTOCOL_VERSION: String(test.broker.protocolVersion), API_PORT: '0',
    MQTT_TOPIC_FILTER: formatPositionTopicFilter(`test${process.pid}`), MQTT_CLIENT_ID: `api-replica-${process.pid}-${Date.now()}`, REALTIME_ENGINE_KEY: test.realtime.engineKey,
    API_TOKEN_SECRET: TEST_TOKEN_SECRET, ...options.env,
  })
  const api = await startApi({ config, logger: options.logger, pool: test.database.pool })
  await api.realtime.firstState
  return api
}
