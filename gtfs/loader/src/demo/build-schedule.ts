import { allocatePeakBuses } from './allocate-peak-buses.js'
import type { AmmanRoute } from './amman-routes.js'
import { randomInt, type Random } from '@masar/model/random/seeded-random'
import type { ServiceDay, ServiceLevel } from './service-days.js'

export interface ScheduledTrip {
  tripId: string
  routeId: string
  serviceId: string
  directionId: 0 | 1
  blockId: string
  departureSeconds: number
  runSeconds: number
}

export interface RouteTiming {
  routeId: string
  peakBuses: number
  /** One way, on a weekday. */
  runMinutes: number
  /** Minutes a bus waits at the first and at the last place before turning back. */
  layoverMinutes: readonly [number, number]
}

export interface DemoSchedule {
  timings: RouteTiming[]
  trips: ScheduledTrip[]
}

export interface ScheduleOptions {
  routes: readonly AmmanRoute[]
  lengthMetresByRoute: ReadonlyMap<string, number>
  serviceDays: readonly ServiceDay[]
  /** Buses in service at the weekday peak, all routes together. */
  peakBuses: number
}

const MIN_LAYOVER_MINUTES = 5
const MAX_LAYOVER_MINUTES = 10

function runMinutes(lengthMetres: number, speedKmh: number, factor: number): number {
  return Math.ceil(((lengthMetres / (speedKmh / 3.6)) * factor) / 60)
}

/**
 * The demo timetable. Each route's buses shuttle between its two ends, each on its own "slot" of a fixed cycle
 * (run out, layover, run back, layover), spread evenly over the cycle: all slots run in the peaks, about half off
 * peak, about a quarter late in the evening. A slot's unbroken stretch of work is one block (one bus). Because a
 * route never runs more blocks at once than it has slots, and every slot runs through both weekday peaks, the
 * weekday peak is exactly the sum of the routes' peak buses.
 */
export function buildSchedule(random: Random, options: ScheduleOptions): DemoSchedule {
  const { routes, lengthMetresByRoute, serviceDays } = options
  const base = routes.map((route) => {
    const lengthMetres = lengthMetresByRoute.get(route.routeId)
    if (lengthMetres === undefined) throw new RangeError(`No length for route ${route.routeId}`)
    const layoverMinutes = [
      randomInt(random, MIN_LAYOVER_MINUTES, MAX_LAYOVER_MINUTES),
      randomInt(random, MIN_LAYOVER_MINUTES, MAX_LAYOVER_MINUTES),
    ] as const
    return { route, lengthMetres, layoverMinutes, runMinutes: runMinutes(lengthMetres, route.speedKmh, 1) }
  })
  const peakBuses = allocatePeakBuses(
    base.map((b) => ({
      cycleMinutes: 2 * b.runMinutes + b.layoverMinutes[0] + b.layoverMinutes[1],
      wishedHeadwayMinutes: b.route.peakHeadwayMinutes,
    })),
    options.peakBuses,
  )
  const timings = base.map((b, i) => ({ routeId: b.route.routeId, peakBuses: peakBuses[i]!, runMinutes: b.runMinutes, layoverMinutes: b.layoverMinutes }))
  const trips: ScheduledTrip[] = []
  for (const day of serviceDays) {
    base.forEach((b, i) => {
      const dayRunMinutes = runMinutes(b.lengthMetres, b.route.speedKmh, day.runTimeFactor)
      trips.push(...scheduleRouteDay(timings[i]!, dayRunMinutes, day))
    })
  }
  return { timings, trips }
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

function scheduleRouteDay(timing: RouteTiming, runMinutesToday: number, day: ServiceDay): ScheduledTrip[] {
  const [layoverFirstMinutes, layoverLastMinutes] = timing.layoverMinutes
  const cycleSeconds = (2 * runMinutesToday + layoverFirstMinutes + layoverLastMinutes) * 60
  const runSeconds = runMinutesToday * 60
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
        const departureSeconds =
          dayStartSeconds - cycleSeconds + phaseSeconds + Math.floor(j / 2) * cycleSeconds +
          directionId * (runSeconds + layoverLastMinutes * 60)
        if (departureSeconds > stretch.endSeconds) break
        // The first stretch of the day starts with the first departure; later ones with the trip under way.
        const started = fromDayStart ? departureSeconds >= stretch.startSeconds : departureSeconds + runSeconds >= stretch.startSeconds
        if (!started) continue
        trips.push({ routeId: timing.routeId, serviceId: day.serviceId, directionId, blockId, departureSeconds, runSeconds, slot })
      }
    })
  }
  trips.sort((a, b) => a.departureSeconds - b.departureSeconds || a.directionId - b.directionId || a.slot - b.slot)
  return trips.map(({ slot: _slot, ...trip }, i) => ({ ...trip, tripId: `${timing.routeId}-${day.dayCode}-${String(i + 1).padStart(4, '0')}` }))
}
