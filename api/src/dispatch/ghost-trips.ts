import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { candidateServiceDates, instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import type { FleetState } from '../fleet/fleet-state.js'
import { tripKey } from '../matching/trip-key.js'

/**
 * Ghost trips: trips the timetable has running now (started at least `graceS` ago, not yet due at their end)
 * that no live vehicle is matched to, on its block or the trip itself. What riders see as "the app said it was
 * coming and it never came".
 */
export interface GhostTrip {
  tripId: string
  routeId: string
  blockId: string | null
  serviceDate: string
  scheduledStart: string
  scheduledEnd: string
}

export function ghostTrips(schedule: Schedule, fleet: FleetState, nowMs: number, graceS = 300): GhostTrip[] {
  const workedTrips = new Set<string>()
  const workedBlocks = new Set<string>()
  const blockKey = (serviceDate: string, blockId: string) => `${serviceDate}\u0000${blockId}`
  for (const vehicle of fleet.all()) {
    const m = vehicle.match
    if (!m?.serviceDate || fleet.healthOf(vehicle, nowMs) === 'offline' || m.status === 'unassigned') continue
    if (m.blockId) workedBlocks.add(blockKey(m.serviceDate, m.blockId))
    if (m.tripId) workedTrips.add(tripKey(m.serviceDate, m.tripId))
  }
  const ghosts: GhostTrip[] = []
  for (const serviceDate of candidateServiceDates(nowMs, schedule.timeZone)) {
    for (const block of schedule.blocksOn(serviceDate)) {
      for (const trip of block.trips) {
        const startMs = instantOfGtfsTime(serviceDate, trip.departures[0]!, schedule.timeZone)
        const endMs = instantOfGtfsTime(serviceDate, trip.arrivals.at(-1)!, schedule.timeZone)
        if (startMs > nowMs - graceS * 1000 || endMs < nowMs) continue
        if (workedTrips.has(tripKey(serviceDate, trip.tripId)) || (trip.blockId !== null && workedBlocks.has(blockKey(serviceDate, trip.blockId)))) continue
        ghosts.push({ tripId: trip.tripId, routeId: trip.routeId, blockId: trip.blockId, serviceDate, scheduledStart: new Date(startMs).toISOString(), scheduledEnd: new Date(endMs).toISOString() })
      }
    }
  }
  return ghosts.sort((a, b) => (a.scheduledStart < b.scheduledStart ? -1 : 1))
}
