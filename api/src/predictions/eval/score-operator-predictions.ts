import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { StopEvent } from '../../stop-events/detect-stop-events.js'
import type { ScoredPrediction } from '../accuracy-table.js'

/**
 * Another system's predictions (an operator's SIRI ExpectedArrivalTime) scored like Masar's: against the arrival
 * Masar detected for that vehicle at that stop (the first after the prediction was made, within two hours).
 * Stops are named by their code, as SIRI does. Predictions of arrivals never seen are left out, as Masar's are.
 */
export interface OperatorPredictionInput {
  vehicleId: string
  stopCode: string
  madeAtMs: number
  predictedMs: number
}

const WITHIN_MS = 2 * 3600_000
/** A bus already standing at the stop when the prediction was made arrived a little before it. */
const ALREADY_THERE_MS = 60_000

export function scoreOperatorPredictions(schedule: Schedule, predictions: readonly OperatorPredictionInput[], stopEvents: readonly StopEvent[]): Array<ScoredPrediction<'operator'> & { stopId: string }> {
  const stopIdByCode = new Map<string, string>()
  for (const stop of schedule.stops.values()) if (stop.code) stopIdByCode.set(stop.code, stop.stopId)
  const arrivals = new Map<string, number[]>()
  for (const e of stopEvents) {
    const key = `${e.vehicleId}\u0000${e.stopId}`
    const list = arrivals.get(key)
    if (list) list.push(e.arrivalMs)
    else arrivals.set(key, [e.arrivalMs])
  }
  for (const list of arrivals.values()) list.sort((a, b) => a - b)
  const scored: Array<ScoredPrediction<'operator'> & { stopId: string }> = []
  for (const p of predictions) {
    const stopId = stopIdByCode.get(p.stopCode) ?? p.stopCode
    const actualMs = arrivals.get(`${p.vehicleId}\u0000${stopId}`)?.find((at) => at >= p.madeAtMs - ALREADY_THERE_MS && at <= p.madeAtMs + WITHIN_MS)
    if (actualMs === undefined || p.predictedMs < p.madeAtMs) continue
    // the operator gives no range: its p10–p90 is the prediction itself
    scored.push({ method: 'operator', stopId, madeAtMs: p.madeAtMs, predictedMs: p.predictedMs, actualMs, lowMs: p.predictedMs, highMs: p.predictedMs })
  }
  return scored
}
