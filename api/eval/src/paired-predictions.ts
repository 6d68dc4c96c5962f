import type { VehicleStopScored } from './score-operator-predictions.js'

/**
 * Like against like, strictly: only the predictions of a vehicle at a stop made at a moment for which every method
 * has one scored (the first, where a method gave several), so that every method is judged on the same arrivals.
 */
export function pairedPredictions<M extends string>(scored: readonly VehicleStopScored<M>[], methods: readonly M[]): VehicleStopScored<M>[] {
  const byMoment = new Map<string, Map<M, VehicleStopScored<M>>>()
  for (const p of scored) {
    const key = `${p.vehicleId}\u0000${p.stopId}\u0000${p.madeAtMs}`
    let methodsAt = byMoment.get(key)
    if (!methodsAt) byMoment.set(key, (methodsAt = new Map()))
    if (!methodsAt.has(p.method)) methodsAt.set(p.method, p)
  }
  const paired: VehicleStopScored<M>[] = []
  for (const methodsAt of byMoment.values()) if (methods.every((m) => methodsAt.has(m))) for (const m of methods) paired.push(methodsAt.get(m)!)
  return paired
}
