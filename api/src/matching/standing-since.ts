import { haversineM } from '@masar/model/geo/polyline'
import type { VehicleFix } from './vehicle-match.js'

/**
 * Since when a vehicle has stood where it is: the place it stopped and the time, kept until it moves more than
 * `radiusM` away. A fix that jumps away while the tracker reports no speed is a GPS outlier, not a move.
 */
export interface StandingPlace {
  lat: number
  lon: number
  sinceMs: number
}

export function standingPlaceAfter(previous: StandingPlace | null, fix: VehicleFix, options: { radiusM: number; standingSpeedMps: number }): StandingPlace {
  const moving = fix.speedMps != null && fix.speedMps >= options.standingSpeedMps
  if (previous && !moving && haversineM(previous.lat, previous.lon, fix.lat, fix.lon) <= options.radiusM) return previous
  if (previous && !moving && fix.speedMps != null) return previous
  return { lat: fix.lat, lon: fix.lon, sinceMs: fix.atMs }
}
