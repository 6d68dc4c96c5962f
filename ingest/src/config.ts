import { Type, type Static } from '@sinclair/typebox'
import { envSchema } from 'env-schema'
import { hostname } from 'node:os'
import { POSITION_TOPIC_FILTER } from '@masar/model/telemetry/topics'
import { PingLimitsEnv, toPingLimits, toVehicleRate, type ConfiguredPingLimits } from '@masar/model/telemetry/ping-limits-env'

export const IngestEnv = Type.Object({
  DATABASE_URL: Type.String({ minLength: 1, description: 'PostgreSQL/TimescaleDB connection string' }),
  MQTT_URL: Type.String({ minLength: 1, description: 'mqtt:// or mqtts:// broker URL' }),
  INGEST_INSTANCE_ID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,100}$', description: 'names this instance for as long as it exists (a StatefulSet pod name: ingest-0, ingest-1…); default: the host name' })),
  MQTT_CLIENT_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'default: masar-ingest-{INGEST_INSTANCE_ID}' })),
  MQTT_LEAVE_GROUP_ON_STOP: Type.Boolean({ default: true, description: 'a graceful stop leaves the shared subscription and ends the session (set false for a single instance that must find its pings queued after a restart)' }),
  MQTT_USERNAME: Type.Optional(Type.String()),
  MQTT_PASSWORD: Type.Optional(Type.String()),
  MQTT_PROTOCOL_VERSION: Type.Unsafe<4 | 5>({ type: 'integer', enum: [4, 5], default: 5, description: '5 for Mosquitto/EMQX, 4 for brokers that speak only MQTT 3.1.1' }),
  MQTT_SHARE_GROUP: Type.String({ default: 'ingest', pattern: '^[A-Za-z0-9_-]*$', description: 'empty = a plain subscription' }),
  MQTT_TOPIC_FILTER: Type.String({ minLength: 1, default: POSITION_TOPIC_FILTER }),
  MQTT_SESSION_EXPIRY_S: Type.Integer({ minimum: 0, default: 3600 }),
  MQTT_KEEPALIVE_S: Type.Integer({ minimum: 5, maximum: 3600, default: 30 }),
  INGEST_BATCH_MAX_ROWS: Type.Integer({ minimum: 1, maximum: 50_000, default: 1000 }),
  INGEST_BATCH_MAX_WAIT_MS: Type.Integer({ minimum: 1, maximum: 60_000, default: 100 }),
  INGEST_MAX_BUFFERED_MESSAGES: Type.Integer({ minimum: 10, maximum: 65_535, default: 20_000 }),
  ...PingLimitsEnv, // INGEST_MAX_FUTURE_S, INGEST_MAX_SPEED_MPS, POSITIONS_RETENTION_DAYS, INGEST_MAX_BATCH_PINGS, INGEST_VEHICLE_FIXES_PER_S/BURST: the realtime engine reads the same
  INGEST_WRITE_METHOD: Type.Unsafe<'copy' | 'insert'>({ type: 'string', enum: ['copy', 'insert'], default: 'copy', description: 'insert for the embedded database (it cannot take COPY over its socket)' }),
  INGEST_REJECT_PAYLOAD_KEEP_BYTES: Type.Integer({ minimum: 0, maximum: 65_536, default: 1024 }),
  DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 100, default: 2 }),
  DB_RETRY_MIN_MS: Type.Integer({ minimum: 10, default: 250 }),
  DB_RETRY_MAX_MS: Type.Integer({ minimum: 10, default: 10_000 }),
  HTTP_HOST: Type.String({ default: '127.0.0.1' }),
  HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 9101 }),
  LOG_LEVEL: Type.Unsafe<'debug' | 'info' | 'warn' | 'error'>({ type: 'string', enum: ['debug', 'info', 'warn', 'error'], default: 'info' }),
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, default: 10_000 }),
  // Sources other than Masar's MQTT contract: OsmAnd phones, Traccar's forwarders, vendor feeds
  SOURCES_HTTP_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65_535, description: 'the OsmAnd / Traccar listener (5055 as Traccar\'s own); unset: off' })),
  SOURCES_HTTP_HOST: Type.String({ default: '127.0.0.1', description: '0.0.0.0 for phones and Traccar on other hosts' }),
  SOURCES_AUTH: Type.Unsafe<'provisioned' | 'open'>({ type: 'string', enum: ['provisioned', 'open'], default: 'provisioned', description: 'provisioned: tokens and keys from SOURCES_CREDENTIALS_DIR; open: no token (demos only, refused with NODE_ENV=production)' }),
  SOURCES_CREDENTIALS_DIR: Type.Optional(Type.String({ minLength: 1, description: 'where npm run provision keeps trackers.json, sources.json and passwd (infra/compose/mosquitto)' })),
  SOURCES_AUTO_REGISTER: Type.Boolean({ default: false, description: 'open: unknown devices become vehicles on their first fix' }),
  SOURCES_AGENCY: Type.String({ default: 'amman', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'open: the agency of the devices it takes' }),
  SOURCES_TRACCAR_MQTT: Type.Boolean({ default: false, description: 'also read Traccar\'s MQTT forwarder (traccar/{sourceId}/positions) on the broker' }),
  SOURCES_FEEDS: Type.Optional(Type.String({ description: 'vendor feeds to poll, JSON: [{"id":"vendor","kind":"gtfs-rt"|"siri-vm","url":"…","intervalS":10,"header":"x-api-key: …","agencyId":"amman","autoRegister":true}]' })),
  SOURCES_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 16 * 1024 * 1024, default: 512 * 1024 }),
  SOURCES_PUBLISH_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
})

