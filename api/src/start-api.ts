import type { Logger } from 'pino'
import type pg from 'pg'
import { randomBytes } from 'node:crypto'
import { loadSchedule } from '@masar/gtfs/schedule/load-schedule'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { ApiConfig } from './config.js'
import type { FleetState } from './fleet/fleet-state.js'
import { hasTimescale } from './fleet/history.repository.js'
import { createApiMetrics } from './metrics.js'
import { buildApp } from './http/build-app.js'
import type { RouteEntry } from './http/route-table.js'
import { startOpsServer } from './http/ops-server.js'
import { createAuth } from './auth/auth.js'
import { createFirstAdmin } from './auth/auth-plugin.js'
import { followApiKeyChanges, isEmbeddedDatabase } from './auth/api-key-changes.js'
import { createPasswordHasher, DEFAULT_SCRYPT_N } from './auth/passwords.js'
import { followRealtime, type RealtimeView } from './realtime/realtime-view.js'
import { setTimeout as sleep } from 'node:timers/promises'
import { watchDatabase } from './db/database-health.js'
import { createReadiness } from './readiness.js'

/** How often each reader reads the API keys again by default (API_KEYS_RELOAD_MS), besides on each change it hears of. */
export const API_KEYS_RELOAD_MS = 15_000
/** On the embedded database (one process, no NOTIFY between connections) the keys are read again this often. */
const EMBEDDED_API_KEYS_POLL_MS = 1_000
/** How long the start waits for the API key watch to listen before going on without (it keeps trying). */
const API_KEYS_WATCH_START_MS = 10_000

export interface ApiDeps {
  config: ApiConfig
  logger: Logger
  pool: pg.Pool
  now?: () => number
}

export interface Api {
  url: string
  /** Where /metrics is served: a port of its own (METRICS_PORT), never the public one. */
  metricsUrl: string
  fleet: FleetState
  /** What this reader follows of the realtime engine. */
  realtime: RealtimeView
  /** Every route it serves, HTTP and WebSocket (for tests that walk them all). */
  routes: readonly RouteEntry[]
  /** The admin created on this first start, if one was. */
  firstAdmin: { username: string; password: string } | null
  /** /readyz answers 503 from now on (still serving), for `ms`: the load balancer's time to stop sending requests. */
  drain(ms: number, signal?: string): Promise<void>
  /** Closes the server once the requests in flight are answered, then the broker connection; the pool is the caller's. */
  stop(): Promise<void>
}

/**
 * The api, a stateless reader: it derives nothing from the ping stream itself but follows what the realtime
 * engine publishes (the fleet, predictions, the encoded feeds), and reads the database for the rest. Any number of
 * replicas answer the same bytes and ETags for the same published version.
 */
