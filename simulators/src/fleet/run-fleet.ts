import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { localDateOf, serviceDayOriginMs } from '@masar/model/gtfs/service-day'
import type { RejectReason } from '@masar/model/telemetry/reject-reasons'
import type { VehicleClients } from '../mqtt/vehicle-clients.js'
import { createRandom, forkRandom } from '../tracker/random.js'
import { profileFor } from '../tracker/tracker-profiles.js'
import { Tracker, type Publication, type TrackerProfile } from '../tracker/tracker.js'
import type { BusBehaviour, BusEvent } from './bus.js'
import type { CongestionOptions } from './congestion.js'
import { FleetSimulation } from './fleet-simulation.js'

/**
 * Runs the fleet on a clock: simulated time = start + elapsed real time × speed (speed Infinity: as fast as the
 * broker takes it). Each bus's tracker turns its true positions into publications, sent by the bus's own MQTT
 * client. Ground truth goes to `onTruth`. Returns what was sent.
 */
export interface RunFleetOptions {
  schedule: Schedule
  clients: VehicleClients
  seed: number | string
  /** Simulated start instant (epoch ms). */
  startMs: number
  /** Simulated seconds to run; default: until every bus is off duty. */
  durationS?: number
  speed: number
  vehicles?: number
  agencyId?: string
  tracker?: Partial<TrackerProfile>
  behaviour?: Partial<BusBehaviour>
  congestion?: Partial<CongestionOptions>
  /** Simulated seconds per step (default 1). */
  stepS?: number
  onTruth?: (event: BusEvent) => void
  onProgress?: (progress: FleetProgress) => void
  /** Each simulated step, before its publications are sent (an in-process consumer keeps its clock with it). */
  onStep?: (simulatedMs: number) => void
  /** Stops the run early (e.g. SIGINT); checked every step. */
  signal?: AbortSignal
  now?: () => number
}

export interface FleetProgress {
  simulatedMs: number
  busesActive: number
  busesOffline: number
  pings: number
  messages: number
  badMessages: number
  pingsPerSecond: number
}

export interface FleetRunResult {
  buses: number
  pings: number
  messages: number
  batches: number
  badMessages: number
  badByReason: Partial<Record<RejectReason, number>>
  fromMs: number
  toMs: number
  elapsedMs: number
}

const WARM_UP_STEP_S = 5
const PROGRESS_EVERY_MS = 1000

/** The service date a simulated instant belongs to: yesterday's when its after-midnight trips still run. */
export function serviceDateAt(schedule: Schedule, atMs: number): string {
  const today = localDateOf(atMs, schedule.timeZone)
  const [year, month, day] = today.split('-').map(Number) as [number, number, number]
  const yesterday = new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10)
  const startsToday = serviceDayOriginMs(today, schedule.timeZone) + 4 * 3600_000
  return atMs < startsToday ? yesterday : today
}

export async function runFleet(options: RunFleetOptions): Promise<FleetRunResult> {
  const now = options.now ?? Date.now
  const random = createRandom(options.seed)
  const serviceDate = serviceDateAt(options.schedule, options.startMs)
  let warm = false
  const simulation = new FleetSimulation(
    { schedule: options.schedule, serviceDate, random: forkRandom(random, 'fleet'), vehicles: options.vehicles, preferActiveAtMs: options.startMs, behaviour: options.behaviour, congestion: options.congestion },
    (event) => warm && options.onTruth?.(event),
  )
  const agencyId = options.agencyId ?? 'gam'
  const trackers = new Map(simulation.buses.map((bus) => {
    const trackerRandom = forkRandom(random, `tracker:${bus.vehicleId}`)
    return [bus.vehicleId, new Tracker(bus.vehicleId, profileFor(bus.vehicleId, { agencyId, ...options.tracker }, trackerRandom), trackerRandom)]
  }))

  // Buses already out at the start time are put where they would be (nothing is published for that stretch).
  const stepS = options.stepS ?? 1
  let simMs = simulation.span.fromMs
  while (simMs + WARM_UP_STEP_S * 1000 <= options.startMs) {
    simMs += WARM_UP_STEP_S * 1000
    simulation.step(simMs, WARM_UP_STEP_S)
  }
  simMs = options.startMs
  warm = true

  const result: FleetRunResult = { buses: simulation.buses.length, pings: 0, messages: 0, batches: 0, badMessages: 0, badByReason: {}, fromMs: options.startMs, toMs: options.startMs, elapsedMs: 0 }
  const endMs = options.durationS === undefined ? simulation.span.toMs : options.startMs + options.durationS * 1000
  const realStart = now()
  let lastProgress = realStart
  const sending: Array<Promise<void>> = []
  const send = (publication: Publication) => {
    result.messages += 1
    result.pings += publication.kind === 'bad' ? 0 : publication.pings
    if (publication.kind === 'batch') result.batches += 1
    if (publication.kind === 'bad' && publication.expectedReject) {
      result.badMessages += 1
      result.badByReason[publication.expectedReject] = (result.badByReason[publication.expectedReject] ?? 0) + 1
    }
    sending.push(options.clients.publish(publication.vehicleId, publication.topic, publication.payload))
  }

  while (simMs < endMs && !simulation.done && !options.signal?.aborted) {
    const dueMs = Number.isFinite(options.speed) ? options.startMs + (now() - realStart) * options.speed : Number.POSITIVE_INFINITY
    if (simMs + stepS * 1000 > dueMs) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(5, Math.min(200, (simMs + stepS * 1000 - dueMs) / options.speed))))
      continue
    }
    simMs += stepS * 1000
    options.onStep?.(simMs)
    for (const truth of simulation.step(simMs, stepS)) {
      for (const publication of trackers.get(truth.vehicleId)!.observe(truth)) send(publication)
    }
    if (sending.length >= 2000) await Promise.all(sending.splice(0))
    if (now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now()
      const seconds = (lastProgress - realStart) / 1000
      options.onProgress?.({
        simulatedMs: simMs, busesActive: simulation.buses.filter((b) => b.inService && b.powerOnMs <= simMs).length,
        busesOffline: [...trackers.values()].filter((t) => !t.online).length, pings: result.pings, messages: result.messages,
        badMessages: result.badMessages, pingsPerSecond: result.pings / seconds,
      })
    }
  }
  for (const tracker of trackers.values()) for (const publication of tracker.flush(simMs)) send(publication)
  await Promise.all(sending)
  result.toMs = simMs
  result.elapsedMs = now() - realStart
  return result
}
