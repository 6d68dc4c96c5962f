import { createVehicleClients } from '@masar/simulators/mqtt/vehicle-clients'
import { readTrace } from '@masar/simulators/replay/read-trace'
import { replayTrace, type ReplayResult } from '@masar/simulators/replay/replay-trace'
import type { TraceRecord } from '@masar/simulators/replay/trace-record'
import type { Logger } from 'pino'

/**
 * The demo on real buses instead of simulated ones: a recorded trace published as its trackers published it, each
 * vehicle its own MQTT client, with the trace's own fix times. The stack's clock starts at the first record
 * replayed (see chooseStackClock), so at speed 1 every fix arrives at the instant it was recorded, and ingest, the
 * engine and the riders' pages see that day as it happened.
 */
export interface ReplayPlan {
  path: string
  records: TraceRecord[]
  vehicles: number
  /** The first record replayed: where the stack's clock starts. */
  startMs: number
}

export class ReplayPlanError extends Error {
  readonly code = 'REPLAY_NOTHING_TO_REPLAY'
}

/** Reads the trace and keeps the records from `fromMs` on (the whole trace when null). */
export async function planReplay(path: string, fromMs: number | null): Promise<ReplayPlan> {
  const trace = await readTrace(path)
  const records = fromMs === null ? trace.records : trace.records.filter((r) => r.atMs >= fromMs)
  const first = records[0]
  if (!first) {
    const last = trace.records.at(-1)
    throw new ReplayPlanError(`MASAR_REPLAY: ${path} has no record at or after ${new Date(fromMs ?? 0).toISOString()} (its last is ${last ? new Date(last.atMs).toISOString() : 'none'})`)
  }
  return { path, records, vehicles: new Set(records.map((r) => r.vehicleId)).size, startMs: first.atMs }
}

export interface Replay {
  readonly vehicles: number
  readonly published: number
  readonly done: Promise<ReplayResult | null>
  stop(): Promise<void>
}

export function startReplay(options: { plan: ReplayPlan; now: () => number; brokerUrl: string; protocolVersion: 4 | 5; agencyId: string; logger: Logger }): Replay {
  const { plan, logger } = options
  const clients = createVehicleClients({
    url: options.brokerUrl, protocolVersion: options.protocolVersion,
    clientIdOf: options.agencyId === 'gam' ? undefined : (vehicleId) => `${options.agencyId}-${vehicleId}`,
  })
  const abort = new AbortController()
  let published = 0
  let lastLoggedMinute = -1
  const done = replayTrace({
    records: plan.records, clients, agencyId: options.agencyId, speed: 1, timestamps: 'recorded', now: options.now, signal: abort.signal,
    onProgress: (progress) => {
      published = progress.published
      const minute = Math.floor(progress.elapsedMs / 60_000)
      if (minute !== lastLoggedMinute) {
        lastLoggedMinute = minute
        logger.info({ published: progress.published, vehicles: progress.vehicles, replayedAt: new Date(progress.replayedAtMs).toISOString() }, 'trace replay')
      }
    },
  }).then((result) => {
    if (!result.aborted) logger.info({ published: result.published, skipped: result.skipped }, 'the trace replay reached its end')
    return result
  }).catch((err: unknown) => {
    logger.error({ err }, 'the trace replay stopped')
    return null
  })
  return {
    vehicles: plan.vehicles,
    get published() {
      return published
    },
    done,
    async stop() {
      abort.abort()
      await done
      await clients.close()
    },
  }
}
