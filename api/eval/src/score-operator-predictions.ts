import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { StopEvent } from '@masar/api/stop-events/detect-stop-events'
import type { ScoredPrediction } from '@masar/api/predictions/accuracy-table'

/**
 * Predictions of when a vehicle reaches a stop (an operator's SIRI ExpectedArrivalTime, or Masar's asked at the
 * same moments) scored against the arrival Masar detected for that vehicle at that stop: the first after the
 * prediction was made (or just before: a bus already standing there), within two hours. Predictions of arrivals
 * never seen are left out. Stops may be named by their code, as SIRI does.
 */
export interface VehicleStopPrediction<M extends string> {
  method: M
  vehicleId: string
  stopId: string
  madeAtMs: number
  predictedMs: number
  /** The p10–p90 range, when the predictor gives one (an operator's SIRI does not). */
  lowMs?: number
  highMs?: number
}

/** A scored prediction of one vehicle at one stop. */
export type VehicleStopScored<M extends string> = ScoredPrediction<M> & { vehicleId: string; stopId: string }

export interface OperatorPredictionInput {
  vehicleId: string
  stopCode: string
  madeAtMs: number
  predictedMs: number
}

const WITHIN_MS = 2 * 3600_000
const ALREADY_THERE_MS = 60_000

/** The operator's predictions with their stops named by stop_id. */
export function operatorPredictionsByStopId(schedule: Schedule, predictions: readonly OperatorPredictionInput[]): VehicleStopPrediction<'operator'>[] {
  const stopIdByCode = new Map<string, string>()
  for (const stop of schedule.stops.values()) if (stop.code) stopIdByCode.set(stop.code, stop.stopId)
  return predictions.map((p) => ({ method: 'operator', vehicleId: p.vehicleId, stopId: stopIdByCode.get(p.stopCode) ?? p.stopCode, madeAtMs: p.madeAtMs, predictedMs: p.predictedMs }))
}

export function scoreVehicleStopPredictions<M extends string>(predictions: readonly VehicleStopPrediction<M>[], stopEvents: readonly StopEvent[]): VehicleStopScored<M>[] {
  const arrivals = new Map<string, number[]>()
  for (const e of stopEvents) {
    const key = `${e.vehicleId}\u0000${e.stopId}`
    const list = arrivals.get(key)
    if (list) list.push(e.arrivalMs)
    else arrivals.set(key, [e.arrivalMs])
  }
  for (const list of arrivals.values()) list.sort((a, b) => a - b)
  const scored: VehicleStopScored<M>[] = []
  for (const p of predictions) {
    const actualMs = arrivals.get(`${p.vehicleId}\u0000${p.stopId}`)?.find((at) => at >= p.madeAtMs - ALREADY_THERE_MS && at <= p.madeAtMs + WITHIN_MS)
    if (actualMs === undefined || p.predictedMs < p.madeAtMs) continue
    scored.push({ method: p.method, vehicleId: p.vehicleId, stopId: p.stopId, madeAtMs: p.madeAtMs, predictedMs: p.predictedMs, actualMs, lowMs: p.lowMs ?? p.predictedMs, highMs: p.highMs ?? p.predictedMs })
  }
  return scored
}
