import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { isOnTime } from '@masar/model/realtime/on-time'
import { createRandom, forkRandom } from '../tracker/random.js'
import type { BusEvent } from './bus.js'
import { FleetSimulation } from './fleet-simulation.js'

/**
 * How late the simulated fleet really runs, from the simulator's ground truth (not from what Masar makes of the
 * pings): the fleet of a service date is driven from its first pull-out, and at each sample instant every bus on a
 * trip counts with its deviation at the last stop it left (its arrival at a trip's last stop). The demo's timetable
 * and the simulator's traffic agree when most buses are on time at every hour (realtime/on-time.ts).
 */
export interface AdherenceWindow {
  /** Local hour the window starts at (as the demo's SIM_START=HH:00). */
  startHour: number
  /** Bus-samples taken (each bus on a trip, once a minute). */
  samples: number
  /** Distinct buses on a trip during the window. */
  buses: number
  onTimeShare: number
  medianDeviationS: number
  p90DeviationS: number
  maxDeviationS: number
}

export interface MeasureAdherenceOptions {
  schedule: Schedule
  /** 'YYYY-MM-DD' in the feed's time zone. */
  serviceDate: string
  startHours: readonly number[]
  windowMinutes: number
  seed: number | string
  stepS?: number
  sampleEveryS?: number
}

const quantile = (sorted: readonly number[], q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!)

export function measureAdherence(options: MeasureAdherenceOptions): AdherenceWindow[] {
  const stepS = options.stepS ?? 5
  const sampleEveryS = options.sampleEveryS ?? 60
  const lastDeviationS = new Map<string, { tripId: string; deviationS: number }>()
  const record = (event: BusEvent) => {
    if (event.kind === 'visit') {
      const v = event.visit
      const last = v.stopSequence > 1 && v.arrivalMs === v.departureMs
      const deviationS = last ? (v.arrivalMs - v.scheduledArrivalMs) / 1000 : (v.departureMs - v.scheduledDepartureMs) / 1000
      lastDeviationS.set(v.vehicleId, { tripId: v.tripId, deviationS })
    } else if (event.kind === 'to-depot' || event.kind === 'off-duty') lastDeviationS.delete(event.vehicleId)
  }
  const random = createRandom(options.seed)
  const simulation = new FleetSimulation({ schedule: options.schedule, serviceDate: options.serviceDate, random: forkRandom(random, 'fleet') }, record)
  const windows = [...options.startHours].sort((a, b) => a - b).map((startHour) => {
    const fromMs = simulation.dayStartMs + startHour * 3600_000
    return { startHour, fromMs, toMs: fromMs + options.windowMinutes * 60_000, deviations: [] as number[], buses: new Set<string>() }
  })
  const endMs = Math.max(...windows.map((w) => w.toMs))
  let nextSampleMs = Number.NEGATIVE_INFINITY
  for (let atMs = simulation.span.fromMs; atMs <= endMs; atMs += stepS * 1000) {
    simulation.step(atMs, stepS)
    if (atMs < nextSampleMs) continue
    nextSampleMs = atMs + sampleEveryS * 1000
    const window = windows.find((w) => atMs >= w.fromMs && atMs < w.toMs)
    if (!window) continue
    for (const bus of simulation.buses) {
      const trip = bus.currentTrip
      const last = lastDeviationS.get(bus.vehicleId)
      if (!trip || !last || bus.powerOnMs > atMs) continue
      window.deviations.push(last.deviationS)
      window.buses.add(bus.vehicleId)
    }
  }
  return windows.map((w) => {
    const sorted = [...w.deviations].sort((a, b) => a - b)
    return {
      startHour: w.startHour, samples: sorted.length, buses: w.buses.size,
      onTimeShare: sorted.length === 0 ? Number.NaN : sorted.filter(isOnTime).length / sorted.length,
      medianDeviationS: quantile(sorted, 0.5), p90DeviationS: quantile(sorted, 0.9), maxDeviationS: sorted.at(-1) ?? Number.NaN,
    }
  })
}

export function formatAdherenceTable(windows: readonly AdherenceWindow[]): string {
  const min = (s: number) => (s / 60).toFixed(1)
  const lines = ['hour   buses  on time  median min  p90 min  max min']
  for (const w of windows) {
    lines.push(`${String(w.startHour).padStart(2, '0')}:00  ${String(w.buses).padStart(5)}  ${(w.onTimeShare * 100).toFixed(0).padStart(6)} %  ${min(w.medianDeviationS).padStart(10)}  ${min(w.p90DeviationS).padStart(7)}  ${min(w.maxDeviationS).padStart(7)}`)
  }
  return lines.join('\n')
}
