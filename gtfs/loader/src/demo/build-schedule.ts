import { allocatePeakBuses } from './allocate-peak-buses.js'
import type { AmmanRoute } from './amman-routes.js'
import { randomInt, type Random } from '@masar/model/random/seeded-random'
import { expectedStopOffsetsS } from './running-times.js'
import type { ServiceDay, ServiceLevel } from './service-days.js'
import { AMMAN_TRAFFIC, type TrafficProfile } from './traffic-profile.js'

export interface ScheduledTrip {
  tripId: string
  routeId: string
  serviceId: string
  directionId: 0 | 1
  blockId: string
  departureSeconds: number
  /** Seconds from the departure to each stop of the trip's pattern (the last one: its run time). */
  stopOffsetsS: readonly number[]
  runSeconds: number
  /** On a route run to a headway: the headway the trip runs in (the cycle over the buses working then). */
  headwayS?: number
}

export interface RouteTiming {
  routeId: string
  peakBuses: number
  /** One way, on a weekday, at its longest (the peak): what the cycle is built on. */
  runMinutes: number
  runToHeadway: boolean
  /** Minutes a bus waits at the first and at the last place before turning back, at the peak (more off peak). */
  layoverMinutes: readonly [number, number]
}

export interface DemoSchedule {
  timings: RouteTiming[]
  trips: ScheduledTrip[]
}

/** One direction of a route as the timetable needs it: metres along it at each stop, and routes at each stop. */
export interface TimedPattern {
  stops: ReadonlyArray<{ stopId: string; distMetres: number }>
}

export interface ScheduleOptions {
  routes: readonly AmmanRoute[]
  /** By route id: direction 0 and direction 1. */
  patternsByRoute: ReadonlyMap<string, readonly [TimedPattern, TimedPattern]>
  /** How many routes serve a stop (longer dwells where several do); 1 when absent. */
  routesAtStop?: ReadonlyMap<string, number>
  serviceDays: readonly ServiceDay[]
  /** Buses in service at the weekday peak, all routes together. */
  peakBuses: number
  traffic?: TrafficProfile
}

const MIN_LAYOVER_MINUTES = 5
const MAX_LAYOVER_MINUTES = 10
/** Departure times every this many seconds of the service day are tried to find a direction's longest run. */
const RUN_TIME_PROBE_S = 600

type TripTimer = (directionId: 0 | 1, departureS: number) => number[]

/**
 * The demo timetable. Each route's buses shuttle between its two ends, each on its own "slot" of a fixed cycle
 * (run out, layover, run back, layover), spread evenly over the cycle: all slots run in the peaks, about half off
 * peak, about a quarter late in the evening. A slot's unbroken stretch of work is one block (one bus). Running
 * times are the expected ones of the hour (running-times.ts, the model the simulator drives by): the cycle is built
 * on the longest (peak) runs, so the peak's layover is the 5–10 minutes of recovery and off-peak trips, quicker,
 * wait longer at the terminals, as real timetables do. Because a route never runs more blocks at once than it has
 * slots, and every slot runs through both weekday peaks, the weekday peak is exactly the sum of the routes' peak buses.
 */
export function buildSchedule(random: Random, options: ScheduleOptions): DemoSchedule {
  const { routes, serviceDays } = options
  const traffic = options.traffic ?? AMMAN_TRAFFIC
  const base = routes.map((route) => {
    const patterns = options.patternsByRoute.get(route.routeId)
    if (patterns === undefined) throw new RangeError(`No stops for route ${route.routeId}`)
    const layoverMinutes = [
      randomInt(random, MIN_LAYOVER_MINUTES, MAX_LAYOVER_MINUTES),
      randomInt(random, MIN_LAYOVER_MINUTES, MAX_LAYOVER_MINUTES),
    ] as const
    const timerOn = (day: ServiceDay): TripTimer => (directionId, departureS) =>
      expectedStopOffsetsS({
        distancesM: patterns[directionId].stops.map((s) => s.distMetres),
        routesAtStop: patterns[directionId].stops.map((s) => options.routesAtStop?.get(s.stopId) ?? 1),
        freeFlowSpeedMps: route.freeFlowSpeedKmh / 3.6, departureS, traffic, dayKind: day.dayKind,
      })
    return { route, layoverMinutes, timerOn }
  })
  const weekday = serviceDays.find((d) => d.dayKind === 'workday') ?? serviceDays[0]!
  const longestRuns = base.map((b) => longestRunMinutes(b.timerOn(weekday), weekday))
  const peakBuses = allocatePeakBuses(
    base.map((b, i) => ({
      cycleMinutes: longestRuns[i]![0] + longestRuns[i]![1] + b.layoverMinutes[0] + b.layoverMinutes[1],
      wishedHeadwayMinutes: b.route.peakHeadwayMinutes,
    })),
    options.peakBuses,
  )
  const timings = base.map((b, i) => ({ routeId: b.route.routeId, peakBuses: peakBuses[i]!, runMinutes: Math.max(...longestRuns[i]!), runToHeadway: b.route.runToHeadway, layoverMinutes: b.layoverMinutes }))
  const trips: ScheduledTrip[] = []
  for (const day of serviceDays) {
    base.forEach((b, i) => {
      const timer = b.timerOn(day)
      trips.push(...scheduleRouteDay(timings[i]!, longestRunMinutes(timer, day), timer, day))
    })
  }
  return { timings, trips }
}

