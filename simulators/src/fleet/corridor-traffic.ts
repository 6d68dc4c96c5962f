import { createRandom, type Random } from '../tracker/random.js'

/**
 * Each route's corridor against the city-wide traffic of the hour the timetable is built on, two factors, each
 * smooth (linear between knots) and log-normal around 1:
 * - its own character, the same every day (seeded by the route id alone, by hour of day): the street past the
 *   university is slow at 08:00 whatever the day; what the timetable does not know and running times learned
 *   from the buses do;
 * - today's traffic, drawn every half hour from the run's seed: the same trip runs a few minutes late one day and
 *   early the next.
 * Together they are why a timetable built on mean running times is kept by most buses, not all.
 */
export interface CorridorTrafficOptions {
  /** Standard deviation of the logarithm of the every-day factor (by hour of day) and of today's (every knotEveryS). */
  characterSdLog: number
  sdLog: number
  knotEveryS: number
}

export const DEFAULT_CORRIDOR_TRAFFIC: CorridorTrafficOptions = { characterSdLog: 0.14, sdLog: 0.17, knotEveryS: 1800 }
const CHARACTER_SEED = 'corridor-character'

export class CorridorTraffic {
  readonly #knots = new Map<string, Float64Array>()
  readonly #character = new Map<string, Float64Array>()

  constructor(
    private readonly random: Random,
    private readonly fromMs: number,
    private readonly toMs: number,
    private readonly options: CorridorTrafficOptions = DEFAULT_CORRIDOR_TRAFFIC,
  ) {}

  /** The factor on a route's corridor at an instant (1 = usual traffic). */
  factorAt(routeId: string, atMs: number): number {
    const today = this.options.sdLog === 0 ? 1 : between(this.#knotsOf(routeId), (atMs - this.fromMs) / (this.options.knotEveryS * 1000))
    return today * this.#characterAt(routeId, atMs)
  }

  /** The corridor's every-day factor at the hour of day (UTC hour: the same instant of every day). */
  #characterAt(routeId: string, atMs: number): number {
    if (this.options.characterSdLog === 0) return 1
    let knots = this.#character.get(routeId)
    if (!knots) {
      const random = createRandom(`${CHARACTER_SEED}:${routeId}`)
      const hourly = Array.from({ length: 24 }, () => Math.exp(this.options.characterSdLog * random.normal()))
      knots = Float64Array.from([...hourly, hourly[0]!])
      this.#character.set(routeId, knots)
    }
    return between(knots, (((atMs / 3_600_000) % 24) + 24) % 24)
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

/** Linear between knots at x = 0, 1, 2, …; clamped to the ends. */
function between(knots: Float64Array, x: number): number {
  const at = Math.min(knots.length - 1, Math.max(0, x))
  const i = Math.min(knots.length - 2, Math.floor(at))
  return knots[i]! + (at - i) * (knots[i + 1]! - knots[i]!)
}
