import { readFile } from 'node:fs/promises'
import type { TrackerProfile } from '../tracker/tracker.js'
import type { BusBehaviour } from './bus.js'
import type { CongestionOptions } from './congestion.js'

/**
 * A simulation profile (--profile file.json): overrides of the defaults, each part optional, e.g.
 * `{ "behaviour": { "breakdownsPerHour": 0.02, "detourRate": 0 }, "tracker": { "gpsNoiseM": 12 }, "congestion": { "eventsPerHour": 8 } }`.
 * Unknown keys are refused, so a typo does not silently leave a default in place.
 */
export interface SimProfile {
  behaviour?: Partial<BusBehaviour>
  tracker?: Partial<TrackerProfile>
  congestion?: Partial<CongestionOptions>
}

const KNOWN: Record<keyof SimProfile, readonly string[]> = {
  behaviour: ['latePullOutRate', 'latePullOutMin', 'breakdownsPerHour', 'breakdownMin', 'breakdownToDepotShare', 'detourRate', 'detourLengthM', 'detourOffsetM', 'dwellBaseS', 'dwellPerRouteS', 'dwellPeakExtraS', 'minLayoverS', 'holdEarlyS', 'driverPace', 'depotSpeedMps'],
  tracker: ['reportIntervalS', 'gpsNoiseM', 'outlierRate', 'clockSkewMs', 'dropoutRatePerHour', 'dropoutDurationS', 'badPingRate', 'timestampFormat'],
  congestion: ['eventsPerHour', 'radiusM', 'durationMin', 'factor'],
}

export class SimProfileError extends Error {
  readonly code = 'SIM_BAD_PROFILE'
}

export function checkSimProfile(value: unknown): SimProfile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SimProfileError('a profile is a JSON object with optional "behaviour", "tracker" and "congestion" objects')
  for (const [part, settings] of Object.entries(value)) {
    const known = KNOWN[part as keyof SimProfile]
    if (!known) throw new SimProfileError(`"${part}" is not a part of a profile: use behaviour, tracker or congestion`)
    if (typeof settings !== 'object' || settings === null) throw new SimProfileError(`"${part}" must be an object`)
    for (const key of Object.keys(settings)) {
      if (!known.includes(key)) throw new SimProfileError(`"${part}.${key}" is not a setting; ${part} has: ${known.join(', ')}`)
    }
  }
  return value as SimProfile
}

export async function readSimProfile(path: string): Promise<SimProfile> {
  const text = await readFile(path, 'utf8').catch((err: Error) => {
    throw new SimProfileError(`cannot read the profile ${path}: ${err.message}`)
  })
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new SimProfileError(`the profile ${path} is not JSON: ${(err as Error).message}`)
  }
  return checkSimProfile(parsed)
}
