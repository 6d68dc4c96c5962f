import { loadConfig as loadIngestConfig } from '@masar/ingest/config'
import { describe, expect, it } from 'vitest'
import { loadRealtimeConfig } from './realtime-config.js'

describe('ping limits', () => {
  it('are read from the variables ingest reads, to the same values', () => {
    const env = { DATABASE_URL: 'postgres://x', MQTT_URL: 'mqtt://x', INGEST_MAX_FUTURE_S: '5', INGEST_MAX_SPEED_MPS: '25', POSITIONS_RETENTION_DAYS: '90' }
    const { rejectPayloadKeepBytes: _, ...ingestLimits } = loadIngestConfig(env).pings
    expect(loadRealtimeConfig(env).pings).toEqual(ingestLimits)
    expect(loadRealtimeConfig(env).pings).toMatchObject({ maxFutureMs: 5000, maxSpeedMps: 25, maxAgeMs: 90 * 86_400_000 })
  })

  it('name a bad value as ingest would', () => {
    expect(() => loadRealtimeConfig({ DATABASE_URL: 'postgres://x', MQTT_URL: 'mqtt://x', INGEST_MAX_SPEED_MPS: '0' })).toThrow('INGEST_MAX_SPEED_MPS')
  })
})
