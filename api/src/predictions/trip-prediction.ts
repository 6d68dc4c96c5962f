import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import type { AnyPredictionMethod } from './prediction-types.js'

/**
 * Predicted times at the remaining stops of one trip worked by one vehicle. The arrays run from `fromIndex` (the
 * first stop still ahead, 0-based in the trip) to the last stop predicted: `arrivalsMs[k]` is the stop at
 * `fromIndex + k`. `lowMs`/`highMs` are the p10–p90 range of each arrival.
 */
export interface TripPrediction {
  method: AnyPredictionMethod
  vehicleId: string
  trip: ScheduleTrip
  serviceDate: string
  fromIndex: number
  arrivalsMs: number[]
  departuresMs: number[]
  lowMs: number[]
  highMs: number[]
  /** The vehicle has not been heard from for a while: the times run on from its last fix, the range is wider. */
  stale: boolean
  /** The fix the prediction starts from (epoch ms). */
  fixAtMs: number
  /** The prediction's delay at its first stop against the timetable, seconds (positive: late). */
  delayS: number
}

/** The predicted arrival at a trip's stop (0-based), if the prediction covers it. */
export function predictedArrivalAt(p: TripPrediction, stopIndex: number): { atMs: number; lowMs: number; highMs: number; departureMs: number } | null {
  const k = stopIndex - p.fromIndex
  if (k < 0 || k >= p.arrivalsMs.length) return null
  return { atMs: p.arrivalsMs[k]!, lowMs: p.lowMs[k]!, highMs: p.highMs[k]!, departureMs: p.departuresMs[k]! }
}
