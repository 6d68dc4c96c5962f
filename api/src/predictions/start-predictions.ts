import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { candidateServiceDates } from '@masar/model/gtfs/service-day'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { CancelledTrip } from '../gtfs-rt/trip-updates-feed.js'
import { tripKey } from '../matching/trip-key.js'
import type { StopEvent } from '../stop-events/detect-stop-events.js'
import { insertPredictionOutcomes } from './prediction-outcomes.repository.js'
import type { PredictionService } from './prediction-service.js'
import { createBatchWriter } from './prediction-writer.js'
import { insertSegmentTraversals, readSegmentStats } from './segment-traversals.repository.js'
import { readTripCancellations } from './trip-cancellations.repository.js'
import type { TripPrediction } from './trip-prediction.js'
import { isBaselineMethod, type PredictionOutcome, type SegmentTraversal } from './prediction-types.js'

/**
 * The api's predictions: learned running and dwell times loaded from the hourly segment statistics (the last
 * `historyDays`, reloaded every hour) and kept up with the stop events as they come; every method predicted and
 * sampled every `tickMs`, scored when the buses arrive; segment traversals and scored predictions written to the
 * database in batches; trips cancelled by dispatchers held in memory. Without a schedule, nothing is predicted.
 */
export interface LivePredictions {
  onStopEvents(events: readonly StopEvent[]): void
  served(nowMs: number): readonly TripPrediction[]
  cancelledTrips(): CancelledTrip[]
  cancelledKeys(): ReadonlySet<string>
  reloadCancellations(): Promise<void>
  /** Grows when the cancellations change (the TripUpdates feed is rebuilt). */
  readonly version: number
  close(): Promise<void>
}

export interface StartPredictionsOptions {
  pool: pg.Pool
  logger: Logger
  schedule: Schedule | null
  /** The engine's prediction service (null without a schedule). */
  service: PredictionService | null
  now: () => number
  tickMs?: number
  historyDays?: number
  /** Stores what is pending (the engine's writers of traversals and scored predictions). */
  flush?: () => Promise<void>
  /** Each prediction round's duration in seconds (every method predicting the fleet). */
  onRound?: (seconds: number) => void
}

const HISTORY_RELOAD_MS = 3600_000
const CANCELLATIONS_RELOAD_MS = 30_000

/** The writers of what predictions produce: segment traversals and scored predictions, in batches. */
export function createPredictionWriters(pool: pg.Pool, logger: Logger) {
  const traversals = createBatchWriter<SegmentTraversal>((rows) => insertSegmentTraversals(pool, rows), logger, { what: 'segment traversals' })
  const outcomes = createBatchWriter<PredictionOutcome>((rows) => insertPredictionOutcomes(pool, rows), logger, { what: 'scored predictions' })
  return {
    onTraversals: (rows: SegmentTraversal[]) => traversals.add(rows),
    // the baselines are the eval's (never enabled live); prediction_outcomes holds Masar's three methods only
    onOutcomes: (rows: PredictionOutcome[]) => outcomes.add(rows.filter((row) => !isBaselineMethod(row.method))),
    async close() {
      await traversals.close()
      await outcomes.close()
    },
  }
}

export async function startPredictions(options: StartPredictionsOptions): Promise<LivePredictions> {
  const { pool, logger, schedule, service, now } = options
  if (!schedule || !service) {
    return { onStopEvents: () => {}, served: () => [], cancelledTrips: () => [], cancelledKeys: () => new Set(), reloadCancellations: async () => {}, version: 0, close: async () => { await options.flush?.() } }
  }
  const historySinceMs = () => now() - (options.historyDays ?? 28) * 86_400_000
  const loadHistory = async () => {
    service.predictor.history.load(await readSegmentStats(pool, historySinceMs()))
  }
  await loadHistory().catch((err: unknown) => logger.warn({ err }, 'could not read the learned running times: predictions fall back to the timetable until they are learned again'))
  logger.info({ traversals: service.predictor.history.traversals, segments: service.predictor.history.segments }, 'learned running times loaded')

  let cancelled: CancelledTrip[] = []
  let cancelledKeys = new Set<string>()
  let version = 0
  const reloadCancellations = async () => {
    const rows = await readTripCancellations(pool, candidateServiceDates(now(), schedule.timeZone))
    cancelled = rows.flatMap((c) => {
      const trip = schedule.trips.get(c.tripId)
      return trip ? [{ trip, serviceDate: c.serviceDate }] : []
    })
    cancelledKeys = new Set(cancelled.map((c) => tripKey(c.serviceDate, c.trip.tripId)))
    version += 1
  }
  await reloadCancellations().catch((err: unknown) => logger.warn({ err }, 'could not read cancelled trips'))

  const tick = setInterval(() => {
    try {
      const startedAt = performance.now()
      service.tick(now())
      options.onRound?.((performance.now() - startedAt) / 1000)
    } catch (err) {
      logger.error({ err }, 'predictions could not be made this round')
    }
  }, options.tickMs ?? 15_000)
  const historyTimer = setInterval(() => void loadHistory().catch((err: unknown) => logger.warn({ err }, 'could not reload the learned running times')), HISTORY_RELOAD_MS)
  const cancellationsTimer = setInterval(() => void reloadCancellations().catch((err: unknown) => logger.warn({ err }, 'could not reload cancelled trips')), CANCELLATIONS_RELOAD_MS)
  for (const timer of [tick, historyTimer, cancellationsTimer]) timer.unref()

  return {
    onStopEvents: (events) => service.onStopEvents(events),
    served: (nowMs) => service.served(nowMs),
    cancelledTrips: () => cancelled,
    cancelledKeys: () => cancelledKeys,
    reloadCancellations,
    get version() {
      return version
    },
    async close() {
      clearInterval(tick)
      clearInterval(historyTimer)
      clearInterval(cancellationsTimer)
      await options.flush?.()
    },
  }
}
