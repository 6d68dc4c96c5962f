import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import type { Logger } from 'pino'
import type pg from 'pg'
import type { ApiConfig } from './config.js'
import { FleetState } from './fleet/fleet-state.js'
import { readLatestFixes, readRecentFixes } from './fleet/fleet.repository.js'
import { hasTimescale } from './fleet/history.repository.js'
import { createApiMetrics } from './metrics.js'
import { loadSchedule } from '@masar/gtfs/schedule/load-schedule'
import { FleetTracking } from './fleet/fleet-tracking.js'
import { RateMeter } from './fleet/rate-meter.js'
import { createConformanceMonitor } from './gtfs-rt/conformance-monitor.js'
import { readStoredGtfsExtras } from './gtfs-rt/stored-gtfs-extras.js'
import { buildTripUpdates } from './gtfs-rt/trip-updates-feed.js'
import { startPredictions } from './predictions/start-predictions.js'
import { readAccuracyTable } from './predictions/prediction-outcomes.repository.js'
import { createStopEventWriter } from './stop-events/stop-event-writer.js'
import { subscribeToFleet, type FleetSubscriber } from './fleet/fleet-subscriber.js'
import { createFeedCache } from './gtfs-rt/feed-cache.js'
import { buildVehiclePositions } from './gtfs-rt/vehicle-positions-feed.js'
import { buildApiServer } from './http/build-api-server.js'
import { buildAlertsFeed } from './alerts/alerts-feed.js'
import { listAlerts, type StoredAlert } from './alerts/alerts.repository.js'
import { createAuth } from './auth/auth.js'
import { createFirstAdmin } from './auth/auth-routes.js'
import { randomBytes } from 'node:crypto'

const { FeedMessage } = GtfsRealtimeBindings.transit_realtime

const REMATCH_WINDOW_MS = 10 * 60_000
const REMATCH_MAX_FIXES = 500_000

export interface ApiDeps {
  config: ApiConfig
  logger: Logger
  pool: pg.Pool
  now?: () => number
}

export interface Api {
  url: string
  fleet: FleetState
  /** The admin created on this first start, if one was. */
  firstAdmin: { username: string; password: string } | null
  stop(): Promise<void>
}

/**
 * The api: the fleet restored from the database (the latest fix of every vehicle heard from within the rebuild
 * window, so a restart is invisible), then kept live from the tracker stream, served over HTTP.
 */
