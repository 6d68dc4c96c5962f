import { activeServiceIds, type CalendarException, type CalendarRule } from '@masar/model/gtfs/service-day'
import { expandFrequencies, type TripFrequency } from './expand-frequencies.js'
import { placeStopsOnShapes } from './place-stops-on-shapes.js'
import type { Translations } from './field-translations.js'
import { StopIndex } from './stop-index.js'

/**
 * The active feed in memory, as the api and the simulator use it: trips with their stop times in typed arrays,
 * the trips of each block in order, shapes with cumulative distances, services by date, and stops found by place
 * or by name or code in Arabic and English.
 */
export interface ScheduleStop {
  stopId: string
  code: string | null
  /** stop_name; for a stop the feed left unnamed, its stop_code or else its stop_id (what riders can be shown). */
  name: string
  /** Names in other languages, from translations.txt (language → name). */
  translations: Record<string, string>
  lat: number
  lon: number
}

export interface ScheduleTrip {
  tripId: string
  routeId: string
  serviceId: string
  directionId: number | null
  blockId: string | null
  shapeId: string | null
  headsign: string | null
  /** The headsign in other languages, from translations.txt (language → headsign). */
  headsignTranslations?: Translations
  stopIds: string[]
  /** GTFS stop_sequence of each stop (feeds number them freely; GTFS-Realtime must quote them). Absent in hand-built schedules: index + 1. */
  stopSequences?: Int32Array
  /** Seconds since the service day's origin (may pass 24 h). */
  arrivals: Int32Array
  departures: Int32Array
  /** The feed's shape_dist_traveled at each stop, in its own units (NaN where it gives none). */
  shapeDistTraveled: Float64Array
  /**
   * Metres along the trip's shape at each stop: the feed's shape_dist_traveled turned into metres where the feed
   * gives it for the stops and the shape, otherwise each stop projected onto the shape (see place-stops-on-shapes).
   * NaN for a trip without a shape.
   */
  distancesM: Float64Array
  /** For a run of a frequency-based trip: the frequencies.txt trip it was expanded from. */
  templateTripId?: string
  /** The run's times are only a headway (frequencies.txt exact_times 0), not a timetable. */
  headwayBased?: boolean
  /** For a run of a frequency-based trip: the headway of its frequencies.txt window (seconds). */
  headwayS?: number
}

export interface ScheduleShape {
  shapeId: string
  lats: Float64Array
  lons: Float64Array
  /** Cumulative metres along the shape at each point. */
  distancesM: Float64Array
  /** The feed's shape_dist_traveled at each point, in its own units; null when the feed gives none. */
  feedDistances: Float64Array | null
}

export interface ScheduleRoute {
  routeId: string
  shortName: string | null
  longName: string | null
  /** The long name in other languages, from translations.txt (language → name). */
  longNameTranslations?: Translations
  type: number
  color: string | null
}

export interface ScheduleParts {
  feedId: number
  timeZone: string
  stops: ScheduleStop[]
  routes: ScheduleRoute[]
  trips: ScheduleTrip[]
  shapes: ScheduleShape[]
  calendar: CalendarRule[]
  calendarDates: CalendarException[]
  frequencies: TripFrequency[]
}

/** A trip calling at a stop: the stop is trip.stopIds[index]. */
export interface StopVisit {
  trip: ScheduleTrip
  index: number
}

export class Schedule {
  readonly feedId: number
  readonly timeZone: string
  readonly stops = new Map<string, ScheduleStop>()
  readonly routes = new Map<string, ScheduleRoute>()
  /** Every trip, runs of frequency-based trips expanded (their ids end in @HH:MM:SS). */
  readonly trips = new Map<string, ScheduleTrip>()
  readonly shapes = new Map<string, ScheduleShape>()
  readonly #blocks = new Map<string, ScheduleTrip[]>()
  readonly #calendar: CalendarRule[]
  readonly #calendarDates: CalendarException[]
  readonly #stopIndex: StopIndex
  #visits: Map<string, StopVisit[]> | null = null

