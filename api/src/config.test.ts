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

describe('TRUST_PROXY', () => {
  const env = { DATABASE_URL: 'postgres://x', MQTT_URL: 'mqtt://x' }
  it('trusts no proxy by default, else the listed addresses and ranges', () => {
    expect(loadApiConfig(env).http.trustProxy).toEqual([])
    expect(loadApiConfig({ ...env, TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8, ::1, loopback' }).http.trustProxy)
      .toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8', '::1', 'loopback'])
  })

  it('refuses what is not an address or a range, naming each', () => {
    expect(() => loadApiConfig({ ...env, TRUST_PROXY: '10.0.0.0/33, nginx, 10.0.0.1' })).toThrow('TRUST_PROXY: "10.0.0.0/33", "nginx" is not an address')
    for (const bad of ['*', 'true', '10.0.0.0/8/1', '::1/129', '10.0.0']) expect(() => loadApiConfig({ ...env, TRUST_PROXY: bad }), bad).toThrow('TRUST_PROXY')
  })
})

describe('the SMS webhook, /metrics and /docs settings', () => {
  const env = { DATABASE_URL: 'postgres://x', MQTT_URL: 'mqtt://x' }
  it('has the SMS webhook off without a secret (empty is none), /metrics on port 9101 of the api\'s host, /docs on', () => {
    const config = loadApiConfig(env)
    expect([config.sms.gatewaySecret, config.metrics, config.http.docs]).toEqual([null, { host: '127.0.0.1', port: 9101 }, true])
    expect(loadApiConfig({ ...env, SMS_GATEWAY_SECRET: '' }).sms.gatewaySecret).toBeNull()
    expect(loadApiConfig({ ...env, SMS_GATEWAY_SECRET: 'a-secret-of-16-chars', METRICS_HOST: '0.0.0.0', METRICS_PORT: '9200', API_DOCS: 'false' })).toMatchObject({
      sms: { gatewaySecret: 'a-secret-of-16-chars' }, metrics: { host: '0.0.0.0', port: 9200 }, http: { docs: false },
    })
    expect(() => loadApiConfig({ ...env, SMS_GATEWAY_SECRET: 'short' })).toThrow('SMS_GATEWAY_SECRET')
  })
})
