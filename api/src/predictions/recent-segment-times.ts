/**
 * What the last buses through each segment took: the median of the last few traversals, and how much to trust it
 * against the segment's history, by how fresh it is. A median of three ignores one bus that stood at a light or
 * whose stop event was misplaced, where a mean (and a filter of means) is pulled by it; a traversal an hour old says
 * less about the next bus than one a minute old, so the weight halves every `halfLifeMin` from the newest of them.
 */
export interface RecentSegmentTimesOptions {
  /** How many of the last traversals of a segment the median is taken of. */
  keep: number
  /** The recent median's weight against the history halves every this many minutes since the newest traversal. */
  halfLifeMin: number
}

export const DEFAULT_RECENT_SEGMENT_TIMES: RecentSegmentTimesOptions = { keep: 3, halfLifeMin: 30 }

export interface RecentTime {
  medianS: number
  /** 0 … 1: how far the median outweighs the history. */
  weight: number
}

interface Held {
  runningS: number[]
  atMs: number[]
  medianS: number
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export class RecentSegmentTimes {
  readonly #segments = new Map<string, Held>()

  constructor(private readonly options: RecentSegmentTimesOptions = DEFAULT_RECENT_SEGMENT_TIMES) {}

  /** A bus took `runningS` over the segment, arriving at `atMs` (traversals may come out of order). */
  observe(segmentKey: string, runningS: number, atMs: number): void {
    if (!(runningS > 0)) return
    let held = this.#segments.get(segmentKey)
    if (!held) this.#segments.set(segmentKey, (held = { runningS: [], atMs: [], medianS: runningS }))
    let i = held.atMs.length
    while (i > 0 && held.atMs[i - 1]! > atMs) i--
    held.runningS.splice(i, 0, runningS)
    held.atMs.splice(i, 0, atMs)
    if (held.atMs.length > this.options.keep) {
      held.runningS.shift()
      held.atMs.shift()
    }
    held.medianS = medianOf(held.runningS)
  }

  /** The median of the last traversals before `atMs` and its weight; null when none is held. */
  recent(segmentKey: string, atMs: number): RecentTime | null {
    const held = this.#segments.get(segmentKey)
    if (!held || held.atMs.length === 0) return null
    const ageMin = Math.max(0, atMs - held.atMs.at(-1)!) / 60_000
    // fewer than `keep` traversals: a median of one or two is trusted less
    const weight = 0.5 ** (ageMin / this.options.halfLifeMin) * (held.atMs.length / this.options.keep)
    return { medianS: held.medianS, weight }
  }

  get size(): number {
    return this.#segments.size
  }
}
