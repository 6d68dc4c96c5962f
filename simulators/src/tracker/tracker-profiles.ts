import { forkRandom, type Random } from './random.js'
import type { TrackerProfile } from './tracker.js'

/**
 * A fleet's trackers are not alike: different models and firmware report at different intervals, antennas and
 * mounting give different GPS quality, a few clocks drift, a few modems are flaky. `profileFor` draws one
 * tracker's profile; every field given in `defaults` is used as it is for all trackers.
 * Deterministic per vehicle: the draw depends on the random stream's seed and the vehicle id only.
 */
export const REPORT_INTERVALS_S = [5, 10, 10, 10, 15, 30] as const
export const DEFAULT_DROPOUT_DURATION_S: readonly [number, number] = [30, 600]
export const DEFAULT_BAD_PING_RATE = 0.001

/** Most clocks are GNSS- or NTP-disciplined (within ±1 s); one in ten has a drifting clock, 1–4 s off. */
function drawClockSkewMs(random: Random): number {
  if (random.next() < 0.9) return Math.round(Math.max(-1000, Math.min(1000, random.normal() * 300)))
  const magnitudeMs = 1000 + 3000 * random.next()
  return Math.round(random.next() < 0.5 ? -magnitudeMs : magnitudeMs)
}

/** Most modems drop a few times a day of service; some, in poor coverage or badly mounted, every half hour. */
function drawDropoutRatePerHour(random: Random): number {
  return random.next() < 0.85 ? 0.2 + 0.4 * random.next() : 1 + 2 * random.next()
}

export function profileFor(vehicleId: string, defaults: Partial<TrackerProfile> & Pick<TrackerProfile, 'agencyId'>, random: Random): TrackerProfile {
  const own = forkRandom(random, `tracker-profile:${vehicleId}`)
  // Every draw is made whether or not a default replaces it, so one fixed field does not reshuffle the others.
  const drawn: TrackerProfile = {
    agencyId: defaults.agencyId,
    reportIntervalS: own.pick(REPORT_INTERVALS_S),
    gpsNoiseM: 3 + 4 * own.next(),
    outlierRate: 0.001 + 0.002 * own.next(),
    clockSkewMs: drawClockSkewMs(own),
    dropoutRatePerHour: drawDropoutRatePerHour(own),
    dropoutDurationS: DEFAULT_DROPOUT_DURATION_S,
    badPingRate: DEFAULT_BAD_PING_RATE,
    timestampFormat: own.pick(['iso', 'epoch_ms'] as const),
  }
  const given = Object.fromEntries(Object.entries(defaults).filter(([, value]) => value !== undefined)) as Partial<TrackerProfile>
  return { ...drawn, ...given }
}
