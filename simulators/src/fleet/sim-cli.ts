import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { loadSchedule } from '@masar/gtfs/schedule/load-schedule'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { readCredentialsFile } from '../mqtt/tracker-credentials.js'
import { createVehicleClients, type VehicleClients } from '../mqtt/vehicle-clients.js'
import { VIAS, type Via } from '../tracker/via/simulated-fix.js'
import { createViaClients, type ViaReport } from '../tracker/via/via-clients.js'
import { createTruthWriter } from './ground-truth.js'
import { parseDuration, parseStart } from './parse-sim-args.js'
import { formatFleetProgress } from './format-fleet-progress.js'
import { readSimProfile } from './read-sim-profile.js'
import { runFleet } from './run-fleet.js'

/**
 * `npm run sim -- --vehicles 206 --speed 10`: the fleet of the active feed (DATABASE_URL; without it, the Amman
 * demo feed) driven on a clock, each bus its own MQTT client. Live progress on stderr, the result as JSON on stdout.
 */
const USAGE = `usage: npm run sim -- [--vehicles N] [--speed X] [--start now|HH:MM|ISO] [--duration 2h] [--seed 206]
       [--truth truth.ndjson] [--bad-rate 0.001] [--interval S] [--url mqtt://…] [--protocol 4|5] [--agency gam]
       [--profile behaviour.json]      (overrides: { behaviour, tracker, congestion }; see read-sim-profile.ts)
       [--credentials trackers.json]   (vehicle id → { username, password }; "*" a template with {vehicleId})
       [--via masar|osmand|traccar-json|traccar-url|traccar-mqtt|gtfs-rt]   (how the trackers reach Masar; default masar)
       [--gateway http://127.0.0.1:5055]   (osmand, traccar-json, traccar-url: the sources' HTTP listener)
       [--token T]   (osmand: each device's ?token=, {vehicleId} replaced)   [--key K]   (traccar-*: the source key)
       [--source traccar]   (traccar-mqtt, on --url: the source's login, --key its password; topic traccar/{source}/positions)
       [--serve-port 8099]   (gtfs-rt: the feed's port)
       osmand without --token: each vehicle's password from --credentials (as provisioned phones send it), else none`

async function scheduleFor(databaseUrl: string | undefined): Promise<{ schedule: Schedule; close: () => Promise<void> }> {
  if (!databaseUrl) {
    process.stderr.write(`DATABASE_URL is not set: simulating the Amman demo feed (${AMMAN_DEMO_FEED_PATH})\n`)
    return { schedule: await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH), close: async () => undefined }
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 })
  try {
    return { schedule: await loadSchedule(pool), close: () => pool.end() }
  } catch (err) {
    await pool.end()
    throw err
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      vehicles: { type: 'string' },
      speed: { type: 'string', default: '1' },
      start: { type: 'string' },
      duration: { type: 'string' },
      seed: { type: 'string', default: '206' },
      truth: { type: 'string' },
      'bad-rate': { type: 'string' },
      interval: { type: 'string' },
      url: { type: 'string', default: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883' },
      protocol: { type: 'string' }, // masar: 4 unless 5; traccar-mqtt: 5 unless 4
      agency: { type: 'string', default: 'gam' },
      credentials: { type: 'string' },
      profile: { type: 'string' },
      via: { type: 'string', default: 'masar' },
      gateway: { type: 'string', default: 'http://127.0.0.1:5055' },
      token: { type: 'string' },
      key: { type: 'string' },
      source: { type: 'string' },
      'serve-port': { type: 'string', default: '8099' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const speed = values.speed === 'max' ? Number.POSITIVE_INFINITY : Number(values.speed)
  if (!(speed > 0)) throw new SimArgumentError(`--speed must be a positive number or "max", not "${values.speed}"`)
  const vehicles = values.vehicles === undefined ? undefined : Number(values.vehicles)
  if (vehicles !== undefined && !(Number.isInteger(vehicles) && vehicles > 0)) throw new SimArgumentError(`--vehicles must be a positive integer, not "${values.vehicles}"`)

  const via = values.via as Via
  if (!VIAS.includes(via)) throw new SimArgumentError(`--via must be one of ${VIAS.join(', ')}, not "${values.via}"`)
  const servePort = Number(values['serve-port'])
  if (!(Number.isInteger(servePort) && servePort >= 0 && servePort < 65536)) throw new SimArgumentError(`--serve-port must be a port number, not "${values['serve-port']}"`)

  const { schedule, close } = await scheduleFor(process.env.DATABASE_URL)
  await close()
  const startMs = parseStart(values.start, speed, schedule.timeZone, Date.now())
  const profile = values.profile ? await readSimProfile(values.profile) : {}
  const credentialsOf = values.credentials ? await readCredentialsFile(values.credentials) : undefined
  let viaReport: (() => ViaReport) | null = null
  let clients: VehicleClients
  if (via === 'masar') {
    clients = createVehicleClients({ url: values.url, protocolVersion: values.protocol === '5' ? 5 : 4, credentialsOf })
  } else {
    const viaClients = await createViaClients({
      via, gatewayUrl: values.gateway, key: values.key, sourceId: values.source, mqttUrl: values.url, servePort,
      mqttProtocolVersion: values.protocol === '4' ? 4 : 5, // traccar-mqtt: Traccar's client speaks MQTT 5 unless told
      tokenOf: (vehicleId) => values.token?.replaceAll('{vehicleId}', vehicleId) ?? credentialsOf?.(vehicleId)?.password ?? null,
    })
    viaReport = viaClients.report
    clients = viaClients
    if (viaClients.report().feedUrl) process.stderr.write(`GTFS-RT VehiclePositions served at ${viaClients.report().feedUrl}\n`)
  }
  const truth = values.truth ? createTruthWriter(values.truth) : null
  const abort = new AbortController()
  process.once('SIGINT', () => abort.abort())
  process.once('SIGTERM', () => abort.abort())
  try {
    const result = await runFleet({
      schedule, clients, seed: values.seed, startMs, speed, vehicles, agencyId: values.agency,
      durationS: values.duration ? parseDuration(values.duration) : undefined,
      behaviour: profile.behaviour, congestion: profile.congestion,
      tracker: {
        ...profile.tracker,
        // a malformed Masar message is nothing another source sends: none unless asked for (then skipped and counted)
        ...(values['bad-rate'] !== undefined ? { badPingRate: Number(values['bad-rate']) } : via === 'masar' ? {} : { badPingRate: 0 }),
        ...(values.interval !== undefined ? { reportIntervalS: Number(values.interval) } : {}),
      },
      onTruth: truth ? (event) => truth.write(event) : undefined,
      onProgress: (progress) => process.stderr.write(`\r${formatFleetProgress(progress, schedule.timeZone)}`),
      signal: abort.signal,
    })
    process.stderr.write('\n')
    await clients.close()
    console.log(JSON.stringify({ ...result, ...(viaReport ? { via: viaReport() } : {}), from: new Date(result.fromMs).toISOString(), to: new Date(result.toMs).toISOString(), truthLines: truth?.lines ?? 0 }))
    return 0
  } finally {
    await truth?.close()
    await clients.close()
  }
}

class SimArgumentError extends Error {
  readonly code = 'SIM_BAD_ARGUMENT'
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const { code, message } = err as { code?: string; message?: string }
    console.error(`${code ?? 'SIM_FAILED'}: ${message ?? String(err)}`)
    process.exit(code === 'SIM_BAD_ARGUMENT' ? 2 : 1)
  },
)
