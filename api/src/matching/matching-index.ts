import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import type { MatcherOptions } from './matcher-options.js'
import { ServiceDays } from './service-days.js'
import { ShapeGrid } from './shape-grid.js'
import { toShapeLine, type ShapeLine } from './shape-line.js'
import { TripFollowers } from './trip-followers.js'
import { TripTimeIndex } from './trip-time-index.js'

/**
 * Everything the matcher looks up, built once per schedule and shared by all vehicles: each shape's line, the
 * grid of shape segments, the trips of each shape by time, the service days, each trip's successor in its block, and
 * (for trips without one) the trips that may follow it.
 */
export class MatchingIndex {
  readonly lines = new Map<string, ShapeLine>()
  readonly grid: ShapeGrid
  readonly tripTimes: TripTimeIndex
  readonly serviceDays: ServiceDays
  /** For a trip without a block: the trips that may follow it on the same bus. */
  readonly followers: TripFollowers
  readonly #successors = new Map<string, ScheduleTrip | null>()

  constructor(readonly schedule: Schedule, options: MatcherOptions) {
    for (const shape of schedule.shapes.values()) if (shape.lats.length >= 2) this.lines.set(shape.shapeId, toShapeLine(shape))
    this.grid = new ShapeGrid([...this.lines.values()], options.candidateMaxOffsetM)
    this.tripTimes = new TripTimeIndex(schedule.trips.values())
    this.serviceDays = new ServiceDays(schedule)
    this.followers = new TripFollowers(schedule, { radiusM: options.followerRadiusM, earlierS: options.maxLateS, withinS: options.maxLayoverS })
  }

  lineOf(trip: ScheduleTrip): ShapeLine | undefined {
    return trip.shapeId === null || Number.isNaN(trip.distancesM[0] ?? Number.NaN) ? undefined : this.lines.get(trip.shapeId)
  }

  /** The trip the same bus runs next (its block's next trip), or null. */
  successorOf(trip: ScheduleTrip): ScheduleTrip | null {
    let successor = this.#successors.get(trip.tripId)
    if (successor === undefined) {
      const block = trip.blockId === null ? [] : this.schedule.tripsOfBlock(trip.serviceId, trip.blockId)
      const position = block.indexOf(trip)
      successor = position < 0 ? null : (block[position + 1] ?? null)
      this.#successors.set(trip.tripId, successor)
    }
    return successor
  }
}
