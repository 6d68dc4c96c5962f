import type { Random } from './random.js'

/**
 * A tracker's mobile-data link: dropouts start as a Poisson process over hours of service (exponential gaps) and
 * each lasts a uniformly drawn time. Service time is the time between observations; a gap longer than
 * MAX_SERVICE_GAP_MS (the bus off duty, its tracker asleep) counts only up to that.
 */
export interface DropoutSettings {
  dropoutRatePerHour: number
  dropoutDurationS: readonly [number, number]
}

export type ConnectivityChange = 'unchanged' | 'dropped' | 'reconnected'

const MAX_SERVICE_GAP_MS = 60_000
const HOUR_MS = 3600_000

export class Connectivity {
  #online = true
  #serviceMsUntilDropout: number
  #offlineUntilMs = 0
  #lastAtMs: number | null = null

  constructor(
    private readonly settings: DropoutSettings,
    private readonly random: Random,
  ) {
    this.#serviceMsUntilDropout = this.#drawServiceMsUntilDropout()
  }

  get online(): boolean {
    return this.#online
  }

  /** Moves the link to `atMs` (non-decreasing) and says whether it dropped or came back at this instant. */
  advance(atMs: number): ConnectivityChange {
    const elapsedMs = this.#lastAtMs === null ? 0 : Math.min(Math.max(0, atMs - this.#lastAtMs), MAX_SERVICE_GAP_MS)
    this.#lastAtMs = atMs
    if (!this.#online) {
      if (atMs < this.#offlineUntilMs) return 'unchanged'
      this.#online = true
      this.#serviceMsUntilDropout = this.#drawServiceMsUntilDropout()
      return 'reconnected'
    }
    this.#serviceMsUntilDropout -= elapsedMs
    if (this.#serviceMsUntilDropout > 0) return 'unchanged'
    const [minS, maxS] = this.settings.dropoutDurationS
    this.#online = false
    this.#offlineUntilMs = atMs + (minS + (maxS - minS) * this.random.next()) * 1000
    return 'dropped'
  }

  #drawServiceMsUntilDropout(): number {
    if (this.settings.dropoutRatePerHour <= 0) return Number.POSITIVE_INFINITY
    return (-Math.log(1 - this.random.next()) / this.settings.dropoutRatePerHour) * HOUR_MS
  }
}
