import type { FleetState } from '../fleet/fleet-state.js'
import { tripWinners } from '../gtfs-rt/trip-claims.js'
import { tripKey } from '../matching/trip-key.js'
import type { VehicleMatch } from '../matching/vehicle-match.js'
import type { PredictOptions } from './arrival-predictor.js'
import type { AnyPredictionMethod } from './prediction-types.js'
import type { TripPrediction } from './trip-prediction.js'

/** What predicts one vehicle's trips by a method: the ArrivalPredictor (Masar's methods), the baselines, or both. */
export interface VehiclePredictor<M extends AnyPredictionMethod> {
  predict(match: VehicleMatch, method: M, nowMs: number, options?: PredictOptions): TripPrediction[]
}

/**
 * Predictions for the whole fleet by one method: one vehicle per trip (the same winner as the feeds), each
 * vehicle's trips from where it is, a later trip of its block only while no other bus works that trip. Offline
 * vehicles are withdrawn; stale ones are predicted from their last fix and flagged.
 */
export function predictFleet<M extends AnyPredictionMethod>(predictor: VehiclePredictor<M>, fleet: FleetState, method: M, nowMs: number, standingForMs: (vehicleId: string, nowMs: number) => number = () => 0): TripPrediction[] {
  const winners = tripWinners(fleet, nowMs)
  const vehicles = [...fleet.all()]
    .filter((v) => v.match?.tripId && v.match.serviceDate && winners.get(tripKey(v.match.serviceDate, v.match.tripId)) === v.vehicleId)
    .sort((a, b) => (a.vehicleId < b.vehicleId ? -1 : 1))
  const claimed = new Set<string>()
  const predictions: TripPrediction[] = []
  for (const vehicle of vehicles) {
    const stale = fleet.healthOf(vehicle, nowMs) === 'stale'
    for (const p of predictor.predict(vehicle.match!, method, nowMs, { stale, standingForMs: standingForMs(vehicle.vehicleId, nowMs) })) {
      const key = tripKey(p.serviceDate, p.trip.tripId)
      const worker = winners.get(key)
      if (claimed.has(key) || (worker !== undefined && worker !== vehicle.vehicleId)) break // another vehicle works it: its own prediction stands
      claimed.add(key)
      predictions.push(p)
    }
  }
  return predictions
}
