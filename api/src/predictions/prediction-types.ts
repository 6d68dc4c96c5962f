/**
 * The words predictions are made of, shared by the predictor, the accuracy log, the repositories and the eval.
 * Times are epoch milliseconds unless a name says otherwise.
 */

/**
 * The layers of issue #6, each measurable on its own: the timetable moved by the current deviation (baseline);
 * learned running and dwell times by hour and day type; those corrected in real time by a Kalman filter over the
 * most recent traversals of the same segments.
 */
export const PREDICTION_METHODS = ['schedule', 'learned', 'kalman'] as const
export type PredictionMethod = (typeof PREDICTION_METHODS)[number]

/**
 * Naive baselines the eval predicts beside Masar's methods, on the same ground truth (issue #18), never served to
 * riders nor stored (prediction_outcomes holds Masar's three): `timetable`, the schedule alone (no deviation);
 * `segments`, each stop-to-stop segment's median of its last 3 traversals that service day, plus the learned dwell,
 * from the bus's current position (baseline-predictor.ts). `schedule` (timetable + current deviation) is the third.
 */
export const BASELINE_METHODS = ['timetable', 'segments'] as const
export type BaselineMethod = (typeof BASELINE_METHODS)[number]
/** Any method the prediction service can run: Masar's, or a baseline the eval enables. */
export type AnyPredictionMethod = PredictionMethod | BaselineMethod

export const isBaselineMethod = (method: AnyPredictionMethod): method is BaselineMethod => (BASELINE_METHODS as readonly string[]).includes(method)

/** The method riders and the GTFS-Realtime feed are given. */
export const SERVED_METHOD: PredictionMethod = 'kalman'

/** One bus going from one stop to the next of its trip: what the learned layer learns from. */
export interface SegmentTraversal {
  feedId: number | null
  vehicleId: string
  routeId: string
  tripId: string
  serviceDate: string
  fromStopId: string
  toStopId: string
  /** 1-based position of the from-stop in the trip. */
  fromStopIndex: number
  /** Left the from-stop, reached the to-stop. */
  departedAtMs: number
  arrivedAtMs: number
  /** How long the bus stood at the from-stop (departure − arrival there), null when it was not seen arriving. */
  dwellS: number | null
  /** Local (agency zone) day type and hour of the departure. */
  dayType: DayType
  hourOfDay: number
}

/** Service days that run alike: working days, and the two weekend days (Friday and Saturday in Amman). */
export type DayType = 'weekday' | 'weekend-1' | 'weekend-2'

/** Running and dwell statistics of one segment in one hour of one day type, as the hourly aggregate gives them. */
export interface SegmentStatsRow {
  fromStopId: string
  toStopId: string
  dayType: DayType
  hourOfDay: number
  traversals: number
  runningSumS: number
  runningSumSqS: number
  dwells: number
  dwellSumS: number
  dwellSumSqS: number
}

/** One logged prediction matched with what happened. Error = actual − predicted (positive: the bus came later). */
export interface PredictionOutcome {
  method: AnyPredictionMethod
  vehicleId: string
  tripId: string
  serviceDate: string
  stopId: string
  stopIndex: number
  madeAtMs: number
  predictedMs: number
  actualMs: number
  /** The p10–p90 range given with the prediction. */
  lowMs: number
  highMs: number
}
