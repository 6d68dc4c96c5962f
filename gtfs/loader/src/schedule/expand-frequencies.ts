import { formatGtfsTime } from '@masar/model/gtfs/gtfs-time'
import type { ScheduleTrip } from './schedule.js'

/** A frequencies.txt row, times in seconds since the service day's origin. */
export interface TripFrequency {
  tripId: string
  startS: number
  endS: number
  headwayS: number
  /** exact_times 1: the trips run exactly at these times; 0 or absent: a headway, not a timetable. */
  exactTimes: boolean
}

/**
 * Turns each trip that frequencies.txt drives into its runs: one trip every headway_secs from start_time until
 * (not including) end_time, at the first stop, the template's stop times shifted to match. A run's id is the
 * template's with its start time (`T1@07:05:00`); `headwayBased` marks runs whose times are only a headway, and
 * `headwayS` gives it.
 * Trips that no frequency drives are returned as they are.
 */
export function expandFrequencies(trips: readonly ScheduleTrip[], frequencies: readonly TripFrequency[]): ScheduleTrip[] {
  const byTrip = new Map<string, TripFrequency[]>()
  for (const frequency of frequencies) byTrip.set(frequency.tripId, [...(byTrip.get(frequency.tripId) ?? []), frequency])
  const expanded: ScheduleTrip[] = []
  for (const trip of trips) {
    const windows = byTrip.get(trip.tripId)
    if (!windows || trip.departures.length === 0) {
      expanded.push(trip)
      continue
    }
    const templateStartS = trip.departures[0]!
    for (const window of [...windows].sort((a, b) => a.startS - b.startS)) {
      for (let startS = window.startS; startS < window.endS; startS += window.headwayS) {
        const shiftS = startS - templateStartS
        expanded.push({
          ...trip,
          tripId: `${trip.tripId}@${formatGtfsTime(startS)}`,
          templateTripId: trip.tripId,
          headwayBased: !window.exactTimes,
          headwayS: window.headwayS,
          arrivals: trip.arrivals.map((s) => s + shiftS),
          departures: trip.departures.map((s) => s + shiftS),
        })
      }
    }
  }
  return expanded
}
