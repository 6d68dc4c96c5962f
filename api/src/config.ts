import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Type, type Static } from '@sinclair/typebox'
import { envSchema } from 'env-schema'
import { hostname } from 'node:os'
import { POSITION_TOPIC_FILTER } from '@masar/model/telemetry/topics'
import { parseTrustProxy } from './http/trust-proxy.js'
import { DEFAULT_LIVE_LIMITS, type LiveLimits } from './live/live-limits.js'

/** The workspace's built dashboard, beside the api package. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist', import.meta.url))

export const ApiEnv = Type.Object({
  DATABASE_URL: Type.String({ minLength: 1, description: 'PostgreSQL/TimescaleDB connection string' }),
  MQTT_URL: Type.String({ minLength: 1, description: 'mqtt:// or mqtts:// broker URL' }),
  MQTT_CLIENT_ID: Type.String({ minLength: 1, maxLength: 128, default: `masar-api-${hostname()}-${process.pid}` }),
  MQTT_USERNAME: Type.Optional(Type.String()),
  MQTT_PASSWORD: Type.Optional(Type.String()),
  MQTT_PROTOCOL_VERSION: Type.Unsafe<4 | 5>({ type: 'integer', enum: [4, 5], default: 5 }),
  MQTT_TOPIC_FILTER: Type.String({ minLength: 1, default: POSITION_TOPIC_FILTER }),
  REALTIME_ENGINE_KEY: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', default: 'masar', description: 'the realtime engine this reader follows (the same key as the engine\'s)' }),
  API_HOST: Type.String({ default: '127.0.0.1' }),
  API_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 8080 }),
  STALE_AFTER_S: Type.Integer({ minimum: 1, default: 60, description: 'a vehicle without a fix for this long is stale' }),
  OFFLINE_AFTER_S: Type.Integer({ minimum: 1, default: 300, description: '…and offline after this long' }),
  FEED_MIN_INTERVAL_MS: Type.Integer({ minimum: 100, default: 2000, description: 'GTFS-Realtime feeds are rebuilt at most this often' }),
  REBUILD_WINDOW_S: Type.Integer({ minimum: 60, default: 3600, description: 'on start, vehicles heard from within this window are restored' }),
  API_TOKEN_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'signs bearer tokens; shared by every api instance. Absent: a random one per process (tokens end with it)' })),
  API_TOKEN_TTL_S: Type.Integer({ minimum: 60, maximum: 86_400, default: 3600 }),
  API_PASSWORD_SCRYPT_N: Type.Unsafe<number>({ type: 'integer', enum: [16_384, 32_768, 65_536, 131_072, 262_144, 524_288, 1_048_576], default: 131_072, description: 'scrypt cost (N, with r = 8, p = 1) of new password hashes; a stored hash of a lower cost is made again at this one on its next successful sign-in. 131072 (2^17, about 0.3 s and 128 MiB a hash) or more in production; lower only for tests' }),
  API_KEYS_RELOAD_MS: Type.Integer({ minimum: 1_000, default: 15_000, description: 'each replica reads the API keys again this often, besides at once on every change it hears of (NOTIFY)' }),
  API_ADMIN_USERNAME: Type.String({ pattern: '^[A-Za-z0-9_.@-]{3,64}$', default: 'admin' }),
  API_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 10, description: 'creates the first admin on a first start (no account yet)' })),
  DASHBOARD_DIR: Type.String({ minLength: 1, default: DEFAULT_DASHBOARD_DIR, description: 'the built dashboard (dashboard/dist) served at /' }),
  API_CORS_ORIGINS: Type.String({ default: '', description: 'comma-separated origins (https://ops.example.org) allowed to call the dispatcher and admin endpoints from a browser; none: same origin only. Public feeds and rider endpoints are open to any origin' }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 600, description: 'requests a minute per client IP on public routes' }),
  TRUST_PROXY: Type.String({ default: '', description: 'comma-separated addresses or CIDR ranges of the reverse proxies in front of the api (10.0.0.0/8, ::1): the client address is taken from X-Forwarded-For only when the request comes from one. None: trust no proxy' }),
  METRICS_HOST: Type.Optional(Type.String({ minLength: 1, description: 'where /metrics is served (its own listener, never the public port); default: API_HOST' })),
  METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 9101, description: 'the port of /metrics (Prometheus scrapes it; the Ingress never routes to it)' }),
  API_DOCS: Type.Boolean({ default: true, description: 'serve the OpenAPI document (/docs/json) and the browsable docs (/docs)' }),
  SMS_GATEWAY_SECRET: Type.Optional(Type.String({ minLength: 16, description: 'the SMS gateway\'s shared secret (X-Sms-Gateway-Secret header or ?secret=); absent: the SMS webhook is off (503 API_SMS_GATEWAY_NOT_CONFIGURED)' })),
  API_CHECK_RESPONSES: Type.Boolean({ default: false, description: 'tests and staging: every JSON answer is checked against its operation\'s response schema; one with a field the schema lacks (serialisation would drop it) or missing one it requires is a 500, logged' }),
  DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 100, default: 4 }),
  SHUTDOWN_DRAIN_MS: Type.Integer({ minimum: 0, maximum: 120_000, default: 5_000, description: 'on SIGTERM, /readyz answers 503 this long while requests are still served, so the load balancer stops sending any (Kubernetes: more than the readiness probe period)' }),
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 1_000, maximum: 120_000, default: 10_000, description: 'then requests in flight get this long to finish before the process exits anyway' }),
  LIVE_MAX_CLIENTS: Type.Integer({ minimum: 1, default: DEFAULT_LIVE_LIMITS.maxClients, description: 'live stream (WebSocket) connections one api reader holds; more are refused (503) before the handshake' }),
  LIVE_MAX_CLIENTS_PER_ADDRESS: Type.Integer({ minimum: 1, default: DEFAULT_LIVE_LIMITS.maxClientsPerAddress, description: 'live stream connections one client address holds on a reader (behind TRUST_PROXY, the forwarded address); more are refused (429)' }),
  LIVE_PING_INTERVAL_MS: Type.Integer({ minimum: 100, default: DEFAULT_LIVE_LIMITS.pingIntervalMs, description: 'each live client is pinged this often' }),
  LIVE_PONG_TIMEOUT_MS: Type.Integer({ minimum: 100, default: DEFAULT_LIVE_LIMITS.pongTimeoutMs, description: 'a live client whose pong has not come back this long after a ping is dropped' }),
  LIVE_MAX_BUFFERED_KIB: Type.Integer({ minimum: 16, default: DEFAULT_LIVE_LIMITS.maxBufferedBytes / 1024, description: 'a live client with more than this queued to send (it does not read) is dropped' }),
  SOURCES_PUBLIC_URL: Type.Optional(Type.String({ description: 'the public http(s) URL of ingest\'s sources listener (port 5055: phones with Traccar Client or OsmAnd, Traccar\'s forwarders), shown to dispatchers and put in the phone set-up QR code; absent: not shown' })),
  SOURCES_SILENT_AFTER_S: Type.Integer({ minimum: 10, maximum: 86_400, default: 120, description: 'a polled vendor feed without a successful poll for longer than this is shown as silent (about 3 poll intervals; source_health does not hold the interval)' }),
  MAP_STYLE_URL: Type.Optional(Type.String({ description: 'the MapLibre style every map draws under the buses (an https URL, or a path on this api such as /map/city.json); another host is added to the Content-Security-Policy\'s connect-src. Absent: the offline basemap made from the active feed (/map/style.json)' })),
  MAP_DATA_DIR: Type.Optional(Type.String({ description: 'a directory whose map files the api serves at /map/data/NAME with HTTP range requests, from its own origin (the Content-Security-Policy stays \'self\'): PMTiles archives (.pmtiles) and MapLibre styles (.json, e.g. MAP_STYLE_URL=/map/data/city.json)' })),
  MAP_PMTILES: Type.Optional(Type.String({ description: 'a Protomaps basemap build in MAP_DATA_DIR (e.g. jordan.pmtiles, made with `pmtiles extract`): every map draws its streets, labelled in the reader\'s language (@protomaps/basemaps), with the feed\'s stops over them. Absent: the offline basemap made from the active feed' })),
  LOG_LEVEL: Type.Unsafe<'debug' | 'info' | 'warn' | 'error'>({ type: 'string', enum: ['debug', 'info', 'warn', 'error'], default: 'info' }),
})

export interface ApiConfig {
  db: { url: string; poolMax: number }
  mqtt: { url: string; clientId: string; username?: string; password?: string; protocolVersion: 4 | 5; topicFilter: string }
  http: { host: string; port: number; rateLimitPerMinute: number; dashboardDir: string; corsOrigins: string[]; trustProxy: string[]; checkResponses: boolean; docs: boolean }
  metrics: { host: string; port: number }
  sms: { gatewaySecret: string | null }
  sources: { publicUrl: string | null; silentAfterMs: number }
  map: MapConfig
  fleet: { staleAfterMs: number; offlineAfterMs: number; rebuildWindowMs: number }
  feeds: { minIntervalMs: number }
  realtime: { engineKey: string }
  auth: { tokenSecret: string | null; tokenTtlS: number; firstAdmin: { username: string; password: string } | null; scryptN: number; apiKeysReloadMs: number }
  log: { level: 'debug' | 'info' | 'warn' | 'error' }
  shutdown: { drainMs: number; graceMs: number }
  live: LiveLimits
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID'
}

/** Parses the environment once; every bad variable is named in one error. */
export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  let e: Static<typeof ApiEnv>
  try {
    // an empty SMS_GATEWAY_SECRET (compose's ${SMS_GATEWAY_SECRET:-}) is no secret: the webhook is off
    e = envSchema<Static<typeof ApiEnv>>({ schema: ApiEnv, data: { ...env, SMS_GATEWAY_SECRET: env.SMS_GATEWAY_SECRET || undefined, SOURCES_PUBLIC_URL: env.SOURCES_PUBLIC_URL || undefined, MAP_STYLE_URL: env.MAP_STYLE_URL || undefined, MAP_DATA_DIR: env.MAP_DATA_DIR || undefined, MAP_PMTILES: env.MAP_PMTILES || undefined }, env: false })
  } catch (err) {
    throw new ConfigError(`Invalid api configuration: ${(err as Error).message}`, { cause: err })
  }
  const corsOrigins = parseCorsOrigins(e.API_CORS_ORIGINS)
  const trustProxy = parseTrustProxy(e.TRUST_PROXY)
  if (trustProxy.invalid.length) throw new ConfigError(`Invalid api configuration: TRUST_PROXY: ${trustProxy.invalid.map((item) => `"${item}"`).join(', ')} is not an address, a CIDR range (10.0.0.0/8) or loopback/linklocal/uniquelocal`)
  if (e.OFFLINE_AFTER_S <= e.STALE_AFTER_S) throw new ConfigError('Invalid api configuration: OFFLINE_AFTER_S must be more than STALE_AFTER_S')
  return {
    db: { url: e.DATABASE_URL, poolMax: e.DB_POOL_MAX },
    mqtt: { url: e.MQTT_URL, clientId: e.MQTT_CLIENT_ID, username: e.MQTT_USERNAME, password: e.MQTT_PASSWORD, protocolVersion: e.MQTT_PROTOCOL_VERSION, topicFilter: e.MQTT_TOPIC_FILTER },
    http: { host: e.API_HOST, port: e.API_PORT, rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE, dashboardDir: e.DASHBOARD_DIR, corsOrigins, trustProxy: trustProxy.ranges, checkResponses: e.API_CHECK_RESPONSES, docs: e.API_DOCS },
    metrics: { host: e.METRICS_HOST ?? e.API_HOST, port: e.METRICS_PORT },
    sms: { gatewaySecret: e.SMS_GATEWAY_SECRET ?? null },
    sources: { publicUrl: e.SOURCES_PUBLIC_URL === undefined ? null : parseSourcesPublicUrl(e.SOURCES_PUBLIC_URL), silentAfterMs: e.SOURCES_SILENT_AFTER_S * 1000 },
    map: parseMapConfig(e.MAP_STYLE_URL, e.MAP_DATA_DIR, e.MAP_PMTILES),
    fleet: { staleAfterMs: e.STALE_AFTER_S * 1000, offlineAfterMs: e.OFFLINE_AFTER_S * 1000, rebuildWindowMs: e.REBUILD_WINDOW_S * 1000 },
    feeds: { minIntervalMs: e.FEED_MIN_INTERVAL_MS },
    realtime: { engineKey: e.REALTIME_ENGINE_KEY },
    auth: { tokenSecret: e.API_TOKEN_SECRET ?? null, tokenTtlS: e.API_TOKEN_TTL_S, firstAdmin: e.API_ADMIN_PASSWORD ? { username: e.API_ADMIN_USERNAME, password: e.API_ADMIN_PASSWORD } : null, scryptN: e.API_PASSWORD_SCRYPT_N, apiKeysReloadMs: e.API_KEYS_RELOAD_MS },
    log: { level: e.LOG_LEVEL },
    shutdown: { drainMs: e.SHUTDOWN_DRAIN_MS, graceMs: e.SHUTDOWN_GRACE_MS },
    live: {
      maxClients: e.LIVE_MAX_CLIENTS, maxClientsPerAddress: e.LIVE_MAX_CLIENTS_PER_ADDRESS, pingIntervalMs: e.LIVE_PING_INTERVAL_MS, pongTimeoutMs: e.LIVE_PONG_TIMEOUT_MS,
      maxBufferedBytes: e.LIVE_MAX_BUFFERED_KIB * 1024,
    },
  }
}

