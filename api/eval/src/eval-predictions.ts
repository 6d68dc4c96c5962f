import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { readTrace } from '@masar/simulators/replay/read-trace'
import { serviceDateAt } from '@masar/simulators/fleet/run-fleet'
import { serviceDayOriginMs } from '@masar/model/gtfs/service-day'
import type { StopEvent } from '@masar/api/stop-events/detect-stop-events'
import type { PredictorOptions } from '@masar/api/predictions/arrival-predictor'
import { horizonMsOf, summariseOutcomes, type AccuracyTable, type HorizonBy, type ScoredPrediction } from '@masar/api/predictions/accuracy-table'
import { DENSE_SAMPLE_HORIZONS_MIN } from '@masar/api/predictions/prediction-log'
import type { AnyPredictionMethod, PredictionOutcome } from '@masar/api/predictions/prediction-types'
import type { TraceRecord } from '@masar/simulators/replay/trace-record'
import { ArrivalCoverage, type CoverageRow } from './arrival-coverage.js'
import { splitTrace, type TraceSplit } from './trace-days.js'
import { operatorPredictionsByStopId, scoreVehicleStopPredictions, type OperatorPredictionInput, type VehicleStopPrediction, type VehicleStopScored } from './score-operator-predictions.js'
import { pairedPredictions } from './paired-predictions.js'
import { ReplayPipeline } from './replay-pipeline.js'
import { runSimulatedDay } from './simulated-day.js'
import { JourneyTrips } from '@masar/api/matching/journey-trips'
import { replayTraceRecords } from './trace-replay.js'
import { MatchingAccuracy, type MatchingReport } from './matching-accuracy.js'
import { FleetTracking } from '@masar/api/fleet/fleet-tracking'
import type { VehiclePing } from '@masar/model/telemetry/ping'

/**
 * The prediction eval, through the api's pipeline on a simulated clock, deterministic:
 * - a simulated day, seeded: watched from its first pull-out as the api would, predictions scored from the start
 *   time against the simulator's true arrivals, after training days the predictor learns from unscored;
 * - a recorded trace, scored against the stop events Masar detects in it, with the operator's own predictions
 *   scored the same way where the trace carries them.
 */
export type EvalSource =
  | { kind: 'simulation'; seed: string; startMs: number; durationS: number; vehicles?: number; trainDays: number; truthBy?: 'vehicle' | 'trip' }
  | {
    kind: 'trace'
    /** One file, or several (one per day, as CapMetrics'), read as one trace. */
    path: string | readonly string[]
    agencyId: string
    timeZone?: string
    operatorPredictions?: OperatorPredictionInput[]
    /** Learn across days, test on a later day: the test day is scored, the days before it only teach. */
    split?: { testDay: string; trainDays?: number }
    /** Only these records (a few routes, for a short eval in the tests). */
    keep?: (record: TraceRecord) => boolean
    /** Drop each record's trip, route and journey before the pipeline sees them (positions only). */
    hideDeclaredTrips?: boolean
  }

/** Every method the eval scores: the naive baselines beside Masar's three, on the same ground truth. */
export const EVAL_PREDICTION_METHODS = ['timetable', 'schedule', 'segments', 'learned', 'kalman'] as const satisfies readonly AnyPredictionMethod[]

export interface EvalOptions {
  schedule: Schedule
  source: EvalSource
  tickMs?: number
  predictor?: Partial<PredictorOptions>
  onProgress?: (message: string) => void
}

export type EvalMethod = AnyPredictionMethod | 'operator'

