import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { DEFAULT_PING_LIMITS } from '@masar/model/telemetry/ping-limits'
import { parsePositionMessage } from '@masar/model/telemetry/parse-position-message'
import { runFleet, serviceDateAt } from '@masar/simulators/fleet/run-fleet'
import type { VehicleClients } from '@masar/simulators/mqtt/vehicle-clients'
import type { ReplayPipeline } from './replay-pipeline.js'

/**
 * A seeded simulated day through the pipeline: the fleet simulator's trackers publish as they would over MQTT,
 * each message is parsed with ingest's rules at the simulated instant it is sent and handed to the pipeline;
 * the simulator's true arrivals score the predictions (when `scoreWithTruth`).
 */
export interface SimulatedDayOptions {
  schedule: Schedule
  pipeline: ReplayPipeline
  seed: string | number
  startMs: number
  durationS: number
  vehicles?: number
  scoreWithTruth: boolean
  /**
   * 'vehicle' (default): a bus's true arrival at a stop scores what was predicted for that bus at that stop (on the
   * trip Masar matched it to): the ETA a rider is shown for the bus coming. 'trip': a true arrival scores the
   * predictions of the trip the simulator ran, whichever bus Masar predicted it for (trip identity counts too).
   */
  truthBy?: 'vehicle' | 'trip'
}

export interface SimulatedDayResult {
  buses: number
  pings: number
  refused: number
  visits: number
}

export async function runSimulatedDay(options: SimulatedDayOptions): Promise<SimulatedDayResult> {
  const { pipeline } = options
  let simMs = options.startMs
  let refused = 0
  let visits = 0
  const serviceDate = serviceDateAt(options.schedule, options.startMs)
  const clients: VehicleClients = {
    publish: async (_vehicleId, topic, payload) => {
      const parsed = parsePositionMessage(topic, typeof payload === 'string' ? Buffer.from(payload) : payload, { ...DEFAULT_PING_LIMITS, nowMs: simMs })
      refused += parsed.rejections.length
      for (const ping of parsed.pings) pipeline.receive(ping, simMs)
    },
    disconnect: async () => {},
    connectedCount: () => 0,
    acknowledged: () => 0,
    close: async () => {},
  }
  const result = await runFleet({
    schedule: options.schedule, clients, seed: options.seed, startMs: options.startMs, durationS: options.durationS, speed: Number.POSITIVE_INFINITY,
    vehicles: options.vehicles, now: () => 0,
    onStep: (atMs) => {
      simMs = atMs
      pipeline.advanceTo(atMs)
    },
    onTruth: (event) => {
      if (event.kind !== 'visit' || !options.scoreWithTruth) return
      const { visit } = event
      visits += 1
      if (options.truthBy === 'trip') {
        pipeline.service.arrived(visit.tripId, serviceDate, visit.stopSequence, visit.arrivalMs)
        return
      }
      const match = pipeline.fleet.get(visit.vehicleId)?.match
      const trip = match?.tripId ? options.schedule.trips.get(match.tripId) : undefined
      if (!match?.serviceDate || !trip) return
      const from = Math.max(0, (match.status === 'layover' ? 0 : (match.nextStopIndex ?? trip.stopIds.length)) - 2)
      const i = trip.stopIds.indexOf(visit.stopId, from)
      if (i !== -1) pipeline.service.arrived(trip.tripId, match.serviceDate, i + 1, visit.arrivalMs)
    },
  })
  return { buses: result.buses, pings: result.pings, refused, visits }
}
