import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import { FleetState, type FleetStateOptions } from '../fleet/fleet-state.js'
import { FleetTracking } from '../fleet/fleet-tracking.js'
import { PredictionService, type PredictionServiceOptions } from '../predictions/prediction-service.js'
import type { ScheduledStopEvent } from '../stop-events/stop-events.repository.js'

export interface EngineCoreOptions {
  fleet: FleetStateOptions
  /** How predictions learn, predict and score (null: no predictions, as without a schedule). */
  predictions: PredictionServiceOptions
  /** Stop events as they are detected (the realtime engine stores them). */
  onStopEvents?: (events: ScheduledStopEvent[]) => void
}

/**
 * The derivation at the heart of the realtime engine, with no clock, timer or database of its own: each fix goes
 * through the fleet state and matching, the stop events found teach the predictor, and `tick` has every method
 * predict the fleet (sampled for scoring). The realtime engine wraps it with storage and publishing; the prediction
 * eval drives the same object on a replayed day, so what is measured is what runs.
 */
export class EngineCore {
  readonly fleet: FleetState
  readonly tracking: FleetTracking
  readonly predictions: PredictionService | null
  /** Off while the engine restores from the database: the stop events found again are not learned a second time. */
  learning = true
  pings = 0
  stopEvents = 0

  constructor(readonly schedule: Schedule | null, options: EngineCoreOptions) {
    this.fleet = new FleetState(options.fleet)
    this.predictions = schedule ? new PredictionService(schedule, this.fleet, options.predictions) : null
    this.tracking = new FleetTracking(schedule, (events) => {
      this.stopEvents += events.length
      options.onStopEvents?.(events)
      if (this.learning) this.predictions?.onStopEvents(events)
    })
  }

  /** A fix received at receivedAtMs; false when it is not newer than the vehicle's latest (late or repeated). */
  receive(ping: VehiclePing, receivedAtMs: number): boolean {
    this.pings += 1
    if (!this.fleet.isNewer(ping)) return false
    this.fleet.apply(ping, receivedAtMs, this.tracking.observe(ping))
    return true
  }

  /** Every method predicts the fleet now, and the log samples what is due. */
  tick(nowMs: number): void {
    this.predictions?.tick(nowMs)
  }
}