export interface MapStyleConfig {
  /** MAP_STYLE_URL; null: the api's own basemap. */
  styleUrl: string | null
  /** The style's origin when it is another host's (allowed in the CSP's connect-src); null for a path on this api. */
  styleOrigin: string | null
}

export interface MapConfig extends MapStyleConfig {
  /** MAP_DATA_DIR, absolute: map files served at /map/data/; null: none. */
  dataDir: string | null
  /** MAP_PMTILES: the Protomaps build in dataDir the api's style draws; null: the basemap made from the feed. */
  pmtiles: string | null
}

/** MAP_STYLE_URL, MAP_DATA_DIR and MAP_PMTILES together: a PMTiles basemap needs its directory and the file in it, and is not drawn when another style is named. */
export function parseMapConfig(styleUrl: string | undefined, dataDir: string | undefined, pmtiles: string | undefined): MapConfig {
  const style = styleUrl === undefined ? { styleUrl: null, styleOrigin: null } : parseMapStyleUrl(styleUrl)
  const dir = dataDir === undefined ? null : resolve(dataDir)
  if (dir !== null && !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new ConfigError(`Invalid api configuration: MAP_DATA_DIR: "${dataDir}" is not a directory`)
  if (pmtiles === undefined) return { ...style, dataDir: dir, pmtiles: null }
  if (dir === null) throw new ConfigError('Invalid api configuration: MAP_PMTILES needs MAP_DATA_DIR, the directory that holds it')
  if (style.styleUrl !== null) throw new ConfigError('Invalid api configuration: MAP_PMTILES and MAP_STYLE_URL both name a basemap: set one')
  if (!/^[\w.-]+\.pmtiles$/.test(pmtiles)) throw new ConfigError(`Invalid api configuration: MAP_PMTILES: "${pmtiles}" is not a file name ending in .pmtiles (e.g. jordan.pmtiles, in MAP_DATA_DIR)`)
  if (!statSync(join(dir, pmtiles), { throwIfNoEntry: false })?.isFile()) throw new ConfigError(`Invalid api configuration: MAP_PMTILES: there is no file "${pmtiles}" in MAP_DATA_DIR (${dir})`)
  return { ...style, dataDir: dir, pmtiles }
}

/** 'https://tiles.example.org/amman.json' → the URL and its origin; '/map/city.json' → a path on this api, no origin. */
export function parseMapStyleUrl(value: string): MapStyleConfig {
  const trimmed = value.trim()
  if (/^\/(?!\/)\S*$/.test(trimmed)) return { styleUrl: trimmed, styleOrigin: null }
  let parsed: URL | null = null
  try {
    parsed = new URL(trimmed)
  } catch { /* reported below */ }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password) {
    throw new ConfigError(`Invalid api configuration: MAP_STYLE_URL: "${value}" is neither an http(s) URL without credentials (https://tiles.example.org/style.json) nor a path on this api (/map/city.json)`)
  }
  return { styleUrl: parsed.href, styleOrigin: parsed.origin }
}

/** 'https://trackers.example.org:5055/' → 'https://trackers.example.org:5055': an http(s) base URL, no query (a phone's token is added to it). */
export function parseSourcesPublicUrl(value: string): string {
  let parsed: URL | null = null
  try {
    parsed = new URL(value.trim())
  } catch { /* reported below */ }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(`Invalid api configuration: SOURCES_PUBLIC_URL: "${value}" is not an http(s) URL without query or credentials (e.g. https://trackers.example.org:5055)`)
  }
  return parsed.href.replace(/\/+$/, '')
}

/** 'https://a.example, http://localhost:5173' → the origins, each checked to be a bare origin (scheme, host, port). */
export function parseCorsOrigins(list: string): string[] {
  const origins = list.split(',').map((item) => item.trim()).filter(Boolean)
  for (const origin of origins) {
    let parsed: URL | null = null
    try {
      parsed = new URL(origin)
    } catch { /* reported below */ }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(`Invalid api configuration: API_CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path or trailing slash)`)
    }
  }
  return origins
}
