import { serviceDayOriginMs, zoneOffsetMs } from '@masar/model/gtfs/service-day'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { forkRandom, type Random } from '../tracker/random.js'
import type { TruePosition } from '../tracker/tracker.js'
import { Bus, DEFAULT_BEHAVIOUR, type BusBehaviour, type BusEvent, type BusWorld } from './bus.js'
import { CorridorTraffic, DEFAULT_CORRIDOR_TRAFFIC, type CorridorTrafficOptions } from './corridor-traffic.js'
import { congestionFactor, DEFAULT_CONGESTION, planCongestion, type CongestionEvent, type CongestionOptions } from './congestion.js'
import { expectedDwellS, isPeakTraffic } from '@masar/gtfs/demo/running-times'
import { AMMAN_TRAFFIC, dayKindOf, trafficFactor, type TrafficProfile } from '@masar/gtfs/demo/traffic-profile'

/**
 * The buses of a service date on the active feed, moved together on one simulated clock. Deterministic: the same
 * schedule, date, options and seed give the same positions and events.
 */
export interface FleetOptions {
  schedule: Schedule
  /** 'YYYY-MM-DD' in the feed's time zone. */
  serviceDate: string
  random: Random
  /** At most this many buses: those in service at `preferActiveAtMs` first, then by first departure. */
  vehicles?: number
  preferActiveAtMs?: number
  behaviour?: Partial<BusBehaviour>
  traffic?: TrafficProfile
  congestion?: Partial<CongestionOptions>
  corridorTraffic?: Partial<CorridorTrafficOptions>
  vehicleIdOf?: (index: number) => string
}


export const defaultVehicleId = (index: number): string => `bus-${String(index + 1).padStart(4, '0')}`

export class FleetSimulation {
  readonly buses: Bus[]
  readonly congestion: CongestionEvent[]
  readonly dayStartMs: number
  readonly #offsetMs: number
  readonly #traffic: TrafficProfile
  readonly #dayKind

  constructor(options: FleetOptions, emit: (event: BusEvent) => void) {
    const { schedule, serviceDate } = options
    this.dayStartMs = serviceDayOriginMs(serviceDate, schedule.timeZone)
    this.#offsetMs = zoneOffsetMs(this.dayStartMs + 12 * 3600_000, schedule.timeZone)
    this.#traffic = options.traffic ?? AMMAN_TRAFFIC
    this.#dayKind = dayKindOf(serviceDate)
    const routesAtStop = new Map<string, Set<string>>()
    for (const trip of schedule.trips.values()) {
      for (const stopId of trip.stopIds) {
        const routes = routesAtStop.get(stopId) ?? new Set<string>()
        routes.add(trip.routeId)
        routesAtStop.set(stopId, routes)
      }
    }
    const blocks = schedule.blocksOn(serviceDate)
    const instantOf = (seconds: number) => this.dayStartMs + seconds * 1000
    const activeAt = options.preferActiveAtMs
    const isActive = (trips: readonly { departures: Int32Array; arrivals: Int32Array }[]) =>
      activeAt !== undefined && instantOf(trips[0]!.departures[0]!) <= activeAt && activeAt <= instantOf(trips.at(-1)!.arrivals.at(-1)!)
    const chosen = options.vehicles === undefined ? blocks : [...blocks].sort((a, b) => Number(isActive(b.trips)) - Number(isActive(a.trips))).slice(0, options.vehicles)
    const ordered = chosen.sort((a, b) => a.trips[0]!.departures[0]! - b.trips[0]!.departures[0]! || (a.blockId < b.blockId ? -1 : 1))

    const places = [...schedule.stops.values()].filter((stop) => (routesAtStop.get(stop.stopId)?.size ?? 0) > 0)
    const fromMs = instantOf(Math.min(...ordered.map((b) => b.trips[0]!.departures[0]!)))
    const toMs = instantOf(Math.max(...ordered.map((b) => b.trips.at(-1)!.arrivals.at(-1)!)))
    this.congestion = planCongestion(forkRandom(options.random, 'congestion'), places, fromMs, toMs, { ...DEFAULT_CONGESTION, ...options.congestion })

    const behaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour }
    const corridors = new CorridorTraffic(forkRandom(options.random, 'corridors'), fromMs, toMs + 6 * 3600_000, { ...DEFAULT_CORRIDOR_TRAFFIC, ...options.corridorTraffic })
    const world: BusWorld = {
      instantOf,
      // The timetable allots each stretch the traffic of its scheduled hour (running-times.ts): a bus running in
      // heavier traffic than its timetable assumed loses time, in lighter traffic gains it.
      speedFactorAt: ({ lat, lon, atMs, scheduledAtMs, routeId }) =>
        (this.trafficAt(atMs) / this.trafficAt(scheduledAtMs)) * corridors.factorAt(routeId, atMs) * congestionFactor(this.congestion, lat, lon, atMs),
      isPeak: (atMs) => isPeakTraffic(this.trafficAt(atMs)),
      dwellAllowanceS: (stopId, scheduledAtMs) => expectedDwellS(behaviour, routesAtStop.get(stopId)?.size ?? 1, isPeakTraffic(this.trafficAt(scheduledAtMs))),
      shape: (shapeId) => (shapeId === null ? undefined : schedule.shapes.get(shapeId)),
      stopPosition: (stopId) => schedule.stops.get(stopId),
      routesAtStop: (stopId) => routesAtStop.get(stopId)?.size ?? 0,
    }
    const idOf = options.vehicleIdOf ?? defaultVehicleId
    this.buses = ordered.map((block, index) => new Bus(idOf(index), block.trips, world, forkRandom(options.random, `bus:${block.blockId}`), behaviour, emit))
  }

  trafficAt(atMs: number): number {
    const secondsOfDay = ((atMs + this.#offsetMs) / 1000) % 86_400
    return trafficFactor(this.#traffic, this.#dayKind, secondsOfDay)
  }

  /** When the first bus powers on, and when the last one can be done. */
  get span(): { fromMs: number; toMs: number } {
    return { fromMs: Math.min(...this.buses.map((b) => b.powerOnMs)), toMs: this.dayStartMs + 36 * 3600_000 }
  }

  /** Every bus moved on by stepS seconds to atMs: the true positions of those powered on. */
  step(atMs: number, stepS: number): TruePosition[] {
    const positions: TruePosition[] = []
    for (const bus of this.buses) {
      const position = bus.step(atMs, stepS)
      if (position) positions.push(position)
    }
    return positions
  }

  get done(): boolean {
    return this.buses.every((bus) => !bus.inService)
  }
}
