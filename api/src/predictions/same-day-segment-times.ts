import type { SegmentTraversal } from './prediction-types.js'

/**
 * The last few running times of each stop-to-stop segment on one service day: what the naive `segments` baseline
 * predicts from (the median of the last 3). A segment's first traversal of a new service day forgets the day before.
 */
const KEEP = 3

interface SegmentDay {
  serviceDate: string
  runningS: number[]
}

const segmentKey = (from: string, to: string) => `${from}\u0000${to}`

export class SameDaySegmentTimes {
  readonly #segments = new Map<string, SegmentDay>()

  observe(t: SegmentTraversal): void {
    const key = segmentKey(t.fromStopId, t.toStopId)
    const runningS = (t.arrivedAtMs - t.departedAtMs) / 1000
    const day = this.#segments.get(key)
    if (!day || day.serviceDate !== t.serviceDate) {
      this.#segments.set(key, { serviceDate: t.serviceDate, runningS: [runningS] })
      return
    }
    day.runningS.push(runningS)
    if (day.runningS.length > KEEP) day.runningS.shift()
  }

  /** The median of the segment's last (up to) 3 running times on that service day; null when none yet that day. */
  medianS(fromStopId: string, toStopId: string, serviceDate: string): number | null {
    const day = this.#segments.get(segmentKey(fromStopId, toStopId))
    if (!day || day.serviceDate !== serviceDate) return null
    const sorted = day.runningS.slice().sort((a, b) => a - b)
    const mid = sorted.length >> 1
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  }
}
