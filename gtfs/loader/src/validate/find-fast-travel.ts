import { NO_TIME, type StopTimeTable } from './stop-time-table.js'
import type { FeedIndex } from './validation-context.js'
import { haversineM } from '@masar/model/geo/polyline'

/**
 * The fastest a vehicle of each route_type plausibly travels, in km/h: MobilityData gtfs-validator's
 * StopTimeTravelSpeedValidator.getMaxVehicleSpeedKph (other and extended types: 200).
 */
const MAX_SPEED_KPH: Readonly<Record<number, number>> = { 0: 100, 1: 150, 2: 500, 3: 150, 4: 80, 5: 30, 6: 50, 7: 50, 11: 150, 12: 150 }
const DEFAULT_MAX_SPEED_KPH = 200
const SECONDS_PER_MINUTE = 60
const SECONDS_PER_HOUR = 3600
const distanceKm = (latitudeA: number, longitudeA: number, latitudeB: number, longitudeB: number): number =>
  haversineM(latitudeA, longitudeA, latitudeB, longitudeB) / 1000

export interface FastTravel {
  line: number
  /** What is too fast, after `trip "…" `. */
  detail: string
}

/**
 * The first place where a trip (rows in stop_sequence order) travels faster than its route_type allows, between
 * two stops with times (stops without times in between add their distance). Times that are whole minutes may have
 * been rounded down, so a minute is added, as MobilityData does.
 */
export function findFastTravel(table: StopTimeTable, rows: Int32Array, index: FeedIndex, routeType: number): FastTravel | null {
  const maxSpeedKph = MAX_SPEED_KPH[routeType] ?? DEFAULT_MAX_SPEED_KPH
  let anchor = -1
  let km = 0
  let latitude = Number.NaN
  let longitude = Number.NaN
  for (const row of rows) {
    const stop = table.stopIndex[row]!
    const nextLatitude = index.stopLatitudes[stop] ?? Number.NaN
    const nextLongitude = index.stopLongitudes[stop] ?? Number.NaN
    km += distanceKm(latitude, longitude, nextLatitude, nextLongitude)
    latitude = nextLatitude
    longitude = nextLongitude
    const reach = table.reachSeconds(row)
    if (anchor >= 0 && reach !== NO_TIME && !Number.isNaN(km)) {
      const leave = table.leaveSeconds(anchor)
      const rounded = reach % SECONDS_PER_MINUTE === 0 && leave % SECONDS_PER_MINUTE === 0
      const seconds = reach - leave + (rounded ? SECONDS_PER_MINUTE : 0)
      const speedKph = km / (seconds / SECONDS_PER_HOUR)
      if (reach >= leave && speedKph > maxSpeedKph) {
        return {
          line: table.line[row]!,
          detail: `covers ${km.toFixed(1)} km from stop_sequence ${table.sequence[anchor]} (line ${table.line[anchor]}) to stop_sequence ${table.sequence[row]} in ${reach - leave} s, ${Math.round(speedKph)} km/h, faster than the ${maxSpeedKph} km/h its route_type allows`,
        }
      }
    }
    if (table.leaveSeconds(row) !== NO_TIME) {
      anchor = row
      km = 0
    }
  }
  return null
}