  constructor(parts: ScheduleParts) {
    this.feedId = parts.feedId
    this.timeZone = parts.timeZone
    for (const stop of parts.stops) this.stops.set(stop.stopId, stop)
    for (const route of parts.routes) this.routes.set(route.routeId, route)
    for (const shape of parts.shapes) this.shapes.set(shape.shapeId, shape)
    for (const trip of expandFrequencies(parts.trips, parts.frequencies)) {
      this.trips.set(trip.tripId, trip)
      if (trip.blockId === null) continue
      const key = `${trip.serviceId}\u0000${trip.blockId}`
      const block = this.#blocks.get(key) ?? []
      block.push(trip)
      this.#blocks.set(key, block)
    }
    placeStopsOnShapes(this.trips.values(), this.shapes, this.stops)
    for (const block of this.#blocks.values()) block.sort((a, b) => (a.departures[0] ?? 0) - (b.departures[0] ?? 0))
    this.#calendar = parts.calendar
    this.#calendarDates = parts.calendarDates
    this.#stopIndex = new StopIndex(parts.stops)
  }

  /** The services running on a service date ('YYYY-MM-DD'). */
  servicesOn(serviceDate: string): Set<string> {
    return activeServiceIds(serviceDate, this.#calendar, this.#calendarDates)
  }

  /** The trips a bus runs on a service, in order of first departure. */
  tripsOfBlock(serviceId: string, blockId: string): readonly ScheduleTrip[] {
    return this.#blocks.get(`${serviceId}\u0000${blockId}`) ?? []
  }

  /**
   * The buses a service date needs: one per block of the services running that day, its trips in order; a trip
   * with no block_id is a bus of its own. Ordered by first departure.
   */
  blocksOn(serviceDate: string): Array<{ blockId: string; serviceId: string; trips: readonly ScheduleTrip[] }> {
    const services = this.servicesOn(serviceDate)
    const blocks: Array<{ blockId: string; serviceId: string; trips: readonly ScheduleTrip[] }> = []
    for (const [key, trips] of this.#blocks) {
      const [serviceId, blockId] = key.split('\u0000') as [string, string]
      if (services.has(serviceId)) blocks.push({ blockId, serviceId, trips })
    }
    for (const trip of this.trips.values()) {
      if (trip.blockId === null && services.has(trip.serviceId)) blocks.push({ blockId: `trip:${trip.tripId}`, serviceId: trip.serviceId, trips: [trip] })
    }
    return blocks.sort((a, b) => (a.trips[0]?.departures[0] ?? 0) - (b.trips[0]?.departures[0] ?? 0) || (a.blockId < b.blockId ? -1 : 1))
  }

  /**
   * Every call of every trip at a stop (a trip looping past it twice calls twice), in the order of the trips; the
   * index is built at the first call (a rider's arrivals need it, the simulators do not).
   */
  visitsAt(stopId: string): readonly StopVisit[] {
    if (!this.#visits) {
      this.#visits = new Map()
      for (const trip of this.trips.values()) {
        for (let index = 0; index < trip.stopIds.length; index++) {
          const visits = this.#visits.get(trip.stopIds[index]!)
          if (visits) visits.push({ trip, index })
          else this.#visits.set(trip.stopIds[index]!, [{ trip, index }])
        }
      }
    }
    return this.#visits.get(stopId) ?? []
  }

  stopsNear(lat: number, lon: number, radiusM: number): ScheduleStop[] {
    return this.#stopIndex.near(lat, lon, radiusM)
  }

  /** Stops whose code is the query, or whose name in any language contains it (case and Arabic diacritics ignored). */
  searchStops(query: string, limit = 20): ScheduleStop[] {
    return this.#stopIndex.search(query, limit)
  }
}