export async function startApi(deps: ApiDeps): Promise<Api> {
  const { config, pool } = deps
  const logger = deps.logger.child({ component: 'api' })
  const now = deps.now ?? Date.now
  let schedule: Schedule | null = await loadSchedule(pool).catch((err: unknown) => {
    logger.warn({ err }, 'no active GTFS feed: arrivals and routes are empty until one is imported (gtfs:import)')
    return null
  })
  // The reader holds the schedule the engine runs on: when a new feed is activated the engine switches, and each
  // reader follows it (its predictions name the new feed's trips).
  let loadingFeedId: number | null = null
  const followFeed = (feedId: number | null) => {
    if (feedId === null || feedId === (schedule?.feedId ?? null) || feedId === loadingFeedId) return
    loadingFeedId = feedId
    loadSchedule(pool, feedId).then((next) => {
      schedule = next
      logger.info({ feedId }, 'following the realtime engine onto a newly activated GTFS feed')
    }, (err: unknown) => logger.error({ err, feedId }, 'could not load the GTFS feed the realtime engine runs on'))
      .finally(() => { loadingFeedId = null })
  }
  const realtime = await followRealtime({
    mqtt: config.mqtt, engineKey: config.realtime.engineKey, fleet: config.fleet, schedule: () => schedule, logger, onFeedChanged: followFeed,
  })
  const database = watchDatabase({ pool, logger })
  const metrics = createApiMetrics(realtime.fleet, now, {
    pool, databaseAvailable: () => database.available,
    feeds: { 'vehicle-positions': () => realtime.feed('vehicle-positions'), 'trip-updates': () => realtime.feed('trip-updates') },
  })
  const passwords = createPasswordHasher({ n: config.auth.scryptN })
  if (passwords.n < DEFAULT_SCRYPT_N) logger.warn({ scryptN: passwords.n }, `API_PASSWORD_SCRYPT_N is below ${DEFAULT_SCRYPT_N}: password hashes are cheaper to crack (for tests only)`)
  const firstAdminCreated = await createFirstAdmin(pool, config.auth.firstAdmin, passwords)
  if (firstAdminCreated) logger.info({ username: config.auth.firstAdmin!.username }, 'first admin account created')
  if (!config.auth.tokenSecret) logger.warn('API_TOKEN_SECRET is not set: tokens are signed with a random secret and end when this process does')
  const auth = await createAuth({ pool, secret: config.auth.tokenSecret ?? randomBytes(32).toString('base64url'), tokenTtlS: config.auth.tokenTtlS, now, passwords, databaseAvailable: () => database.available })
  // An API key made or revoked through another replica: reloaded here when its NOTIFY arrives, and periodically.
  const apiKeyChanges = followApiKeyChanges({
    source: (await isEmbeddedDatabase(pool)) ? { kind: 'poll', everyMs: EMBEDDED_API_KEYS_POLL_MS } : { kind: 'listen', connectionString: config.db.url },
    reload: () => auth.reloadApiKeys(), reloadEveryMs: config.auth.apiKeysReloadMs, log: logger,
  })
  const watchStart = setTimeout(() => logger.warn('the API key watch is not listening yet: going on (revoked keys are refused elsewhere within API_KEYS_RELOAD_MS until it is)'), API_KEYS_WATCH_START_MS)
  await Promise.race([apiKeyChanges.ready, sleep(API_KEYS_WATCH_START_MS)])
  clearTimeout(watchStart)

  const readiness = createReadiness([() => realtime.notReadyReasons(), () => database.notReadyReasons()])
  const app = await buildApp({
    logger, pool, realtime, schedule: () => schedule, auth, metrics, notReadyReasons: readiness.notReadyReasons, now,
    options: {
      feedMaxAgeS: Math.max(1, Math.round(config.feeds.minIntervalMs / 1000)), rateLimitPerMinute: config.http.rateLimitPerMinute, trustProxy: config.http.trustProxy,
      corsOrigins: config.http.corsOrigins, checkResponses: config.http.checkResponses, dashboardDir: config.http.dashboardDir, timescale: await hasTimescale(pool),
      live: config.live,
      docs: config.http.docs, smsGatewaySecret: config.sms.gatewaySecret, sources: config.sources, map: config.map,
    },
  })
  if (!config.sms.gatewaySecret) logger.warn('SMS_GATEWAY_SECRET is not set: the SMS webhook (POST /api/v1/sms/inbound) is off')
  const address = await app.listen({ host: config.http.host, port: config.http.port })
  const metricsServer = await startOpsServer({ host: config.metrics.host, port: config.metrics.port, logger, registry: metrics.registry }).catch(async (err: unknown) => {
    await app.close()
    throw err
  })
  logger.info({ url: address, metricsUrl: metricsServer.url }, 'api listening')
  let stopped = false
  return {
    url: address,
    metricsUrl: metricsServer.url,
    fleet: realtime.fleet,
    realtime,
    routes: app.routeTable,
    firstAdmin: firstAdminCreated ? config.auth.firstAdmin : null,
    async drain(ms, signal) {
      readiness.startDraining()
      logger.info({ signal, drainMs: ms }, 'stopping: /readyz answers 503 while the load balancer lets go')
      await sleep(ms)
    },
    async stop() {
      if (stopped) return
      stopped = true
      database.stop()
      await apiKeyChanges.close()
      await metricsServer.close()
      await app.close()
      await realtime.close()
    },
  }
}
