import { describe, expect, it } from 'vitest'
import { loadApiConfig, parseCorsOrigins } from './config.js'

describe('API_CORS_ORIGINS', () => {
  it('is a comma-separated list of origins, none by default', () => {
    expect(loadApiConfig({ DATABASE_URL: 'postgres://x', MQTT_URL: 'mqtt://x' }).http.corsOrigins).toEqual([])
    expect(loadApiConfig({ DATABASE_URL: 'postgres://x', MQTT_URL: 'mqtt://x', API_CORS_ORIGINS: '' }).http.corsOrigins).toEqual([])
    expect(parseCorsOrigins(' https://ops.example.org, http://localhost:5173 ,')).toEqual(['https://ops.example.org', 'http://localhost:5173'])
  })

  it('refuses what is not a bare origin, naming it', () => {
    for (const bad of ['ops.example.org', 'https://ops.example.org/', 'https://ops.example.org/path', '*', 'ftp://x.example']) {
      expect(() => parseCorsOrigins(bad), bad).toThrow(`API_CORS_ORIGINS: "${bad}" is not an origin`)
    }
  })
})
