import type { PingPayload } from '@masar/model/telemetry/ping'
import type { RejectReason } from '@masar/model/telemetry/reject-reasons'
import { formatPositionTopic, IDENTIFIER_PATTERN } from '@masar/model/telemetry/topics'
import { formatBadPublication, TRACKER_REJECT_REASONS } from './bad-publications.js'
import { Connectivity } from './connectivity.js'
import type { Random } from './random.js'
import { splitIntoBatches } from './split-batches.js'
import { takeFix, type TimestampFormat } from './take-fix.js'

/**
 * A bus's onboard tracker: turns the bus's true state, handed over on every simulation tick, into what the device
 * publishes under the tracker wire contract (README "Tracker wire contract (v1)"). It reports every
 * `reportIntervalS` from a random phase, with its own clock error and GPS error; while its link is down it buffers
 * fixes and uploads them as /positions batches on reconnect; and now and then it also sends a malformed message,
 * cycling through every reject reason a tracker can cause. Deterministic for a given Random.
 */
export interface TruePosition {
  vehicleId: string
  /** True instant, epoch ms. */
  atMs: number
  lat: number
  lon: number
  speedMps: number
  bearingDeg: number
  tripId: string | null
  routeId: string | null
  odometerM: number
}

export interface TrackerProfile {
  agencyId: string
  /** 1..30: the tracker reports every this many seconds of simulated time. */
  reportIntervalS: number
  /** Standard deviation of the Gaussian position error on each axis (east, north). */
  gpsNoiseM: number
  /** Probability that a fix is an urban-canyon outlier (80–400 m off). */
  outlierRate: number
  /** This tracker's clock error: its ts = true time + skew. */
  clockSkewMs: number
  /** Mean connectivity dropouts per hour of service. */
  dropoutRatePerHour: number
  dropoutDurationS: readonly [min: number, max: number]
  /** Probability that a publication is followed by a malformed one. */
  badPingRate: number
  /** How `ts` is written; absent: the tracker picks one at random. */
  timestampFormat?: TimestampFormat
}

export interface Publication {
  vehicleId: string
  /** When it is published, simulated epoch ms. */
  atMs: number
  topic: string
  payload: string
  /** Pings the message carries (1 for a single ping or a bad message). */
  pings: number
  kind: 'position' | 'batch' | 'bad'
  /** For kind 'bad': the reason ingest gives it. */
  expectedReject?: RejectReason
}

function checkProfile(vehicleId: string, profile: TrackerProfile): void {
  const problems = [
    !IDENTIFIER_PATTERN.test(vehicleId) && `vehicle id "${vehicleId}" is not a valid topic identifier`,
    !IDENTIFIER_PATTERN.test(profile.agencyId) && `agency id "${profile.agencyId}" is not a valid topic identifier`,
    !(profile.reportIntervalS >= 1 && profile.reportIntervalS <= 30) && `reportIntervalS ${profile.reportIntervalS} is outside 1..30`,
    !(profile.gpsNoiseM >= 0) && 'gpsNoiseM must be >= 0',
    !(profile.dropoutRatePerHour >= 0) && 'dropoutRatePerHour must be >= 0',
    !(profile.dropoutDurationS[0] >= 0 && profile.dropoutDurationS[0] <= profile.dropoutDurationS[1]) && 'dropoutDurationS must be [min, max] with 0 <= min <= max',
    ...(['outlierRate', 'badPingRate'] as const).map((name) => !(profile[name] >= 0 && profile[name] <= 1) && `${name} must be within 0..1`),
  ].filter((problem) => problem !== false)
  if (problems.length > 0) throw new RangeError(`Invalid tracker profile for ${vehicleId}: ${problems.join('; ')}`)
}

export class Tracker {
  readonly #profile: TrackerProfile & { timestampFormat: TimestampFormat }
  readonly #intervalMs: number
  readonly #connectivity: Connectivity
  readonly #buffered: PingPayload[] = []
  #nextReportAtMs: number | null = null
  #seq = 0
  #nextBadReason: number