export interface EvalResult {
  table: AccuracyTable<EvalMethod>
  methods: EvalMethod[]
  outcomes: PredictionOutcome[]
  operatorOutcomes: VehicleStopScored<'operator'>[]
  pings: number
  refused: number
  stopEvents: number
  vehicles: number
  learnedSegments: number
  /** Per method and horizon bucket: the share of observed arrivals that got a prediction in it (arrival-coverage.ts). */
  coverage: CoverageRow<EvalMethod>[]
  /** Where a multi-day trace was split: the test day and the days learned from. */
  split: Omit<TraceSplit, 'records'> | null
  /** Mean absolute error of predictions made 5–10 min ahead (the target range), by method. */
  mae5to10S: Partial<Record<EvalMethod, number | null>>
  /**
   * With an operator's predictions: Masar's methods asked at the moments the operator predicted, for the same
   * vehicle and stop, scored against the same arrivals (like against like).
   */
  operatorComparison: AccuracyTable<EvalMethod> | null
  operatorComparisonMae5to10S: Partial<Record<EvalMethod, number | null>> | null
  /**
   * Stricter still: only the moments, vehicles and stops every method predicted, each pair in the bucket of the
   * true time to arrival (in operatorComparison each prediction is in the bucket of its own horizon, so a bucket
   * may hold one system's prediction of an arrival and not the other's).
   */
  operatorPaired: AccuracyTable<EvalMethod> | null
  operatorPairedMae5to10S: Partial<Record<EvalMethod, number | null>> | null
  /** On a trace naming the operator's trips: how often matching found them (declared to it or hidden). */
  matching: MatchingReport | null
}

/** Mean absolute error of predictions made 5–10 min ahead (by predicted horizon, or by the true one), by method. */
function maeBetween5And10(scored: readonly ScoredPrediction<EvalMethod>[], methods: readonly EvalMethod[], horizonBy: HorizonBy = 'predicted'): Partial<Record<EvalMethod, number | null>> {
  const mae: Partial<Record<EvalMethod, number | null>> = {}
  const within = (o: ScoredPrediction<EvalMethod>) => {
    const horizonMs = horizonMsOf(o, horizonBy)
    return horizonMs >= 5 * 60_000 && horizonMs < 10 * 60_000
  }
  for (const method of methods) {
    const errors = scored.filter((o) => o.method === method && within(o)).map((o) => Math.abs(o.actualMs - o.predictedMs) / 1000)
    mae[method] = errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : null
  }
  return mae
}

const DAY_MS = 86_400_000

