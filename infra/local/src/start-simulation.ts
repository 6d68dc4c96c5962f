import { loadSchedule } from '@masar/gtfs/schedule/load-schedule'
import { createTruthWriter } from '@masar/simulators/fleet/ground-truth'
import { parseStart } from '@masar/simulators/fleet/parse-sim-args'
import { runFleet, type FleetRunResult } from '@masar/simulators/fleet/run-fleet'
import { createVehicleClients } from '@masar/simulators/mqtt/vehicle-clients'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { LocalConfig } from './config.js'

export interface Simulation {
  buses: number
  stop(): Promise<void>
}

/**
 * The demo's fleet: every bus of the active feed's service day, driven in real time from now, each its own MQTT
 * client on the broker ingest listens to. Null when there is no active feed.
 */
export async function startSimulation(options: { pool: pg.Pool; brokerUrl: string; protocolVersion: 4 | 5; config: LocalConfig['simulator']; logger: Logger }): Promise<Simulation | null> {
  const { config, logger } = options
  const schedule = await loadSchedule(options.pool).catch((err: unknown) => {
    logger.warn({ err }, 'no schedule to simulate: the fleet simulator is off (import a feed with gtfs:import)')
    return null
  })
  if (!schedule) return null
  const clients = createVehicleClients({ url: options.brokerUrl, protocolVersion: options.protocolVersion })
  const truth = config.truthFile ? createTruthWriter(config.truthFile) : null
  const abort = new AbortController()
  let buses = 0
  const running: Promise<FleetRunResult | null> = runFleet({
    schedule, clients, seed: config.seed, startMs: parseStart(config.start, config.speed, schedule.timeZone, Date.now()), speed: config.speed, vehicles: config.vehicles, signal: abort.signal,
    onTruth: truth ? (event) => truth.write(event) : undefined,
    onProgress: (progress) => {
      buses = progress.busesActive
      if (Math.floor(progress.simulatedMs / 1000) % 60 === 0) logger.info({ busesActive: progress.busesActive, pings: progress.pings, pingsPerSecond: Math.round(progress.pingsPerSecond) }, 'fleet simulator')
    },
  }).catch((err: unknown) => {
    logger.error({ err }, 'the fleet simulator stopped')
    return null
  })
  return {
    get buses() {
      return buses
    },
    async stop() {
      abort.abort()
      await running
      await truth?.close()
      await clients.close()
    },
  }
}
