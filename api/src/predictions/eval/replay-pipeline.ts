import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import { FleetState } from '../../fleet/fleet-state.js'
import { FleetTracking } from '../../fleet/fleet-tracking.js'
import type { StopEvent } from '../../stop-events/detect-stop-events.js'
import { PredictionService, type PredictionServiceOptions } from '../prediction-service.js'

/**
 * The api's live path in one process on a simulated clock: fixes go through the fleet state and matching as the
 * api's subscriber sends them, stop events teach the predictor, and every `tickMs` of simulated time all methods
 * predict the fleet and the log samples them. Nothing reads the wall clock: the same input gives the same output.
 */
export interface ReplayPipelineOptions extends Omit<PredictionServiceOptions, 'onTraversals'> {
  tickMs: number
  onStopEvents?: (events: readonly StopEvent[]) => void
}

export class ReplayPipeline {
  readonly fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 5 * 60_000 })
  readonly tracking: FleetTracking
  readonly service: PredictionService
  /** Predictions are made (and sampled) only while this is on: a training day learns without being scored. */
  predicting = true
  /** ...and only from this instant: before it the pipeline watches the buses pull out, as the api would have. */
  predictFromMs = Number.NEGATIVE_INFINITY
  stopEvents = 0
  pings = 0
  #nextTickMs: number | null = null

  constructor(readonly schedule: Schedule, private readonly options: ReplayPipelineOptions) {
    this.service = new PredictionService(schedule, this.fleet, options)
    this.tracking = new FleetTracking(schedule, (events) => {
      this.stopEvents += events.length
      options.onStopEvents?.(events)
      this.service.onStopEvents(events)
    })
  }

  /** Moves the clock on, ticking predictions on the way. */
  advanceTo(nowMs: number): void {
    if (this.#nextTickMs === null) this.#nextTickMs = Math.ceil(nowMs / this.options.tickMs) * this.options.tickMs
    while (this.#nextTickMs <= nowMs) {
      if (this.predicting && this.#nextTickMs >= this.predictFromMs) this.service.tick(this.#nextTickMs)
      this.#nextTickMs += this.options.tickMs
    }
  }

  /** A fix received at receivedAtMs (the api ignores one older than the vehicle's latest). */
  receive(ping: VehiclePing, receivedAtMs: number): void {
    this.advanceTo(receivedAtMs)
    this.pings += 1
    if (!this.fleet.isNewer(ping)) return
    this.fleet.apply(ping, receivedAtMs, this.tracking.observe(ping))
  }
}