export interface FeedSourceConfig {
  id: string
  kind: 'gtfs-rt' | 'siri-vm'
  url: string
  intervalMs: number
  /** One header sent with every poll (the vendor's API key), e.g. `x-api-key: …`. */
  header: { name: string; value: string } | null
  agencyId: string
  autoRegister: boolean
}

export interface SourcesConfig {
  http: { host: string; port: number } | null
  auth: 'provisioned' | 'open'
  credentialsDir: string | null
  autoRegister: boolean
  agencyId: string
  traccarMqtt: boolean
  feeds: FeedSourceConfig[]
  bodyLimitBytes: number
  publishTimeoutMs: number
}

export interface IngestConfig {
  db: { url: string; poolMax: number; retryMinMs: number; retryMaxMs: number }
  mqtt: {
    url: string
    /** Names the persistent session: stable for an instance (its StatefulSet pod name), never per process. */
    clientId: string
    username?: string
    password?: string
    protocolVersion: 4 | 5
    shareGroup: string
    topicFilter: string
    sessionExpirySeconds: number
    keepaliveSeconds: number
    /** On a graceful stop: unsubscribe, store and acknowledge everything received, then end the session. Only with a share group. */
    leaveGroupOnStop: boolean
  }
  batch: { maxRows: number; maxWaitMs: number; maxBufferedMessages: number; writeMethod: 'copy' | 'insert' }
  pings: ConfiguredPingLimits & { rejectPayloadKeepBytes: number }
  /** Per vehicle: fixes beyond this rate and burst are refused (rate_limited). */
  vehicleRate: { fixesPerSecond: number; burst: number }
  http: { host: string; port: number }
  log: { level: 'debug' | 'info' | 'warn' | 'error' }
  shutdownGraceMs: number
  sources: SourcesConfig
}

/** Thrown before anything connects, listing every bad variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID'
}

/**
 * Parses the environment once. Every bad variable is named in one error. `host.name` is the default instance id:
 * stable for as long as the host is (a StatefulSet pod, a VM), unlike a process id.
 */
export function loadConfig(env: Record<string, string | undefined>, host: { name: string } = { name: hostname() }): IngestConfig {
  let e: Static<typeof IngestEnv>
  try {
    e = envSchema<Static<typeof IngestEnv>>({ schema: IngestEnv, data: env, env: false })
  } catch (err) {
    throw new ConfigError(`Invalid ingest configuration: ${(err as Error).message}`, { cause: err })
  }
  if (e.DB_RETRY_MAX_MS < e.DB_RETRY_MIN_MS) throw new ConfigError('Invalid ingest configuration: DB_RETRY_MAX_MS must be at least DB_RETRY_MIN_MS')
  const instanceId = e.INGEST_INSTANCE_ID ?? host.name
  return {
    db: { url: e.DATABASE_URL, poolMax: e.DB_POOL_MAX, retryMinMs: e.DB_RETRY_MIN_MS, retryMaxMs: e.DB_RETRY_MAX_MS },
    mqtt: {
      url: e.MQTT_URL,
      clientId: e.MQTT_CLIENT_ID ?? `masar-ingest-${instanceId}`.slice(0, 128),
      username: e.MQTT_USERNAME,
      password: e.MQTT_PASSWORD,
      protocolVersion: e.MQTT_PROTOCOL_VERSION,
      shareGroup: e.MQTT_SHARE_GROUP,
      topicFilter: e.MQTT_TOPIC_FILTER,
      sessionExpirySeconds: e.MQTT_SESSION_EXPIRY_S,
      keepaliveSeconds: e.MQTT_KEEPALIVE_S,
      leaveGroupOnStop: e.MQTT_LEAVE_GROUP_ON_STOP && e.MQTT_SHARE_GROUP !== '',
    },
    batch: { maxRows: e.INGEST_BATCH_MAX_ROWS, maxWaitMs: e.INGEST_BATCH_MAX_WAIT_MS, maxBufferedMessages: e.INGEST_MAX_BUFFERED_MESSAGES, writeMethod: e.INGEST_WRITE_METHOD },
    pings: { ...toPingLimits(e), rejectPayloadKeepBytes: e.INGEST_REJECT_PAYLOAD_KEEP_BYTES },
    vehicleRate: toVehicleRate(e),
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    log: { level: e.LOG_LEVEL },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    sources: sourcesConfigOf(e, env),
  }
}

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

