import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

describe('SOURCES_PUBLIC_URL and SOURCES_SILENT_AFTER_S', () => {
  const env = { DATABASE_URL: 'postgres://x', MQTT_URL: 'mqtt://x' }
  it('has no public URL by default (or when empty), and calls a feed silent after 2 minutes', () => {
    expect(loadApiConfig(env).sources).toEqual({ publicUrl: null, silentAfterMs: 120_000 })
    expect(loadApiConfig({ ...env, SOURCES_PUBLIC_URL: '', SOURCES_SILENT_AFTER_S: '45' }).sources).toEqual({ publicUrl: null, silentAfterMs: 45_000 })
  })

  it('keeps an http(s) base URL without its trailing slash', () => {
    expect(loadApiConfig({ ...env, SOURCES_PUBLIC_URL: 'https://trackers.example.org:5055/' }).sources.publicUrl).toBe('https://trackers.example.org:5055')
    expect(loadApiConfig({ ...env, SOURCES_PUBLIC_URL: 'http://10.0.0.5:5055' }).sources.publicUrl).toBe('http://10.0.0.5:5055')
  })

  it('refuses a URL with a query (the token is per phone), credentials, or another scheme', () => {
    for (const bad of ['trackers.example.org', 'https://x.example.org/?token=abc', 'mqtt://x.example.org', 'https://user:pw@x.example.org']) {
      expect(() => loadApiConfig({ ...env, SOURCES_PUBLIC_URL: bad }), bad).toThrow('SOURCES_PUBLIC_URL')
    }
  })
})

describe('MAP_STYLE_URL', () => {
  const env = { DATABASE_URL: 'postgres://x', MQTT_URL: 'mqtt://x' }
  it('is the api\'s own basemap by default (or when empty)', () => {
    expect(loadApiConfig(env).map).toEqual({ styleUrl: null, styleOrigin: null, dataDir: null, pmtiles: null })
    expect(loadApiConfig({ ...env, MAP_STYLE_URL: '' }).map).toEqual({ styleUrl: null, styleOrigin: null, dataDir: null, pmtiles: null })
  })

  it('takes another host\'s style with its origin (for the CSP), or a path on this api with none', () => {
    expect(loadApiConfig({ ...env, MAP_STYLE_URL: 'https://tiles.example.org:8443/styles/amman.json' }).map)
      .toMatchObject({ styleUrl: 'https://tiles.example.org:8443/styles/amman.json', styleOrigin: 'https://tiles.example.org:8443' })
    expect(loadApiConfig({ ...env, MAP_STYLE_URL: '/map/city.json' }).map).toMatchObject({ styleUrl: '/map/city.json', styleOrigin: null })
  })

  it('refuses what is neither (no scheme, another scheme, credentials, a protocol-relative URL)', () => {
    for (const bad of ['tiles.example.org/style.json', 'ftp://x.example.org/s.json', 'https://user:pw@x.example.org/s.json', '//x.example.org/s.json', 'javascript:alert(1)']) {
      expect(() => loadApiConfig({ ...env, MAP_STYLE_URL: bad }), bad).toThrow('MAP_STYLE_URL')
    }
  })
})

describe('MAP_DATA_DIR and MAP_PMTILES', () => {
  const env = { DATABASE_URL: 'postgres://x', MQTT_URL: 'mqtt://x' }
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'masar-map-config-'))
    writeFileSync(join(dir, 'jordan.pmtiles'), 'PMTiles')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('serves a directory, and draws a Protomaps build in it', () => {
    expect(loadApiConfig({ ...env, MAP_DATA_DIR: dir }).map).toEqual({ styleUrl: null, styleOrigin: null, dataDir: dir, pmtiles: null })
    expect(loadApiConfig({ ...env, MAP_DATA_DIR: dir, MAP_PMTILES: 'jordan.pmtiles' }).map).toEqual({ styleUrl: null, styleOrigin: null, dataDir: dir, pmtiles: 'jordan.pmtiles' })
    // a style of its own in the directory, drawn instead
    expect(loadApiConfig({ ...env, MAP_DATA_DIR: dir, MAP_STYLE_URL: '/map/data/city.json' }).map).toMatchObject({ styleUrl: '/map/data/city.json', dataDir: dir })
  })

  it('says what is wrong: no such directory, no such file, not a file name, no directory, two basemaps', () => {
    expect(() => loadApiConfig({ ...env, MAP_DATA_DIR: join(dir, 'nope') })).toThrow(/MAP_DATA_DIR: ".*nope" is not a directory/)
    expect(() => loadApiConfig({ ...env, MAP_DATA_DIR: dir, MAP_PMTILES: 'amman.pmtiles' })).toThrow(/MAP_PMTILES: there is no file "amman.pmtiles" in MAP_DATA_DIR/)
    expect(() => loadApiConfig({ ...env, MAP_DATA_DIR: dir, MAP_PMTILES: '../jordan.pmtiles' })).toThrow(/MAP_PMTILES: "..\/jordan.pmtiles" is not a file name ending in .pmtiles/)
    expect(() => loadApiConfig({ ...env, MAP_PMTILES: 'jordan.pmtiles' })).toThrow('MAP_PMTILES needs MAP_DATA_DIR')
    expect(() => loadApiConfig({ ...env, MAP_DATA_DIR: dir, MAP_PMTILES: 'jordan.pmtiles', MAP_STYLE_URL: '/map/city.json' })).toThrow('MAP_PMTILES and MAP_STYLE_URL both name a basemap')
  })
})
