import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { FleetState } from '../fleet/fleet-state.js'
import type { StopEvent } from '../stop-events/detect-stop-events.js'
import { ArrivalPredictor, type PredictOptions, type PredictorOptions } from './arrival-predictor.js'
import { BaselinePredictor } from './baseline-predictor.js'
import { predictFleet } from './predict-fleet.js'
import { PredictionLog, type PredictionLogOptions } from './prediction-log.js'
import { isBaselineMethod, PREDICTION_METHODS, SERVED_METHOD, type AnyPredictionMethod, type PredictionMethod, type PredictionOutcome, type SegmentTraversal } from './prediction-types.js'
import type { TripPrediction } from './trip-prediction.js'
import type { VehicleMatch } from '../matching/vehicle-match.js'
import { StandingPlaces } from '../matching/standing-since.js'

/**
 * Predictions for a live fleet, the same in the api and in the eval: learns from the stop events the fleet
 * tracking detects, predicts every method on each tick and logs samples of them, scores the samples when the
 * buses arrive (from the stop events, or from another source of truth such as the simulator's), and serves the
 * chosen method's predictions to riders and feeds.
 */
export interface PredictionServiceOptions {
  predictor?: Partial<PredictorOptions>
  log?: PredictionLogOptions
  /** Score against the stop events (the api) or only against arrivals given to `arrived` (the simulator's truth). */
  scoreOnStopEvents: boolean
  onTraversals?: (traversals: SegmentTraversal[]) => void
  onOutcomes?: (outcomes: PredictionOutcome[]) => void
  /** The methods predicted and logged each tick: Masar's three (default), and the baselines where the eval asks. */
  methods?: readonly AnyPredictionMethod[]
}

export class PredictionService {
  readonly predictor: ArrivalPredictor
  readonly baselines: BaselinePredictor
  readonly log: PredictionLog
  readonly methods: readonly AnyPredictionMethod[]
  #served: { version: number; atS: number; predictions: TripPrediction[] } | null = null
  readonly #standing = new StandingPlaces()
  /** How long a vehicle has stood where it is now. */
  readonly standingForMs = (vehicleId: string, nowMs: number): number => this.#standing.standingForMs(vehicleId, nowMs)

  constructor(readonly schedule: Schedule, private readonly fleet: FleetState, private readonly options: PredictionServiceOptions) {
    this.predictor = new ArrivalPredictor(schedule, options.predictor)
    this.baselines = new BaselinePredictor(schedule, this.predictor)
    this.log = new PredictionLog(options.log)
    this.methods = options.methods ?? PREDICTION_METHODS
    fleet.onChange((v) => {
      this.predictor.noteFix(v.vehicleId, v.fixAtMs)
      this.#standing.observe({ vehicleId: v.vehicleId, atMs: v.fixAtMs, lat: v.lat, lon: v.lon, speedMps: v.speedMps })
    })
  }

  /** Stop events as the fleet tracking detects them. */
  onStopEvents(events: readonly StopEvent[]): void {
    const traversals = this.predictor.learn(events)
    this.baselines.observe(traversals)
    if (traversals.length) this.options.onTraversals?.(traversals)
    if (this.options.scoreOnStopEvents) for (const e of events) this.arrived(e.tripId, e.serviceDate, e.stopIndex, e.arrivalMs)
  }

  /** A bus arrived at the stopIndex-th stop (1-based) of a trip: the logged predictions of it are scored. */
  arrived(tripId: string, serviceDate: string, stopIndex: number, actualMs: number): PredictionOutcome[] {
    const outcomes = this.log.arrived(tripId, serviceDate, stopIndex, actualMs)
    if (outcomes.length === 0) return outcomes
    for (const o of outcomes) this.predictor.spread.observe(o.method, o.predictedMs - o.madeAtMs, (o.actualMs - o.predictedMs) / 1000, o.actualMs >= o.lowMs && o.actualMs <= o.highMs)
    this.options.onOutcomes?.(outcomes)
    return outcomes
  }

  /** One vehicle's trips by any method: Masar's from the predictor, the baselines' from theirs. */
  predict(match: VehicleMatch, method: AnyPredictionMethod, nowMs: number, options?: PredictOptions): TripPrediction[] {
    return isBaselineMethod(method) ? this.baselines.predict(match, method, nowMs, options) : this.predictor.predict(match, method, nowMs, options)
  }

  /** Predicts every method for the fleet and logs what is due. */
  tick(nowMs: number): void {
    for (const method of this.methods) this.log.record(predictFleet(this, this.fleet, method, nowMs, this.standingForMs), nowMs)
  }

  /** The served method's predictions now (made again when the fleet moved, at most once a second). */
  served(nowMs: number, method: PredictionMethod = SERVED_METHOD): TripPrediction[] {
    const atS = Math.floor(nowMs / 1000)
    if (method !== SERVED_METHOD) return predictFleet(this.predictor, this.fleet, method, nowMs, this.standingForMs)
    if (!this.#served || this.#served.version !== this.fleet.version || this.#served.atS !== atS) {
      this.#served = { version: this.fleet.version, atS, predictions: predictFleet(this.predictor, this.fleet, method, nowMs, this.standingForMs) }
    }
    return this.#served.predictions
  }
}
