import type { TestBroker } from '@masar/platform/testing/test-broker'
import { loadConfig, type IngestConfig } from '../config.js'

/** Ingest configuration for a test: its own client id, no side port unless asked, fast retries. */
/** embeddedDatabase: the embedded database cannot take COPY over its socket, so ingest writes with INSERT there. */
export function ingestTestConfig(options: { databaseUrl: string; embeddedDatabase: boolean; broker: TestBroker; clientId: string; env?: Record<string, string> }): IngestConfig {
  return loadConfig({
    DATABASE_URL: options.databaseUrl,
    MQTT_URL: options.broker.url,
    MQTT_CLIENT_ID: options.clientId,
    MQTT_PROTOCOL_VERSION: String(options.broker.protocolVersion),
    MQTT_SHARE_GROUP: options.broker.supportsSharedSubscriptions ? `test-${options.clientId}` : '',
    HTTP_PORT: '0',
    DB_RETRY_MIN_MS: '50',
    DB_RETRY_MAX_MS: '500',
    LOG_LEVEL: 'warn',
    INGEST_WRITE_METHOD: options.embeddedDatabase ? 'insert' : 'copy',
    ...options.env,
  })
}
