import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startIngest, type Ingest } from './start-ingest.js'
import { ingestTestConfig } from './testing/ingest-test-config.js'

/**
 * Issue #17: ingest logged MQTT_URL as given, so credentials written in it (mqtt://user:password@host) went to the
 * logs. Ingest started with such a URL must log the broker without them.
 */
const PASSWORD = 'pass-word-in-the-url-1234'
let database: TestDatabase
let broker: TestBroker
let ingest: Ingest
const logged: string[] = []

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  const url = new URL(broker.url)
  url.username = 'masar-ingest'
  url.password = PASSWORD
  const clientId = `ingest-url-log-${process.pid}-${Date.now()}`
  const config = ingestTestConfig({ databaseUrl: database.url, embeddedDatabase: database.embedded, broker: { ...broker, url: url.href }, clientId })
  ingest = await startIngest({ config, logger: pino({ level: 'debug' }, { write: (line: string) => void logged.push(line) }), pool: database.pool })
})
afterAll(async () => {
  await ingest?.stop()
  await broker?.close()
  await database?.close()
})

describe('ingest with credentials in MQTT_URL', () => {
  it('logs the broker without them', () => {
    const started = logged.map((line) => JSON.parse(line) as { msg: string; broker?: string }).find((entry) => entry.msg === 'ingest started')
    expect(started?.broker).toBe(`${new URL(broker.url).protocol}//${new URL(broker.url).hostname}:${new URL(broker.url).port}`)
    expect(logged.join('\n')).not.toContain(PASSWORD)
  })
})
