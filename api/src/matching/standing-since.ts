import { haversineM } from '@masar/model/geo/polyline'
import type { VehicleFix } from './vehicle-match.js'

/**
 * Standing still, the one rule the matcher, the predictions and the depot check share: slower than
 * `standingSpeedMps` and within `radiusM` (a standing bus's GPS scatter) of where the vehicle stopped.
 */
export interface StandingRule {
  radiusM: number
  standingSpeedMps: number
}

export const STANDING_STILL: Readonly<StandingRule> = { radiusM: 30, standingSpeedMps: 1 }

/**
 * Since when a vehicle has stood where it is: the place it stopped and the time, kept until it moves more than
 * `radiusM` away. A fix that jumps away while the tracker reports a standstill speed is a GPS outlier, not a move;
 * without a speed, the distance decides.
 */
export interface StandingPlace {
  lat: number
  lon: number
  sinceMs: number
}

export function standingPlaceAfter(previous: StandingPlace | null, fix: VehicleFix, rule: StandingRule = STANDING_STILL): StandingPlace {
  const moving = fix.speedMps != null && fix.speedMps >= rule.standingSpeedMps
  if (previous && !moving && haversineM(previous.lat, previous.lon, fix.lat, fix.lon) <= rule.radiusM) return previous
  if (previous && !moving && fix.speedMps != null) return previous
  return { lat: fix.lat, lon: fix.lon, sinceMs: fix.atMs }
}

/** Where each vehicle of a fleet has stood since when, fix after fix. */
export class StandingPlaces {
  readonly #places = new Map<string, StandingPlace>()

  constructor(private readonly rule: StandingRule = STANDING_STILL) {}

  /** The vehicle's standing place after this fix. */
  observe(fix: VehicleFix): StandingPlace {
    const place = standingPlaceAfter(this.#places.get(fix.vehicleId) ?? null, fix, this.rule)
    this.#places.set(fix.vehicleId, place)
    return place
  }

  /** How long the vehicle has stood where it is by nowMs (0 for one never seen). */
  standingForMs(vehicleId: string, nowMs: number): number {
    const place = this.#places.get(vehicleId)
    return place ? Math.max(0, nowMs - place.sinceMs) : 0
  }
}