/** SOURCES_FEEDS, every mistake named. */
function parseFeeds(text: string | undefined, defaultAgency: string): FeedSourceConfig[] {
  if (!text?.trim()) return []
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new ConfigError(`Invalid ingest configuration: SOURCES_FEEDS is not JSON (${(err as Error).message})`)
  }
  if (!Array.isArray(value)) throw new ConfigError('Invalid ingest configuration: SOURCES_FEEDS must be a JSON array of feeds')
  const ids = new Set<string>()
  return value.map((feed: Record<string, unknown>, index) => {
    const where = `SOURCES_FEEDS[${index}]`
    if (typeof feed !== 'object' || feed === null) throw new ConfigError(`Invalid ingest configuration: ${where} must be an object`)
    const { id, kind, url, intervalS = 10, header, agencyId = defaultAgency, autoRegister = true } = feed
    if (typeof id !== 'string' || !IDENTIFIER.test(id) || ids.has(id)) throw new ConfigError(`Invalid ingest configuration: ${where}.id must be a unique identifier (letters, digits, "_", "-", ".")`)
    ids.add(id)
    if (kind !== 'gtfs-rt' && kind !== 'siri-vm') throw new ConfigError(`Invalid ingest configuration: ${where}.kind must be "gtfs-rt" or "siri-vm"`)
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new ConfigError(`Invalid ingest configuration: ${where}.url must be an http(s) URL`)
    if (typeof intervalS !== 'number' || !(intervalS >= 1 && intervalS <= 3600)) throw new ConfigError(`Invalid ingest configuration: ${where}.intervalS must be 1–3600 seconds`)
    if (header !== undefined && (typeof header !== 'string' || !/^[A-Za-z0-9-]+:\s*\S/.test(header))) throw new ConfigError(`Invalid ingest configuration: ${where}.header must be "Name: value"`)
    if (typeof agencyId !== 'string' || !IDENTIFIER.test(agencyId)) throw new ConfigError(`Invalid ingest configuration: ${where}.agencyId must be an identifier`)
    if (typeof autoRegister !== 'boolean') throw new ConfigError(`Invalid ingest configuration: ${where}.autoRegister must be true or false`)
    const colon = typeof header === 'string' ? header.indexOf(':') : -1
    return {
      id, kind, url, intervalMs: intervalS * 1000, agencyId, autoRegister,
      header: typeof header === 'string' ? { name: header.slice(0, colon).trim(), value: header.slice(colon + 1).trim() } : null,
    }
  })
}

function sourcesConfigOf(e: Static<typeof IngestEnv>, env: Record<string, string | undefined>): SourcesConfig {
  if (e.SOURCES_AUTH === 'open' && env.NODE_ENV === 'production') throw new ConfigError('Invalid ingest configuration: SOURCES_AUTH=open takes fixes without a token; it is for demos, not NODE_ENV=production')
  const feeds = parseFeeds(e.SOURCES_FEEDS, e.SOURCES_AGENCY)
  const any = e.SOURCES_HTTP_PORT !== undefined || e.SOURCES_TRACCAR_MQTT || feeds.length > 0
  if (any && e.SOURCES_AUTH === 'provisioned' && !e.SOURCES_CREDENTIALS_DIR) {
    throw new ConfigError('Invalid ingest configuration: the sources need SOURCES_CREDENTIALS_DIR (where npm run provision keeps the trackers\' and sources\' logins), or SOURCES_AUTH=open for a demo')
  }
  return {
    http: e.SOURCES_HTTP_PORT === undefined ? null : { host: e.SOURCES_HTTP_HOST, port: e.SOURCES_HTTP_PORT },
    auth: e.SOURCES_AUTH,
    credentialsDir: e.SOURCES_CREDENTIALS_DIR ?? null,
    autoRegister: e.SOURCES_AUTO_REGISTER,
    agencyId: e.SOURCES_AGENCY,
    traccarMqtt: e.SOURCES_TRACCAR_MQTT,
    feeds,
    bodyLimitBytes: e.SOURCES_BODY_LIMIT_BYTES,
    publishTimeoutMs: e.SOURCES_PUBLISH_TIMEOUT_MS,
  }
}
