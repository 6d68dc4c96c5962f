import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import type pg from 'pg'
import type { Logger } from 'pino'
import { buildAlertsFeed } from '../alerts/alerts-feed.js'
import { listAlerts, type StoredAlert } from '../alerts/alerts.repository.js'
import type { FleetState, FleetStateOptions } from '../fleet/fleet-state.js'
import { readLatestFixes, readRecentFixes } from '../fleet/fleet.repository.js'
import { RateMeter } from '../fleet/rate-meter.js'
import { createConformanceMonitor } from '../gtfs-rt/conformance-monitor.js'
import { createFeedCache, type EncodedFeed } from '../gtfs-rt/feed-cache.js'
import { readStoredGtfsExtras } from '../gtfs-rt/stored-gtfs-extras.js'
import { buildTripUpdates } from '../gtfs-rt/trip-updates-feed.js'
import { buildVehiclePositions } from '../gtfs-rt/vehicle-positions-feed.js'
import { createPredictionWriters, startPredictions, type LivePredictions } from '../predictions/start-predictions.js'
import { EngineCore } from './engine-core.js'
import { createStopEventWriter } from '../stop-events/stop-event-writer.js'
import { publishedPrediction, type RealtimeFeedName, type RealtimeState } from './realtime-messages.js'

const { FeedMessage } = GtfsRealtimeBindings.transit_realtime

const REMATCH_WINDOW_MS = 10 * 60_000
const REMATCH_MAX_FIXES = 500_000

export interface RealtimeEngineOptions {
  pool: pg.Pool
  logger: Logger
  /** The schedule to match and predict with (null: none active; vehicles are tracked, not matched). */
  schedule: Schedule | null
  fleet: FleetStateOptions & { rebuildWindowMs: number }
  feeds: { minIntervalMs: number }
  now: () => number
  /** Who runs it (host and process), written into what it publishes. */
  engineId: string
  predictionTickMs?: number
  /** Each prediction round's duration in seconds. */
  onPredictionRound?: (seconds: number) => void
}

/**
 * Everything derived from the ping stream, for one schedule: the fleet, matching, stop events, learning and
 * predictions, and the GTFS-Realtime feeds' content. The realtime service runs one (the leader's); the prediction
 * eval runs the same object on a replayed day. It writes stop events, segment traversals and scored predictions
 * (it is their one writer) and answers what the api readers are sent: `state()` and `feed()`.
 */
export interface RealtimeEngine {
  readonly schedule: Schedule | null
  readonly fleet: FleetState
  /** Restores the fleet from the database: the last minutes matched again, each vehicle's latest fix held. */
  restore(): Promise<void>
  /** A parsed fix from the tracker stream; false when it is not newer than the one held. */
  onPing(ping: VehiclePing, receivedAtMs: number): boolean
  state(nowMs: number, leaderSinceMs: number, doneCommandIds: string[]): RealtimeState
  feed(name: RealtimeFeedName): EncodedFeed
  /** Grows whenever the state to publish may have changed. */
  readonly version: number
  reloadAlerts(): Promise<void>
  reloadCancellations(): Promise<void>
  /** Stores what is pending (stop events, traversals, scored predictions) and stops its timers. */
  close(): Promise<void>
}

