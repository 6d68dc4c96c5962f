import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type pg from 'pg'
import { registerAlertRoutes } from '../alerts/alerts-plugin.js'
import type { Auth } from '../auth/auth.js'
import { registerAuthRoutes } from '../auth/auth-plugin.js'
import type { FleetState } from '../fleet/fleet-state.js'
import type { ApiMetrics } from '../metrics.js'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { registerDispatchRoutes } from '../dispatch/dispatch-plugin.js'
import { registerLadderRoutes } from '../ladder/ladder-plugin.js'
import { registerRiderRoutes } from '../riders/riders-plugin.js'
import type { EncodedFeed } from '../gtfs-rt/feed-cache.js'
import type { FeedStatus } from '../gtfs-rt/conformance-monitor.js'
import { installErrorHandling } from './api-errors.js'
import { recordRequestMetrics } from './record-request-metrics.js'
import { registerFeedRoutes } from '../feeds/feeds-plugin.js'
import { registerLiveRoutes } from '../live/live-plugin.js'
import { registerDocs } from './register-docs.js'
import { createDatabaseRateLimit, registerRateLimits } from './register-rate-limits.js'
import type { SharedRateLimit } from './shared-rate-limit.js'
import { fastifyTrustProxy } from './trust-proxy.js'
import { lazyRequestLogger } from './lazy-request-logger.js'
import { registerSecurity } from './register-security.js'
import { rejectNonFiniteNumbers } from './reject-non-finite-numbers.js'
import { redactingChild } from '../log-redaction.js'
import { registerVehicleRoutes } from '../fleet/fleet-plugin.js'
import { registerPredictionRoutes } from '../predictions/predictions-plugin.js'
import { registerTimeRoutes } from './time-plugin.js'
import { registerDashboard } from './register-dashboard.js'
import { checkResponses } from './check-responses.js'
import { HealthResponse, ReadyResponse } from '@masar/model/api/health'
import { arrivalsAt } from '../predictions/arrivals-at-stop.js'
import type { TripPrediction } from '../predictions/trip-prediction.js'
import type { AccuracyTable } from '../predictions/accuracy-table.js'
import type { StoredAlert } from '../alerts/alerts.repository.js'

export interface ApiServerDeps {
  logger: Logger
  pool: pg.Pool
  fleet: FleetState
  vehiclePositions: () => EncodedFeed
  tripUpdates: () => EncodedFeed
  feedStatus: () => FeedStatus
  alertsFeed: () => EncodedFeed
  onAlertsChange: () => Promise<void>
  auth: Auth
  metrics: ApiMetrics
  /** The active schedule now: it changes when a new GTFS feed is activated. */
  schedule: () => Schedule | null
  pingsPerSecond: () => number
  /** TimescaleDB is there (time_bucket), or plain PostgreSQL (date_bin). */
  timescale: boolean
  notReadyReasons: () => string[]
  feedMaxAgeS: number
  /** Requests a minute per client IP on every public route. */
  rateLimitPerMinute: number
  /** The reverse proxies whose X-Forwarded-For is believed (TRUST_PROXY); none by default. */
  trustProxy?: readonly string[]
  /** The request counts shared with the other replicas; by default in this database, synced every second. */
  rateLimit?: SharedRateLimit
  /** Browser origins allowed on the dispatcher and admin endpoints besides the api's own (API_CORS_ORIGINS). */
  corsOrigins?: readonly string[]
  now?: () => number
  /** The served predictions now, the trips cancelled (tripKey), the service alerts held. */
  predictions: (nowMs: number) => readonly TripPrediction[]
  cancelledTrips: () => ReadonlySet<string>
  alerts: () => readonly StoredAlert[]
  /** Prediction accuracy since an instant (the prediction log's outcomes). */
  predictionAccuracy: (sinceMs: number) => Promise<AccuracyTable>
  /** Cancels or restores a trip for a service day (a dispatcher's decision), then the feeds follow. */
  onTripCancellationChange: () => Promise<void>
  /** Check every JSON answer against its response schema (API_CHECK_RESPONSES: tests, staging). */
  checkResponses?: boolean
  /** The built dashboard served at / (dashboard/dist). */
  dashboardDir?: string
}