export async function evalPredictions(options: EvalOptions): Promise<EvalResult> {
  const { schedule, source } = options
  const outcomes: PredictionOutcome[] = []
  const stopEvents: StopEvent[] = []
  // With the trips hidden, predictions are still scored against the arrivals on the operator's trips: those a
  // second tracking finds with the trips declared (the pipeline's own, on the trips it matched, only teach it).
  const hidden = source.kind === 'trace' && source.hideDeclaredTrips === true
  const observed = (events: readonly StopEvent[]) => {
    stopEvents.push(...events)
    coverage.observe(events)
  }
  const pipeline = new ReplayPipeline(schedule, {
    methods: EVAL_PREDICTION_METHODS, predictor: options.predictor, tickMs: options.tickMs ?? 30_000, scoreOnStopEvents: source.kind === 'trace' && !hidden, log: { sampleHorizonsMin: DENSE_SAMPLE_HORIZONS_MIN, keepMs: 3 * 3600_000 },
    onOutcomes: (scored) => void (pipeline.predicting && outcomes.push(...scored)),
    onStopEvents: (events) => void (hidden || observed(events)),
  })
  const operatorTracking = hidden ? new FleetTracking(schedule, (events) => {
    observed(events)
    for (const e of events) pipeline.service.arrived(e.tripId, e.serviceDate, e.stopIndex, e.arrivalMs)
  }) : null
  let matching: MatchingReport | null = null
  const coverage = new ArrivalCoverage(pipeline.fleet)
  let scoredFromMs = Number.NEGATIVE_INFINITY
  let split: TraceSplit | null = null
  const operator = source.kind === 'trace' && source.operatorPredictions ? operatorPredictionsByStopId(schedule, source.operatorPredictions) : []
  const probes: VehicleStopPrediction<AnyPredictionMethod>[] = []
  let pings = 0
  let refused = 0
  let vehicles = 0
  if (source.kind === 'simulation') {
    // Each day runs from its first pull-out, as the api would have watched it; predictions are made from the start.
    const runDay = async (seed: string, startMs: number, scored: boolean) => {
      const fromMs = startOfService(schedule, startMs)
      pipeline.predictFromMs = startMs
      return runSimulatedDay({ schedule, pipeline, seed, startMs: fromMs, durationS: source.durationS + (startMs - fromMs) / 1000, vehicles: source.vehicles, scoreWithTruth: true, truthBy: scored ? source.truthBy : undefined })
    }
    for (let day = source.trainDays; day >= 1; day--) {
      // training days end before the scored day starts: the predictor learns, nothing is scored
      pipeline.predicting = day === 1 // the last training day predicts (unscored) so the error spread is learned
      options.onProgress?.(`training day ${source.trainDays - day + 1} of ${source.trainDays}`)
      await runDay(`${source.seed}:train:${day}`, source.startMs - day * DAY_MS, false)
    }
    outcomes.length = 0
    pipeline.predicting = true
    scoredFromMs = source.startMs
    options.onProgress?.('scored day')
    const day = await runDay(source.seed, source.startMs, true)
    pings = day.pings
    refused = day.refused
    vehicles = day.buses
  } else {
    const trace = await readTraces(source.path, source.timeZone)
    options.onProgress?.(`${trace.records.length} records of ${trace.vehicles} vehicles (${trace.format})`)
    let records = source.keep ? trace.records.filter(source.keep) : trace.records
    if (source.split) {
      split = splitTrace(records, schedule.timeZone, source.split.testDay, source.split.trainDays)
      records = split.records
      options.onProgress?.(`test day ${split.testDay} (${records.filter((r) => r.atMs >= split!.testFromMs).length} records), learning from ${split.trainingDays.join(', ') || 'no earlier day'}`)
    }
    // A split trace learns through its training days unscored (the last one predicts, so the error spread is learned)
    const { testFromMs = Number.NEGATIVE_INFINITY, lastTrainingFromMs = null } = split ?? {}
    scoredFromMs = testFromMs
    pipeline.predicting = lastTrainingFromMs === null || !split
    const asked = operator.slice().sort((a, b) => a.madeAtMs - b.madeAtMs)
    let next = 0
    const accuracy = new MatchingAccuracy(schedule)
    refused = replayTraceRecords(records, pipeline, source.agencyId, {
      hideDeclaredTrips: source.hideDeclaredTrips,
      afterRecord: (record, operatorTripId) => {
        if (record.atMs >= testFromMs) accuracy.observe(record, operatorTripId, pipeline.fleet.get(record.vehicleId)?.match?.tripId)
        operatorTracking?.observe(operatorPingOf(record, source.agencyId, operatorTripId))
      },
      beforeRecord: (atMs) => {
        if (lastTrainingFromMs !== null && atMs >= lastTrainingFromMs) pipeline.predicting = true
        for (; next < asked.length && asked[next]!.madeAtMs <= atMs; next++) probes.push(...probeMethods(pipeline, asked[next]!))
      },
      journeys: new JourneyTrips(schedule),
    }).refused
    pings = records.length
    vehicles = new Set(records.map((r) => r.vehicleId)).size
    const report = accuracy.report()
    matching = report.scoredPings > 0 ? report : null
  }
  const operatorOutcomes = scoreVehicleStopPredictions(operator, stopEvents)
  const methods: EvalMethod[] = [...EVAL_PREDICTION_METHODS, ...(operatorOutcomes.length ? (['operator'] as const) : [])]
  const scoredOutcomes = outcomes.filter((o) => o.madeAtMs >= scoredFromMs)
  const scored: ScoredPrediction<EvalMethod>[] = [...scoredOutcomes, ...operatorOutcomes]
  const mae5to10S = maeBetween5And10(scored, methods)
  const compared = [...scoreVehicleStopPredictions<EvalMethod>(probes, stopEvents), ...operatorOutcomes]
  const operatorComparison = operatorOutcomes.length ? summariseOutcomes<EvalMethod>(compared, methods) : null
  const paired = pairedPredictions(compared, methods)
  return {
    operatorComparison, operatorComparisonMae5to10S: operatorOutcomes.length ? maeBetween5And10(compared, methods) : null,
    operatorPaired: operatorOutcomes.length ? summariseOutcomes<EvalMethod>(paired, methods, 'actual') : null,
    operatorPairedMae5to10S: operatorOutcomes.length ? maeBetween5And10(paired, methods, 'actual') : null,
    table: summariseOutcomes(scored, methods), methods, outcomes: scoredOutcomes, operatorOutcomes,
    coverage: coverage.summarise(scoredOutcomes, EVAL_PREDICTION_METHODS, scoredFromMs),
    split: split ? { testDay: split.testDay, trainingDays: split.trainingDays, testFromMs: split.testFromMs, lastTrainingFromMs: split.lastTrainingFromMs } : null, pings, refused, stopEvents: pipeline.stopEvents, vehicles,
    learnedSegments: pipeline.service.predictor.history.segments, mae5to10S, matching,
  }
}