  constructor(
    readonly vehicleId: string,
    profile: TrackerProfile,
    private readonly random: Random,
  ) {
    checkProfile(vehicleId, profile)
    this.#profile = { ...profile, timestampFormat: profile.timestampFormat ?? random.pick(['iso', 'epoch_ms'] as const) }
    this.#intervalMs = profile.reportIntervalS * 1000
    this.#connectivity = new Connectivity(profile, random)
    this.#nextBadReason = random.int(0, TRACKER_REJECT_REASONS.length - 1)
  }

  get online(): boolean {
    return this.#connectivity.online
  }

  /** The bus's true state at one tick (ticks in time order); returns what the tracker publishes at that instant. */
  observe(truth: TruePosition): Publication[] {
    if (truth.vehicleId !== this.vehicleId) throw new RangeError(`Tracker of ${this.vehicleId} was handed the position of ${truth.vehicleId}`)
    const publications: Publication[] = []
    if (this.#connectivity.advance(truth.atMs) === 'reconnected') publications.push(...this.#upload(truth.atMs, true))
    if (!this.#isReportDue(truth.atMs)) return publications
    const ping = takeFix(truth, this.#profile, this.#seq++, this.random)
    if (!this.online) {
      this.#buffered.push(ping)
      return publications
    }
    const topic = formatPositionTopic(this.#profile.agencyId, this.vehicleId, 'position')
    publications.push({ vehicleId: this.vehicleId, atMs: truth.atMs, topic, payload: JSON.stringify(ping), pings: 1, kind: 'position' })
    publications.push(...this.#maybeBad(truth.atMs, ping))
    return publications
  }

  /** End of the run: uploads whatever is still buffered. */
  flush(atMs: number): Publication[] {
    return this.#upload(atMs, false)
  }

  /** The first report comes at a random phase within the interval; a coarse tick never makes a burst. */
  #isReportDue(atMs: number): boolean {
    this.#nextReportAtMs ??= atMs + this.random.next() * this.#intervalMs
    if (atMs < this.#nextReportAtMs) return false
    this.#nextReportAtMs += (Math.floor((atMs - this.#nextReportAtMs) / this.#intervalMs) + 1) * this.#intervalMs
    return true
  }

  #upload(atMs: number, withBadPings: boolean): Publication[] {
    if (this.#buffered.length === 0) return []
    const pings = this.#buffered.splice(0)
    const topic = formatPositionTopic(this.#profile.agencyId, this.vehicleId, 'positions')
    const publications: Publication[] = []
    for (const batch of splitIntoBatches(pings.map((ping) => JSON.stringify(ping)))) {
      publications.push({ vehicleId: this.vehicleId, atMs, topic, payload: batch.payload, pings: batch.pings, kind: 'batch' })
      if (withBadPings) publications.push(...this.#maybeBad(atMs, pings[pings.length - 1]!))
    }
    return publications
  }

  /** With probability badPingRate, a malformed message besides the good one; reasons taken in turn. */
  #maybeBad(atMs: number, ping: PingPayload): Publication[] {
    if (this.random.next() >= this.#profile.badPingRate) return []
    const reason = TRACKER_REJECT_REASONS[this.#nextBadReason]!
    this.#nextBadReason = (this.#nextBadReason + 1) % TRACKER_REJECT_REASONS.length
    const fixMs = typeof ping.ts === 'number' ? ping.ts : Date.parse(ping.ts)
    const context = { agencyId: this.#profile.agencyId, vehicleId: this.vehicleId, publishAtMs: atMs, ping, fixMs, timestampFormat: this.#profile.timestampFormat }
    const message = formatBadPublication(reason, context, this.random)
    return [{ vehicleId: this.vehicleId, atMs, ...message, pings: 1, kind: 'bad', expectedReject: reason }]
  }
}
