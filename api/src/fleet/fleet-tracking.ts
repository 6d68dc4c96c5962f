import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import { createVehicleMatcher, type VehicleMatcher } from '../matching/vehicle-matcher.js'
import type { VehicleFix, VehicleMatch } from '../matching/vehicle-match.js'
import { StopEventDetector } from '../stop-events/detect-stop-events.js'
import type { ScheduledStopEvent } from '../stop-events/stop-events.repository.js'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import { StandingPlaces } from '../matching/standing-since.js'

/**
 * What the api makes of each new fix against the active schedule: the vehicle's match (block, trip, progress,
 * deviation) and the stop events it completes. Without a schedule every vehicle stays unassigned.
 */
/** A bus not working a trip that has stood still (STANDING_STILL) this long is at its depot (parked). */
const PARKED_FOR_MS = 5 * 60_000

export class FleetTracking {
  readonly #matcher: VehicleMatcher | null
  readonly #detector = new StopEventDetector()
  readonly #standing = new StandingPlaces()

  constructor(readonly schedule: Schedule | null, private readonly onStopEvents: (events: ScheduledStopEvent[]) => void) {
    this.#matcher = schedule ? createVehicleMatcher(schedule) : null
  }

  observe(ping: VehiclePing): VehicleMatch | null {
    const fix: VehicleFix = {
      vehicleId: ping.vehicleId, atMs: ping.recordedAtMs, lat: ping.lat, lon: ping.lon, speedMps: ping.speedMps, bearingDeg: ping.bearingDeg,
      declaredTripId: ping.tripId, declaredRouteId: ping.routeId,
    }
    const parked = fix.atMs - this.#standing.observe(fix).sinceMs
    if (!this.#matcher || !this.schedule) return null
    const matched = this.#matcher.observe(fix)
    const match: VehicleMatch = (matched.status === 'unassigned' || matched.status === 'deadhead') && parked >= PARKED_FOR_MS ? { ...matched, status: 'at-depot' } : matched
    const trip = match.tripId ? this.schedule.trips.get(match.tripId) : undefined
    if (trip && match.serviceDate && match.distanceAlongTripM !== null && (match.status === 'in-service' || match.status === 'layover')) {
      const events = this.#detector.observe({ vehicleId: ping.vehicleId, trip, serviceDate: match.serviceDate, atMs: ping.recordedAtMs, distanceAlongTripM: match.distanceAlongTripM })
      if (events.length) {
        const timeZone = this.schedule.timeZone
        const feedId = this.schedule.feedId
        this.onStopEvents(events.map((e) => ({ ...e, scheduledArrivalMs: instantOfGtfsTime(e.serviceDate, trip.arrivals[e.stopIndex - 1]!, timeZone), feedId })))
      }
    }
    return match
  }
}