/** Every request body (JSON: alerts, cancellations, sign-in, SMS) fits in 64 KB; a larger one is a 413. */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024

export async function buildApiServer(deps: ApiServerDeps): Promise<FastifyInstance> {
  const logger = redactingChild(deps.logger, { component: 'api-http' })
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), bodyLimit: JSON_BODY_LIMIT_BYTES,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } }, trustProxy: fastifyTrustProxy(deps.trustProxy ?? []),
    childLoggerFactory: lazyRequestLogger,
  })
  const now = deps.now ?? Date.now
  installErrorHandling(app)
  recordRequestMetrics(app, deps.metrics.httpRequestSeconds)
  await registerSecurity(app, { corsOrigins: deps.corsOrigins ?? [] })
  rejectNonFiniteNumbers(app)
  await registerDocs(app)
  if (deps.checkResponses) checkResponses(app)
  const rateLimit = deps.rateLimit ?? createDatabaseRateLimit({ pool: deps.pool, now, onSyncError: (err) => logger.warn({ err }, 'could not share the rate-limit counts (limiting on this replica\'s own)') })
  registerRateLimits(app, { perMinute: deps.rateLimitPerMinute }, { auth: deps.auth, limit: rateLimit })
  app.get('/healthz', { schema: { tags: ['health'], operationId: 'getHealth', summary: 'The process is up', response: { 200: HealthResponse } } }, async () => ({ status: 'ok' as const }))
  app.get('/readyz', { schema: { tags: ['health'], operationId: 'getReadiness', summary: 'Ready to serve: connected to the broker and the database, not shutting down (503 with the reasons otherwise)', response: { 200: ReadyResponse, 503: ReadyResponse } } }, async (_request, reply) => {
    const reasons = deps.notReadyReasons()
    return reply.code(reasons.length ? 503 : 200).send({ ready: reasons.length === 0, reasons })
  })
  app.get('/metrics', { schema: { tags: ['health'], operationId: 'getMetrics', summary: 'Prometheus metrics', response: { 200: { description: 'the Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } } } }, async (_request, reply) =>
    reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()))
  registerFeedRoutes(app, { pool: deps.pool, vehiclePositions: deps.vehiclePositions, tripUpdates: deps.tripUpdates, alerts: deps.alertsFeed, status: deps.feedStatus, maxAgeS: deps.feedMaxAgeS })
  registerAuthRoutes(app, { pool: deps.pool, auth: deps.auth, now })
  registerTimeRoutes(app, now)
  registerVehicleRoutes(app, deps.fleet, now, deps.auth, { pool: deps.pool, timescale: deps.timescale })
  const arrivalsOf = (stopId: string, nowMs: number, horizonMs: number, lang?: string) =>
    ((schedule) => (schedule ? arrivalsAt({ schedule, fleet: deps.fleet, predictions: deps.predictions(nowMs), cancelled: deps.cancelledTrips() }, stopId, nowMs, horizonMs, lang) : []))(deps.schedule())
  registerRiderRoutes(app, { schedule: deps.schedule, fleet: deps.fleet, now, arrivalsAt: arrivalsOf, predictions: deps.predictions, alerts: deps.alerts })
  registerPredictionRoutes(app, { pool: deps.pool, auth: deps.auth, schedule: deps.schedule, now, accuracy: deps.predictionAccuracy, onCancellationChange: deps.onTripCancellationChange })
  registerDispatchRoutes(app, { pool: deps.pool, fleet: deps.fleet, schedule: deps.schedule, auth: deps.auth, now, pingsPerSecond: deps.pingsPerSecond })
  registerLadderRoutes(app, { pool: deps.pool, schedule: deps.schedule, auth: deps.auth, now })
  registerAlertRoutes(app, { pool: deps.pool, auth: deps.auth, onChange: deps.onAlertsChange })
  await registerLiveRoutes(app, deps.fleet, now, deps.metrics, deps.schedule, arrivalsOf)
  if (deps.dashboardDir) await registerDashboard(app, deps.dashboardDir)
  return app
}
