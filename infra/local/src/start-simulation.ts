import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { createTruthWriter } from '@masar/simulators/fleet/ground-truth'
import { runFleet, type FleetRunResult } from '@masar/simulators/fleet/run-fleet'
import { createVehicleClients } from '@masar/simulators/mqtt/vehicle-clients'
import type { Logger } from 'pino'
import type { LocalConfig } from './config.js'

export interface Simulation {
  buses: number
  stop(): Promise<void>
}

/**
 * The demo's fleet: every bus of the active feed's service day, driven in real time from `startMs` (where the
 * stack's clock started), each its own MQTT client on the broker ingest listens to.
 */
export function startSimulation(options: { schedule: Schedule; startMs: number; brokerUrl: string; protocolVersion: 4 | 5; config: LocalConfig['simulator']; logger: Logger }): Simulation {
  const { config, logger, schedule } = options
  const clients = createVehicleClients({
    url: options.brokerUrl, protocolVersion: options.protocolVersion,
    clientIdOf: config.agencyId === 'gam' ? undefined : (vehicleId) => `${config.agencyId}-${vehicleId}`,
  })
  const truth = config.truthFile ? createTruthWriter(config.truthFile) : null
  const abort = new AbortController()
  let buses = 0
  const running: Promise<FleetRunResult | null> = runFleet({
    schedule, clients, seed: config.seed, startMs: options.startMs, speed: config.speed, vehicles: config.vehicles, agencyId: config.agencyId, signal: abort.signal,
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