export async function startApi(deps: ApiDeps): Promise<Api> {
  const { config, pool } = deps
  const logger = deps.logger.child({ component: 'api' })
  const now = deps.now ?? Date.now
  const fleet = new FleetState(config.fleet)
  const schedule = await loadSchedule(pool).catch((err: unknown) => {
    logger.warn({ err }, 'no active GTFS feed: vehicles are tracked but not matched to trips (import one with gtfs:import)')
    return null
  })
  const gtfsExtras = schedule ? await readStoredGtfsExtras(pool, schedule) : undefined
  const stopEvents = createStopEventWriter(pool, logger)
  const predictions = await startPredictions({ pool, logger, schedule, fleet, now })
  const tracking = new FleetTracking(schedule, (events) => {
    stopEvents.add(events)
    predictions.onStopEvents(events)
  })
  // The last minutes of every vehicle's track go through matching again (a match needs several fixes), then
  // each vehicle's latest fix within the rebuild window is held, so a restart is invisible.
  // Fixes ahead of the clock are left out: a demo run at a later demo hour on the same data would hold those buses
  // still (a fix older than the one held is ignored) until the clock caught up.
  const startedAtMs = now()
  for (const { ping, receivedAtMs } of await readRecentFixes(pool, startedAtMs - REMATCH_WINDOW_MS, REMATCH_MAX_FIXES)) if (ping.recordedAtMs <= startedAtMs) fleet.apply(ping, receivedAtMs, tracking.observe(ping))
  const restored = await readLatestFixes(pool, startedAtMs - config.fleet.rebuildWindowMs)
  for (const { ping, receivedAtMs } of restored) if (ping.recordedAtMs <= startedAtMs && fleet.isNewer(ping)) fleet.apply(ping, receivedAtMs, tracking.observe(ping))
  logger.info({ vehicles: fleet.size }, 'fleet restored from the database')

  const metrics = createApiMetrics(fleet, now)
  const pingRate = new RateMeter()
  const subscriber: FleetSubscriber = await subscribeToFleet(config.mqtt, (ping, receivedAtMs) => {
    if (!fleet.isNewer(ping)) return metrics.pingsIgnored.inc()
    fleet.apply(ping, receivedAtMs, tracking.observe(ping))
    metrics.pingsApplied.inc()
    pingRate.mark(receivedAtMs)
  }, now)
  const vehiclePositions = createFeedCache({
    minIntervalMs: config.feeds.minIntervalMs, version: () => fleet.version, now,
    build: (nowMs) => {
      const message = buildVehiclePositions(fleet, nowMs, schedule)
      return { bytes: FeedMessage.encode(message).finish(), json: () => message.toJSON() }
    },
  })
  const firstAdminCreated = await createFirstAdmin(pool, config.auth.firstAdmin)
  if (firstAdminCreated) logger.info({ username: config.auth.firstAdmin!.username }, 'first admin account created')
  if (!config.auth.tokenSecret) logger.warn('API_TOKEN_SECRET is not set: tokens are signed with a random secret and end when this process does')
  const auth = await createAuth({ pool, secret: config.auth.tokenSecret ?? randomBytes(32).toString('base64url'), tokenTtlS: config.auth.tokenTtlS, now })

  // Alerts are few: held in memory, reloaded when one changes here and every 30 s (another instance may change them).
  let alerts: StoredAlert[] = await listAlerts(pool)
  let alertsVersion = 0
  const reloadAlerts = async () => {
    alerts = await listAlerts(pool)
    alertsVersion += 1
  }
  const alertsTimer = setInterval(() => void reloadAlerts().catch((err: unknown) => logger.warn({ err }, 'could not reload service alerts')), 30_000)
  const alertsFeed = createFeedCache({
    minIntervalMs: 0, version: () => alertsVersion, now,
    build: (nowMs) => {
      const message = buildAlertsFeed(alerts, nowMs)
      return { bytes: FeedMessage.encode(message).finish(), json: () => message.toJSON() }
    },
  })

  const tripUpdates = createFeedCache({
    minIntervalMs: config.feeds.minIntervalMs, version: () => fleet.version + predictions.version, now,
    build: (nowMs) => {
      // the same winner per trip as VehiclePositions (E047), predicted by the served method
      const message = buildTripUpdates(predictions.served(nowMs), nowMs, predictions.cancelledTrips())
      return { bytes: FeedMessage.encode(message).finish(), json: () => message.toJSON() }
    },
  })
  const conformance = createConformanceMonitor({
    feeds: { vehiclePositions: () => vehiclePositions.get(), tripUpdates: () => tripUpdates.get(), alerts: () => alertsFeed.get() },
    schedule: () => schedule, gtfsExtras: () => gtfsExtras, everyMs: 30_000, now,
  })

  const app = await buildApiServer({
    logger, pool, fleet, vehiclePositions: () => vehiclePositions.get(), tripUpdates: () => tripUpdates.get(), feedStatus: () => conformance.status(), alertsFeed: () => alertsFeed.get(), auth, metrics, schedule, pingsPerSecond: () => pingRate.perSecond(now()), timescale: await hasTimescale(pool),
    onAlertsChange: reloadAlerts, feedMaxAgeS: Math.max(1, Math.round(config.feeds.minIntervalMs / 1000)), rateLimitPerMinute: config.http.rateLimitPerMinute, corsOrigins: config.http.corsOrigins, now,
    notReadyReasons: () => (subscriber.connected ? [] : ['not connected to the MQTT broker']),
    predictions: (nowMs) => predictions.served(nowMs), cancelledTrips: () => predictions.cancelledKeys(), alerts: () => alerts,
    predictionAccuracy: (sinceMs) => readAccuracyTable(pool, sinceMs), onTripCancellationChange: () => predictions.reloadCancellations(), dashboardDir: config.http.dashboardDir,
  })
  const address = await app.listen({ host: config.http.host, port: config.http.port })
  logger.info({ url: address }, 'api listening')
  let stopped = false
  return {
    url: address,
    fleet,
    firstAdmin: firstAdminCreated ? config.auth.firstAdmin : null,
    async stop() {
      if (stopped) return
      stopped = true
      clearInterval(alertsTimer)
      await app.close()
      await subscriber.close()
      await stopEvents.close()
      await predictions.close()
    },
  }
}