/** A record as its tracker would have sent it with the operator's trip declared. */
function operatorPingOf(record: TraceRecord, agencyId: string, tripId: string | null): VehiclePing {
  return {
    agencyId, vehicleId: record.vehicleId, recordedAtMs: record.atMs, lat: record.lat, lon: record.lon, speedMps: record.speedMps ?? null, bearingDeg: record.bearingDeg ?? null,
    accuracyM: null, odometerM: null, tripId, routeId: record.routeId ?? null, occupancy: null, seq: null,
  }
}

/** Every method's prediction for one vehicle at one stop, made at the moment another system made its own. */
function probeMethods(pipeline: ReplayPipeline, asked: VehicleStopPrediction<'operator'>): VehicleStopPrediction<AnyPredictionMethod>[] {
  pipeline.advanceTo(asked.madeAtMs)
  const vehicle = pipeline.fleet.get(asked.vehicleId)
  if (!vehicle?.match || pipeline.fleet.healthOf(vehicle, asked.madeAtMs) === 'offline') return []
  const stale = pipeline.fleet.healthOf(vehicle, asked.madeAtMs) === 'stale'
  const made: VehicleStopPrediction<AnyPredictionMethod>[] = []
  for (const method of EVAL_PREDICTION_METHODS) {
    for (const p of pipeline.service.predict(vehicle.match, method, asked.madeAtMs, { stale, standingForMs: pipeline.service.standingForMs(asked.vehicleId, asked.madeAtMs) })) {
      const k = p.trip.stopIds.indexOf(asked.stopId, p.fromIndex) - p.fromIndex
      if (k < 0 || k >= p.arrivalsMs.length) continue
      made.push({ method, vehicleId: asked.vehicleId, stopId: asked.stopId, madeAtMs: asked.madeAtMs, predictedMs: p.arrivalsMs[k]!, lowMs: p.lowMs[k]!, highMs: p.highMs[k]! })
      break
    }
  }
  return made
}

/** Half an hour before the first departure of the service day an instant falls in (or the instant, if earlier). */
function startOfService(schedule: Schedule, atMs: number): number {
  const serviceDate = serviceDateAt(schedule, atMs)
  const first = Math.min(...schedule.blocksOn(serviceDate).map((b) => b.trips[0]!.departures[0]!))
  return Number.isFinite(first) ? Math.min(atMs, serviceDayOriginMs(serviceDate, schedule.timeZone) + (first - 1800) * 1000) : atMs
}

/** One trace from one file or several (one per day), in time order. */
async function readTraces(path: string | readonly string[], timeZone: string | undefined): Promise<{ records: TraceRecord[]; vehicles: number; format: string }> {
  const paths = typeof path === 'string' ? [path] : path
  const traces = await Promise.all(paths.map((p) => readTrace(p, timeZone ? { timeZone } : {})))
  const records = traces.length === 1 ? traces[0]!.records : traces.flatMap((t) => t.records).sort((a, b) => a.atMs - b.atMs)
  return { records, vehicles: new Set(records.map((r) => r.vehicleId)).size, format: [...new Set(traces.map((t) => t.format.name))].join(', ') }
}
