import type { Random } from '../tracker/random.js'

/**
 * Today's traffic on each route's corridor against the hour's usual (the timetable's): a smooth random factor,
 * drawn every half hour and linear between, log-normal around 1 (a street is slower than usual as often as
 * faster, and much slower more often than much faster). It is why a timetable built on mean running times is kept
 * by most buses, not all: the same trip runs a few minutes late one day and early the next.
 */
export interface CorridorTrafficOptions {
  /** Standard deviation of the factor's logarithm (0: every day is the usual day). */
  sdLog: number
  knotEveryS: number
}

export const DEFAULT_CORRIDOR_TRAFFIC: CorridorTrafficOptions = { sdLog: 0.22, knotEveryS: 1800 }

export class CorridorTraffic {
  readonly #knots = new Map<string, Float64Array>()

  constructor(
    private readonly random: Random,
    private readonly fromMs: number,
    private readonly toMs: number,
    private readonly options: CorridorTrafficOptions = DEFAULT_CORRIDOR_TRAFFIC,
  ) {}

  /** The factor on a route's corridor at an instant (1 = usual traffic). */
  factorAt(routeId: string, atMs: number): number {
    if (this.options.sdLog === 0) return 1
    const knots = this.#knotsOf(routeId)
    const x = Math.min(knots.length - 1, Math.max(0, (atMs - this.fromMs) / (this.options.knotEveryS * 1000)))
    const i = Math.min(knots.length - 2, Math.floor(x))
    return knots[i]! + (x - i) * (knots[i + 1]! - knots[i]!)
  }

  #knotsOf(routeId: string): Float64Array {
    let knots = this.#knots.get(routeId)
    if (!knots) {
      const count = Math.ceil((this.toMs - this.fromMs) / (this.options.knotEveryS * 1000)) + 2
      knots = Float64Array.from({ length: count }, () => Math.exp(this.options.sdLog * this.random.normal()))
      this.#knots.set(routeId, knots)
    }
    return knots
  }
}