export async function createRealtimeEngine(options: RealtimeEngineOptions): Promise<RealtimeEngine> {
  const { pool, schedule, now } = options
  const logger = options.logger.child({ component: 'realtime-engine', feedId: schedule?.feedId ?? null })
  const gtfsExtras = schedule ? await readStoredGtfsExtras(pool, schedule) : undefined
  const stopEvents = createStopEventWriter(pool, logger)
  const writers = createPredictionWriters(pool, logger)
  // While restoring, the stop events found again are stored (a visit already stored is kept once) but not learned
  // from a second time.
  const core = new EngineCore(schedule, {
    fleet: options.fleet, onStopEvents: (events) => stopEvents.add(events),
    predictions: { scoreOnStopEvents: true, onTraversals: writers.onTraversals, onOutcomes: writers.onOutcomes },
  })
  const { fleet } = core
  const predictions: LivePredictions = await startPredictions({ pool, logger, schedule, service: core.predictions, now, tickMs: options.predictionTickMs, flush: () => writers.close(), onRound: options.onPredictionRound })
  const pingRate = new RateMeter()

  let alerts: StoredAlert[] = await listAlerts(pool).catch((err: unknown) => {
    logger.warn({ err }, 'could not read the service alerts')
    return []
  })
  let alertsVersion = 0
  const reloadAlerts = async () => {
    alerts = await listAlerts(pool)
    alertsVersion += 1
  }
  // Alerts change through the readers' commands; this catches one missed while no leader ran.
  const alertsTimer = setInterval(() => void reloadAlerts().catch((err: unknown) => logger.warn({ err }, 'could not reload service alerts')), 60_000)
  alertsTimer.unref()

  const encode = (message: GtfsRealtimeBindings.transit_realtime.FeedMessage) => ({ bytes: FeedMessage.encode(message).finish(), json: () => message.toJSON() })
  const feeds: Record<RealtimeFeedName, { get(): EncodedFeed }> = {
    'vehicle-positions': createFeedCache({ minIntervalMs: options.feeds.minIntervalMs, version: () => fleet.version, now, build: (nowMs) => encode(buildVehiclePositions(fleet, nowMs, schedule)) }),
    // the same winner per trip as VehiclePositions (E047), predicted by the served method
    'trip-updates': createFeedCache({
      minIntervalMs: options.feeds.minIntervalMs, version: () => fleet.version + predictions.version, now,
      build: (nowMs) => encode(buildTripUpdates(predictions.served(nowMs), nowMs, predictions.cancelledTrips())),
    }),
    alerts: createFeedCache({ minIntervalMs: 0, version: () => alertsVersion, now, build: (nowMs) => encode(buildAlertsFeed(alerts, nowMs)) }),
  }
  const conformance = createConformanceMonitor({
    feeds: { vehiclePositions: () => feeds['vehicle-positions'].get(), tripUpdates: () => feeds['trip-updates'].get(), alerts: () => feeds.alerts.get() },
    schedule: () => schedule, gtfsExtras: () => gtfsExtras, everyMs: 30_000, now,
  })

  return {
    schedule,
    fleet,
    async restore() {
      // The last minutes of every vehicle's track go through matching again (a match needs several fixes), then
      // each vehicle's latest fix within the rebuild window is held. Fixes ahead of the clock are left out: a demo
      // run at a later demo hour on the same data would hold those buses still until the clock caught up.
      const startedAtMs = now()
      core.learning = false
      try {
        for (const { ping, receivedAtMs } of await readRecentFixes(pool, startedAtMs - REMATCH_WINDOW_MS, REMATCH_MAX_FIXES)) {
          if (ping.recordedAtMs <= startedAtMs) core.receive(ping, receivedAtMs)
        }
        for (const { ping, receivedAtMs } of await readLatestFixes(pool, startedAtMs - options.fleet.rebuildWindowMs)) {
          if (ping.recordedAtMs <= startedAtMs) core.receive(ping, receivedAtMs)
        }
      } finally {
        core.learning = true
      }
      logger.info({ vehicles: fleet.size }, 'fleet restored from the database')
    },
    onPing(ping, receivedAtMs) {
      if (!core.receive(ping, receivedAtMs)) return false
      pingRate.mark(receivedAtMs)
      return true
    },
    state(nowMs, leaderSinceMs, doneCommandIds) {
      return {
        format: 1, engineId: options.engineId, leaderSinceMs, publishedAtMs: nowMs, feedId: schedule?.feedId ?? null,
        staleAfterMs: options.fleet.staleAfterMs, offlineAfterMs: options.fleet.offlineAfterMs,
        vehicleCount: fleet.size, predictions: predictions.served(nowMs).map(publishedPrediction), cancelledKeys: [...predictions.cancelledKeys()],
        alerts, feedStatus: conformance.status(), pingsPerSecond: pingRate.perSecond(nowMs), doneCommandIds,
      }
    },
    feed: (name) => feeds[name].get(),
    get version() {
      return fleet.version + predictions.version + alertsVersion
    },
    reloadAlerts,
    reloadCancellations: () => predictions.reloadCancellations(),
    async close() {
      clearInterval(alertsTimer)
      await stopEvents.close()
      await predictions.close()
    },
  }
}
