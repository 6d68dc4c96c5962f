import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { basemapPlugin } from '../basemap/basemap-plugin.js'
import { alertsPlugin } from '../alerts/alerts-plugin.js'
import { authPlugin } from '../auth/auth-plugin.js'
import { dispatchPlugin } from '../dispatch/dispatch-plugin.js'
import { sourcesPlugin } from '../sources/sources-plugin.js'
import { ladderPlugin } from '../ladder/ladder-plugin.js'
import { ridersPlugin } from '../riders/riders-plugin.js'
import { feedsPlugin } from '../feeds/feeds-plugin.js'
import { livePlugin } from '../live/live-plugin.js'
import type { LiveLimits } from '../live/live-limits.js'
import { fleetPlugin } from '../fleet/fleet-plugin.js'
import { predictionsPlugin } from '../predictions/predictions-plugin.js'
import { timePlugin } from './time-plugin.js'
import { readAccuracyTable } from '../predictions/prediction-outcomes.repository.js'
import type { RealtimeView } from '../realtime/realtime-view.js'
import type { RealtimeFeedName } from '../realtime/realtime-messages.js'
import { ApiError, installErrorHandling } from './api-errors.js'
import type { Logger } from 'pino'
import type pg from 'pg'
import type { Auth } from '../auth/auth.js'
import type { ApiMetrics } from '../metrics.js'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { EncodedFeed } from '../gtfs-rt/feed-cache.js'
import { recordRequestMetrics } from './record-request-metrics.js'
import { registerDocs } from './register-docs.js'
import { createDatabaseRateLimit, registerRateLimits } from './register-rate-limits.js'
import type { SharedRateLimit } from './shared-rate-limit.js'
import { fastifyTrustProxy } from './trust-proxy.js'
import { lazyRequestLogger } from './lazy-request-logger.js'
import { registerSecurity } from './register-security.js'
import { rejectNonFiniteNumbers } from './reject-non-finite-numbers.js'
import { redactingChild } from '../log-redaction.js'
import { registerDashboard } from './register-dashboard.js'
import { checkResponses } from './check-responses.js'
import { recordRoutes } from './route-table.js'
import { HealthResponse, ReadyResponse } from '@masar/model/api/health'
import { arrivalsAt } from '../predictions/arrivals-at-stop.js'

/** What a reader serves of the realtime engine: the parts of its view the routes read. */
export type RealtimeReader = Pick<RealtimeView, 'fleet' | 'feed' | 'feedStatus' | 'predictions' | 'cancelledKeys' | 'alerts' | 'pingsPerSecond' | 'command'>

/** The api's HTTP settings (parsed once from the environment, ApiConfig['http']) and what the database has. */
export interface AppOptions {
  /** `Cache-Control: max-age` of the GTFS-Realtime feeds. */
  feedMaxAgeS: number
  /** Requests a minute per client IP on every public route. */
  rateLimitPerMinute: number
  /** The reverse proxies whose X-Forwarded-For is believed (TRUST_PROXY); none by default. */
  trustProxy?: readonly string[]
  /** Browser origins allowed on the dispatcher and admin endpoints besides the api's own (API_CORS_ORIGINS). */
  corsOrigins?: readonly string[]
  /** Check every JSON answer against its response schema (API_CHECK_RESPONSES: tests, staging). */
  checkResponses?: boolean
  /** The built dashboard served at / (dashboard/dist). */
  dashboardDir?: string
  /** TimescaleDB is there (time_bucket), or plain PostgreSQL (date_bin). */
  timescale: boolean
  /** Serve the OpenAPI document and the browsable docs at /docs (API_DOCS; default true). */
  docs?: boolean
  /** The SMS gateway's shared secret (SMS_GATEWAY_SECRET); null or absent: the SMS webhook is off. */
  smsGatewaySecret?: string | null
  /** The request counts shared with the other replicas; by default in this database, synced every second. */
  rateLimit?: SharedRateLimit
  /** What the live stream holds (LIVE_*): DEFAULT_LIVE_LIMITS by default. */
  live?: LiveLimits
  /** The sources listener's public URL (SOURCES_PUBLIC_URL) and when a polled feed is silent; by default none and 2 min. */
  sources?: { publicUrl: string | null; silentAfterMs: number }
  /** MAP_STYLE_URL and its origin when another host's (the CSP's connect-src), MAP_DATA_DIR and MAP_PMTILES; by default the api's own basemap. */
  map?: { styleUrl: string | null; styleOrigin: string | null; dataDir?: string | null; pmtiles?: string | null }
}

/**
 * What the api needs, a handful: the database, what the realtime engine published, the active schedule, who is
 * signed in, the metrics, the settings, readiness. Tests build it and `inject` requests without a server.
 */
export interface AppDeps {
  logger: Logger
  pool: pg.Pool
  realtime: RealtimeReader
  schedule: () => Schedule | null
  auth: Auth
  metrics: ApiMetrics
  options: AppOptions
  notReadyReasons: () => string[]
  now?: () => number
}

