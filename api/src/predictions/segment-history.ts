import type { DayType, SegmentStatsRow, SegmentTraversal } from './prediction-types.js'

/**
 * Learned running times of stop-to-stop segments and dwell times at stops, by day type and local hour. Each lookup
 * pools what it has, widening until it has enough: the hour itself, then the hours either side, then the whole
 * day type, then every day; null when even that is too thin (the caller falls back to the timetable).
 */
export interface LearnedTime {
  meanS: number
  /** Variance of one traversal (or dwell) around the mean, seconds². */
  varianceS2: number
  count: number
}

interface Sums {
  n: number
  sum: number
  sumSq: number
}

const MIN_COUNT = 3

const add = (map: Map<string, Sums>, key: string, n: number, sum: number, sumSq: number) => {
  const s = map.get(key)
  if (s) {
    s.n += n
    s.sum += sum
    s.sumSq += sumSq
  } else map.set(key, { n, sum, sumSq })
}

function learned(...parts: Array<Sums | undefined>): LearnedTime | null {
  let n = 0
  let sum = 0
  let sumSq = 0
  for (const p of parts) {
    if (!p) continue
    n += p.n
    sum += p.sum
    sumSq += p.sumSq
  }
  if (n < MIN_COUNT) return null
  const meanS = sum / n
  return { meanS, varianceS2: Math.max(0, sumSq / n - meanS * meanS), count: n }
}

/** Statistics at three levels: hour of a day type, day type, all days. */
class PooledStats {
  readonly #byHour = new Map<string, Sums>()
  readonly #byDayType = new Map<string, Sums>()
  readonly #all = new Map<string, Sums>()

  add(key: string, dayType: DayType, hour: number, n: number, sum: number, sumSq: number): void {
    add(this.#byHour, `${key}\u0000${dayType}\u0000${hour}`, n, sum, sumSq)
    add(this.#byDayType, `${key}\u0000${dayType}`, n, sum, sumSq)
    add(this.#all, key, n, sum, sumSq)
  }

  get(key: string, dayType: DayType, hour: number): LearnedTime | null {
    const at = (h: number) => this.#byHour.get(`${key}\u0000${dayType}\u0000${(h + 24) % 24}`)
    return learned(at(hour)) ?? learned(at(hour - 1), at(hour), at(hour + 1)) ?? learned(this.#byDayType.get(`${key}\u0000${dayType}`)) ?? learned(this.#all.get(key))
  }

  clear(): void {
    this.#byHour.clear()
    this.#byDayType.clear()
    this.#all.clear()
  }

  get size(): number {
    return this.#all.size
  }
}

export class SegmentHistory {
  readonly #running = new PooledStats()
  readonly #dwell = new PooledStats()
  #traversals = 0
  /**
   * Lookups answered since the history last changed: a prediction round asks the same segment and hour for every bus
   * that will cross it, and each answer pools up to five maps; whatever is learned clears it (bench:arrivals).
   */
  readonly #answers = new Map<string, LearnedTime | null>()

  #remembered(key: string, stats: PooledStats, statsKey: string, dayType: DayType, hour: number): LearnedTime | null {
    let answer = this.#answers.get(key)
    if (answer === undefined) {
      answer = stats.get(statsKey, dayType, hour)
      this.#answers.set(key, answer)
    }
    return answer
  }

  add(t: SegmentTraversal): void {
    this.#answers.clear()
    const running = (t.arrivedAtMs - t.departedAtMs) / 1000
    this.#running.add(`${t.fromStopId}\u0000${t.toStopId}`, t.dayType, t.hourOfDay, 1, running, running * running)
    if (t.dwellS !== null) this.#dwell.add(t.fromStopId, t.dayType, t.hourOfDay, 1, t.dwellS, t.dwellS * t.dwellS)
    this.#traversals += 1
  }

  /** Replaces what is held with the stored hourly statistics. */
  load(rows: readonly SegmentStatsRow[]): void {
    this.#answers.clear()
    this.#running.clear()
    this.#dwell.clear()
    this.#traversals = 0
    for (const r of rows) {
      this.#running.add(`${r.fromStopId}\u0000${r.toStopId}`, r.dayType, r.hourOfDay, r.traversals, r.runningSumS, r.runningSumSqS)
      if (r.dwells > 0) this.#dwell.add(r.fromStopId, r.dayType, r.hourOfDay, r.dwells, r.dwellSumS, r.dwellSumSqS)
      this.#traversals += r.traversals
    }
  }

  runningTime(fromStopId: string, toStopId: string, dayType: DayType, hour: number): LearnedTime | null {
    const segment = `${fromStopId}\u0000${toStopId}`
    return this.#remembered(`r\u0000${segment}\u0000${dayType}\u0000${hour}`, this.#running, segment, dayType, hour)
  }

  dwellTime(stopId: string, dayType: DayType, hour: number): LearnedTime | null {
    return this.#remembered(`d\u0000${stopId}\u0000${dayType}\u0000${hour}`, this.#dwell, stopId, dayType, hour)
  }

  /** Traversals learned from, and segments known. */
  get traversals(): number {
    return this.#traversals
  }

  get segments(): number {
    return this.#running.size
  }
}
