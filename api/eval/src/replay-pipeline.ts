import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import type { FleetState } from '@masar/api/fleet/fleet-state'
import { EngineCore } from '@masar/api/realtime/engine-core'
import type { StopEvent } from '@masar/api/stop-events/detect-stop-events'
import type { PredictionService, PredictionServiceOptions } from '@masar/api/predictions/prediction-service'

/**
 * The realtime engine's derivation (EngineCore, the object production runs) on a simulated clock: fixes go through
 * the fleet state and matching, stop events teach the predictor, and every `tickMs` of simulated time all methods
 * predict the fleet and the log samples them. Nothing reads the wall clock: the same input gives the same output.
 */
export interface ReplayPipelineOptions extends Omit<PredictionServiceOptions, 'onTraversals'> {
  tickMs: number
  onStopEvents?: (events: readonly StopEvent[]) => void
}

export class ReplayPipeline {
  readonly core: EngineCore
  /** Predictions are made (and sampled) only while this is on: a training day learns without being scored. */
  predicting = true
  /** ...and only from this instant: before it the pipeline watches the buses pull out, as the engine would have. */
  predictFromMs = Number.NEGATIVE_INFINITY
  #nextTickMs: number | null = null

  constructor(readonly schedule: Schedule, private readonly options: ReplayPipelineOptions) {
    this.core = new EngineCore(schedule, { fleet: { staleAfterMs: 60_000, offlineAfterMs: 5 * 60_000 }, predictions: options, onStopEvents: options.onStopEvents })
  }

  get fleet(): FleetState {
    return this.core.fleet
  }

  get service(): PredictionService {
    return this.core.predictions!
  }

  get stopEvents(): number {
    return this.core.stopEvents
  }

  get pings(): number {
    return this.core.pings
  }

  /** Moves the clock on, ticking predictions on the way. */
  advanceTo(nowMs: number): void {
    if (this.#nextTickMs === null) this.#nextTickMs = Math.ceil(nowMs / this.options.tickMs) * this.options.tickMs
    while (this.#nextTickMs <= nowMs) {
      if (this.predicting && this.#nextTickMs >= this.predictFromMs) this.core.tick(this.#nextTickMs)
      this.#nextTickMs += this.options.tickMs
    }
  }

  /** A fix received at receivedAtMs (the engine ignores one older than the vehicle's latest). */
  receive(ping: VehiclePing, receivedAtMs: number): void {
    this.advanceTo(receivedAtMs)
    this.core.receive(ping, receivedAtMs)
  }
}