/** Every request body (JSON: alerts, cancellations, sign-in, SMS) fits in 64 KB; a larger one is a 413. */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { pool, realtime, auth, options } = deps
  const logger = redactingChild(deps.logger, { component: 'api-http' })
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), bodyLimit: JSON_BODY_LIMIT_BYTES,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } }, trustProxy: fastifyTrustProxy(options.trustProxy ?? []),
    childLoggerFactory: lazyRequestLogger,
  })
  const now = deps.now ?? Date.now
  recordRoutes(app)
  // What every feature shares, on the root so that each feature's plugin inherits it: errors, metrics, security
  // headers and CORS, the number check, the OpenAPI document, rate limits.
  installErrorHandling(app)
  recordRequestMetrics(app, deps.metrics.httpRequestSeconds)
  await registerSecurity(app, { corsOrigins: options.corsOrigins ?? [], mapStyleOrigin: options.map?.styleOrigin ?? null })
  rejectNonFiniteNumbers(app)
  await registerDocs(app, { serve: options.docs ?? true })
  if (options.checkResponses) checkResponses(app)
  const rateLimit = options.rateLimit ?? createDatabaseRateLimit({ pool, now, onSyncError: (err) => logger.warn({ err }, 'could not share the rate-limit counts (limiting on this replica\'s own)') })
  registerRateLimits(app, { perMinute: options.rateLimitPerMinute }, { auth, limit: rateLimit })
  app.get('/healthz', { schema: { tags: ['health'], operationId: 'getHealth', summary: 'The process is up', response: { 200: HealthResponse } } }, async () => ({ status: 'ok' as const }))
  app.get('/readyz', { schema: { tags: ['health'], operationId: 'getReadiness', summary: 'Ready to serve: connected to the broker and the database, not shutting down (503 with the reasons otherwise)', response: { 200: ReadyResponse, 503: ReadyResponse } } }, async (_request, reply) => {
    const reasons = deps.notReadyReasons()
    return reply.code(reasons.length ? 503 : 200).send({ ready: reasons.length === 0, reasons })
  })
  // /metrics is not here: it has a port of its own (METRICS_PORT, start-api.ts), which no Ingress routes to.

  // What the engine published; until it has, a clear 503 rather than a feed made up here.
  const feedOf = (name: RealtimeFeedName) => (): EncodedFeed => {
    const feed = realtime.feed(name)
    if (!feed) throw new ApiError('API_REALTIME_NOT_READY', 'the realtime engine has not published this feed yet: try again in a few seconds')
    return feed
  }
  const feedStatus = () => {
    const status = realtime.feedStatus()
    if (!status) throw new ApiError('API_REALTIME_NOT_READY', 'the realtime engine has not checked its feeds yet: try again in a few seconds')
    return status
  }
  // A dispatcher's change reaches the feeds through the engine: answered once the engine confirms it.
  const askEngine = (type: 'reload-alerts' | 'reload-cancellations') => async () => {
    if (!(await realtime.command(type))) logger.warn({ type }, 'the realtime engine did not confirm in time: the change shows when it next publishes')
  }
  const { fleet } = realtime
  const arrivalsOf = (stopId: string, nowMs: number, horizonMs: number, lang?: string) =>
    ((schedule) => (schedule ? arrivalsAt({ schedule, fleet, predictions: realtime.predictions(), cancelled: realtime.cancelledKeys() }, stopId, nowMs, horizonMs, lang) : []))(deps.schedule())

  // One plugin per feature, each owning its routes (and, in its folder, its logic and repository).
  await app.register(feedsPlugin, { pool, vehiclePositions: feedOf('vehicle-positions'), tripUpdates: feedOf('trip-updates'), alerts: feedOf('alerts'), status: feedStatus, maxAgeS: options.feedMaxAgeS })
  await app.register(authPlugin, { pool, auth, now })
  await app.register(timePlugin, { now })
  await app.register(fleetPlugin, { fleet, schedule: deps.schedule, now, auth, history: { pool, timescale: options.timescale } })
  await app.register(ridersPlugin, { schedule: deps.schedule, fleet, now, arrivalsAt: arrivalsOf, predictions: () => realtime.predictions(), alerts: () => realtime.alerts(), smsGatewaySecret: options.smsGatewaySecret ?? null })
  await app.register(predictionsPlugin, { pool, auth, schedule: deps.schedule, now, accuracy: (sinceMs) => readAccuracyTable(pool, sinceMs), onCancellationChange: askEngine('reload-cancellations') })
  await app.register(dispatchPlugin, { pool, fleet, schedule: deps.schedule, auth, now, pingsPerSecond: () => realtime.pingsPerSecond() })
  await app.register(sourcesPlugin, { pool, auth, now, publicUrl: options.sources?.publicUrl ?? null, silentAfterMs: options.sources?.silentAfterMs ?? 120_000 })
  await app.register(ladderPlugin, { pool, schedule: deps.schedule, auth, now })
  await app.register(alertsPlugin, { pool, auth, onChange: askEngine('reload-alerts') })
  await app.register(basemapPlugin, { schedule: deps.schedule, styleUrl: options.map?.styleUrl ?? null, dataDir: options.map?.dataDir ?? null, pmtiles: options.map?.pmtiles ?? null })
  await app.register(livePlugin, { fleet, now, metrics: deps.metrics, auth, schedule: deps.schedule, arrivalsOf, limits: options.live })
  if (options.dashboardDir) await registerDashboard(app, options.dashboardDir)
  return app
}
