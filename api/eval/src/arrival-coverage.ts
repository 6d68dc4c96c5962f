import type { FleetState } from '@masar/api/fleet/fleet-state'
import { HORIZON_BUCKETS, horizonBucketOf, type HorizonBucket } from '@masar/api/predictions/horizon-buckets'
import type { StopEvent } from '@masar/api/stop-events/detect-stop-events'
import type { PredictionOutcome } from '@masar/api/predictions/prediction-types'

/**
 * Coverage: of the arrivals observed (stop events) in the scored window, the share that got at least one scored
 * prediction in each horizon bucket they could have had. An arrival could have had a bucket when its bus had been
 * in service (matched to a trip, running it or on layover before it, heard from at least every 5 min) since the
 * middle of the bucket's window before it, and that moment is inside the scored window. A prediction is in the
 * bucket of its predicted time to arrival (as the accuracy table).
 */
const OFFLINE_AFTER_MS = 5 * 60_000

interface Serving {
  sinceMs: number
  lastMs: number
}

interface ObservedArrival {
  key: string
  arrivalMs: number
  servingSinceMs: number
}

export interface CoverageRow<M extends string> {
  method: M
  bucket: HorizonBucket['label']
  eligible: number
  covered: number
  share: number | null
}

const stopKey = (serviceDate: string, tripId: string, stopIndex: number) => `${serviceDate}\u0000${tripId}\u0000${stopIndex}`

export class ArrivalCoverage {
  readonly #serving = new Map<string, Serving>()
  readonly #arrivals: ObservedArrival[] = []

  constructor(fleet: FleetState) {
    fleet.onChange((v) => {
      const inService = v.match?.tripId && (v.match.status === 'in-service' || v.match.status === 'layover')
      const serving = this.#serving.get(v.vehicleId)
      if (!inService) this.#serving.delete(v.vehicleId)
      else if (!serving || v.fixAtMs - serving.lastMs > OFFLINE_AFTER_MS) this.#serving.set(v.vehicleId, { sinceMs: v.fixAtMs, lastMs: v.fixAtMs })
      else serving.lastMs = Math.max(serving.lastMs, v.fixAtMs)
    })
  }

  /** Stop events as they are detected. */
  observe(events: readonly StopEvent[]): void {
    for (const e of events) {
      const serving = this.#serving.get(e.vehicleId)
      this.#arrivals.push({ key: stopKey(e.serviceDate, e.tripId, e.stopIndex), arrivalMs: e.arrivalMs, servingSinceMs: serving ? Math.min(serving.sinceMs, e.arrivalMs) : e.arrivalMs })
    }
  }

  /** Per method and bucket, over the arrivals of [fromMs, untilMs). */
  summarise<M extends string>(outcomes: readonly Pick<PredictionOutcome, 'method' | 'serviceDate' | 'tripId' | 'stopIndex' | 'madeAtMs' | 'predictedMs'>[], methods: readonly M[], fromMs: number, untilMs = Number.POSITIVE_INFINITY): CoverageRow<M>[] {
    const predicted = new Set<string>()
    for (const o of outcomes) {
      const bucket = horizonBucketOf(o.predictedMs - o.madeAtMs)
      if (bucket) predicted.add(`${o.method}\u0000${bucket.label}\u0000${stopKey(o.serviceDate, o.tripId, o.stopIndex)}`)
    }
    const rows: CoverageRow<M>[] = []
    const arrivals = this.#arrivals.filter((a) => a.arrivalMs >= fromMs && a.arrivalMs < untilMs)
    for (const method of methods) {
      for (const bucket of HORIZON_BUCKETS) {
        const leadMs = ((bucket.fromMin + bucket.toMin) / 2) * 60_000
        const eligible = arrivals.filter((a) => a.servingSinceMs <= a.arrivalMs - leadMs && a.arrivalMs - leadMs >= fromMs)
        const covered = eligible.filter((a) => predicted.has(`${method}\u0000${bucket.label}\u0000${a.key}`)).length
        rows.push({ method, bucket: bucket.label, eligible: eligible.length, covered, share: eligible.length ? covered / eligible.length : null })
      }
    }
    return rows
  }
}
