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

  describe('sources', () => {
    it('are off unless asked for, and need the provisioned logins (or open, for a demo)', () => {
      expect(loadConfig(required).sources).toMatchObject({ http: null, traccarMqtt: false, feeds: [], auth: 'provisioned' })
      expect(() => loadConfig({ ...required, SOURCES_HTTP_PORT: '5055' })).toThrowError(/SOURCES_CREDENTIALS_DIR/)
      expect(loadConfig({ ...required, SOURCES_HTTP_PORT: '5055', SOURCES_CREDENTIALS_DIR: '/etc/masar' }).sources).toMatchObject({ http: { host: '127.0.0.1', port: 5055 }, credentialsDir: '/etc/masar' })
      expect(loadConfig({ ...required, SOURCES_TRACCAR_MQTT: 'true', SOURCES_AUTH: 'open' }).sources).toMatchObject({ traccarMqtt: true, auth: 'open' })
      expect(() => loadConfig({ ...required, NODE_ENV: 'production', SOURCES_AUTH: 'open' })).toThrowError(/not NODE_ENV=production/)
    })

    it('reads the vendor feeds, their key header split once, and names each mistake', () => {
      const feeds = JSON.stringify([{ id: 'vendor', kind: 'gtfs-rt', url: 'https://avl.example/vp.pb', header: 'x-api-key: s3cret', intervalS: 15 }, { id: 'siri', kind: 'siri-vm', url: 'http://siri.example/vm', agencyId: 'zarqa', autoRegister: false }])
      expect(loadConfig({ ...required, SOURCES_AUTH: 'open', SOURCES_FEEDS: feeds }).sources.feeds).toEqual([
        { id: 'vendor', kind: 'gtfs-rt', url: 'https://avl.example/vp.pb', intervalMs: 15_000, header: { name: 'x-api-key', value: 's3cret' }, agencyId: 'amman', autoRegister: true },
        { id: 'siri', kind: 'siri-vm', url: 'http://siri.example/vm', intervalMs: 10_000, header: null, agencyId: 'zarqa', autoRegister: false },
      ])
      const bad = (feed: unknown) => () => loadConfig({ ...required, SOURCES_AUTH: 'open', SOURCES_FEEDS: JSON.stringify([feed]) })
      expect(() => loadConfig({ ...required, SOURCES_FEEDS: '{oops' })).toThrowError(/SOURCES_FEEDS is not JSON/)
      expect(bad({ id: 'x', kind: 'gtfs', url: 'http://a' })).toThrowError(/SOURCES_FEEDS\[0\]\.kind/)
      expect(bad({ id: 'x', kind: 'gtfs-rt', url: 'ftp://a' })).toThrowError(/SOURCES_FEEDS\[0\]\.url/)
      expect(bad({ id: 'x y', kind: 'gtfs-rt', url: 'http://a' })).toThrowError(/SOURCES_FEEDS\[0\]\.id/)
      expect(bad({ id: 'x', kind: 'gtfs-rt', url: 'http://a', header: 'no colon' })).toThrowError(/SOURCES_FEEDS\[0\]\.header/)
      expect(bad({ id: 'x', kind: 'gtfs-rt', url: 'http://a', intervalS: 0 })).toThrowError(/SOURCES_FEEDS\[0\]\.intervalS/)
    })
  })
})
