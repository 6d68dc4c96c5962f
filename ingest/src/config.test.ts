import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.js'

const required = { DATABASE_URL: 'postgres://127.0.0.1/test', MQTT_URL: 'mqtt://127.0.0.1:1883' }

describe('ingest configuration', () => {
  it('applies defaults and converts units once', () => {
    const config = loadConfig(required)
    expect(config.batch).toEqual({ maxRows: 1000, maxWaitMs: 100, maxBufferedMessages: 20_000, writeMethod: 'copy' })
    expect(config.mqtt).toMatchObject({ protocolVersion: 5, shareGroup: 'ingest', topicFilter: 'masar/v1/+/vehicles/+/+' })
    expect(config.pings.maxAgeMs).toBe(30 * 86_400_000)
    expect(config.pings.maxFutureMs).toBe(120_000)
  })

  it('reads numbers and choices from strings', () => {
    const config = loadConfig({ ...required, MQTT_PROTOCOL_VERSION: '4', INGEST_BATCH_MAX_ROWS: '250', MQTT_SHARE_GROUP: '' })
    expect(config.mqtt.protocolVersion).toBe(4)
    expect(config.mqtt.shareGroup).toBe('')
    expect(config.batch.maxRows).toBe(250)
  })

  it('names the MQTT session after the instance, stable across its restarts: INGEST_INSTANCE_ID, else the host name', () => {
    expect(loadConfig({ ...required, INGEST_INSTANCE_ID: 'ingest-1' }, { name: 'node-7' }).mqtt.clientId).toBe('masar-ingest-ingest-1')
    expect(loadConfig(required, { name: 'ingest-0' }).mqtt.clientId).toBe('masar-ingest-ingest-0')
    expect(loadConfig({ ...required, INGEST_INSTANCE_ID: 'ingest-1', MQTT_CLIENT_ID: 'legacy-id' }).mqtt.clientId).toBe('legacy-id')
    expect(() => loadConfig({ ...required, INGEST_INSTANCE_ID: 'ingest 1/../x' })).toThrowError(/INGEST_INSTANCE_ID/)
  })

  it('leaves the shared subscription on a graceful stop unless told not to, and never without a share group', () => {
    expect(loadConfig(required).mqtt.leaveGroupOnStop).toBe(true)
    expect(loadConfig({ ...required, MQTT_LEAVE_GROUP_ON_STOP: 'false' }).mqtt.leaveGroupOnStop).toBe(false)
    expect(loadConfig({ ...required, MQTT_SHARE_GROUP: '' }).mqtt.leaveGroupOnStop).toBe(false)
  })

  it('names every bad variable in one error', () => {
    expect(() => loadConfig({ MQTT_PROTOCOL_VERSION: '3', INGEST_BATCH_MAX_ROWS: 'many' })).toThrowError(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(/DATABASE_URL[\s\S]*MQTT_URL|MQTT_URL[\s\S]*DATABASE_URL/),
      }),
    )
    expect(() => loadConfig({ ...required, MQTT_PROTOCOL_VERSION: '3', INGEST_BATCH_MAX_ROWS: 'many' })).toThrowError(
      /MQTT_PROTOCOL_VERSION[\s\S]*INGEST_BATCH_MAX_ROWS|INGEST_BATCH_MAX_ROWS[\s\S]*MQTT_PROTOCOL_VERSION/,
    )
  })
})