/** Each direction's longest run of the day, in whole minutes. */
function longestRunMinutes(timer: TripTimer, day: ServiceDay): [number, number] {
  const from = day.periods[0]!.startSeconds
  const to = day.periods[day.periods.length - 1]!.endSeconds
  const longest = [0, 0]
  for (let s = from - 3600; s <= to; s += RUN_TIME_PROBE_S) {
    for (const directionId of [0, 1] as const) longest[directionId] = Math.max(longest[directionId]!, timer(directionId, s).at(-1)!)
  }
  return [Math.ceil(longest[0]! / 60), Math.ceil(longest[1]! / 60)]
}

/** `count` of `items`, as evenly spread as they go. */
function spreadPick<T>(items: readonly T[], count: number): T[] {
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!)
}

function slotsByLevel(peakBuses: number): Record<ServiceLevel, ReadonlySet<number>> {
  const all = Array.from({ length: peakBuses }, (_, i) => i)
  const half = spreadPick(all, Math.max(1, Math.round(peakBuses / 2)))
  const quarter = spreadPick(half, Math.max(1, Math.round(peakBuses / 4)))
  return { all: new Set(all), half: new Set(half), quarter: new Set(quarter) }
}

/** The stretches of the day a slot works: its periods, back-to-back ones joined. */
function workingStretches(day: ServiceDay, slot: number, slots: Record<ServiceLevel, ReadonlySet<number>>) {
  const stretches: { startSeconds: number; endSeconds: number }[] = []
  for (const period of day.periods) {
    if (!slots[period.level].has(slot)) continue
    const last = stretches[stretches.length - 1]
    if (last && last.endSeconds === period.startSeconds) last.endSeconds = period.endSeconds
    else stretches.push({ startSeconds: period.startSeconds, endSeconds: period.endSeconds })
  }
  return stretches
}

function scheduleRouteDay(timing: RouteTiming, longestRuns: readonly [number, number], timer: TripTimer, day: ServiceDay): ScheduledTrip[] {
  const [layoverFirstMinutes, layoverLastMinutes] = timing.layoverMinutes
  const cycleSeconds = (longestRuns[0] + longestRuns[1] + layoverFirstMinutes + layoverLastMinutes) * 60
  const inboundAfterSeconds = (longestRuns[0] + layoverLastMinutes) * 60
  const dayStartSeconds = day.periods[0]!.startSeconds
  const slots = slotsByLevel(timing.peakBuses)
  const trips: (Omit<ScheduledTrip, 'tripId'> & { slot: number })[] = []
  for (let slot = 0; slot < timing.peakBuses; slot++) {
    const phaseSeconds = Math.round((slot * cycleSeconds) / timing.peakBuses / 60) * 60
    const stretches = workingStretches(day, slot, slots)
    stretches.forEach((stretch, stretchIndex) => {
      const blockId = `${timing.routeId}-${day.dayCode}-B${String(slot + 1).padStart(2, '0')}-${stretchIndex + 1}`
      const fromDayStart = stretch.startSeconds === dayStartSeconds
      for (let j = 0; ; j++) {
        const directionId = (j % 2) as 0 | 1
        const departureSeconds = dayStartSeconds - cycleSeconds + phaseSeconds + Math.floor(j / 2) * cycleSeconds + directionId * inboundAfterSeconds
        if (departureSeconds > stretch.endSeconds) break
        const stopOffsetsS = timer(directionId, departureSeconds)
        const runSeconds = stopOffsetsS.at(-1)!
        // The first stretch of the day starts with the first departure; later ones with the trip under way.
        const started = fromDayStart ? departureSeconds >= stretch.startSeconds : departureSeconds + runSeconds >= stretch.startSeconds
        if (!started) continue
        const headwayS = timing.runToHeadway ? headwayAt(day, departureSeconds, cycleSeconds, slots) : undefined
        trips.push({ routeId: timing.routeId, serviceId: day.serviceId, directionId, blockId, departureSeconds, stopOffsetsS, runSeconds, slot, ...(headwayS ? { headwayS } : {}) })
      }
    })
  }
  trips.sort((a, b) => a.departureSeconds - b.departureSeconds || a.directionId - b.directionId || a.slot - b.slot)
  return trips.map(({ slot: _slot, ...trip }, i) => ({ ...trip, tripId: `${timing.routeId}-${day.dayCode}-${String(i + 1).padStart(4, '0')}` }))
}

/** The headway at a departure: the cycle over the slots working in the period it falls in. */
function headwayAt(day: ServiceDay, departureS: number, cycleSeconds: number, slots: Record<ServiceLevel, ReadonlySet<number>>): number {
  const period = day.periods.find((p) => departureS >= p.startSeconds && departureS < p.endSeconds) ?? (departureS < day.periods[0]!.startSeconds ? day.periods[0]! : day.periods.at(-1)!)
  return Math.round(cycleSeconds / slots[period.level].size)
}
