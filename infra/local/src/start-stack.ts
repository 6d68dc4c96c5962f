import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { activeFeedId } from '@masar/gtfs/import/feeds.repository'
import { loadSchedule } from '@masar/gtfs/schedule/load-schedule'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { importFeed } from '@masar/gtfs/import/import-feed'
import { validateFeed } from '@masar/gtfs/validate/validate-feed'
import { loadApiConfig } from '@masar/api/config'
import { startApi, type Api } from '@masar/api/start-api'
import { leaderElectionOf, loadRealtimeConfig } from '@masar/api/realtime/realtime-config'
import { startRealtime, type RealtimeService } from '@masar/api/realtime/start-realtime'
import { loadConfig as loadIngestConfig } from '@masar/ingest/config'
import { startIngest, type Ingest } from '@masar/ingest/start-ingest'
import { openDeviceDirectory } from '@masar/ingest/sources/device-directory'
import { defaultVehicleId } from '@masar/simulators/fleet/fleet-simulation'
import { migrate } from '@masar/platform/db/migrate'
import { startEmbeddedBroker, type EmbeddedBroker } from '@masar/embedded/embedded-broker'
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@masar/embedded/embedded-database'
import { startTimescaleJobRunner, type TimescaleJobRunner } from '@masar/embedded/timescale-job-runner'
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import pg from 'pg'
import type { Logger } from 'pino'
import { chooseStackClock, createStackClock, type StackClock } from './clock/stack-clock.js'
import type { LocalConfig } from './config.js'
import { startSimulation, type Simulation } from './start-simulation.js'
import { planReplay, startReplay, type Replay, type ReplayPlan } from './start-replay.js'

/** Amman's tracked buses: the demo's vehicle ids bus-0001 … bus-0206 may report through every source. */
const DEMO_FLEET_SIZE = 206

export interface Stack {
  brokerUrl: string
  databaseUrl: string
  embeddedBroker: boolean
  embeddedDatabase: boolean
  timescale: boolean
  /** The one pool every service here shares (the embedded database takes a single connection): tests write fixtures through it. */
  pool: pg.Pool
  ingest: Ingest
  /** The realtime engine: the one writer of everything derived from the ping stream. */
  realtime: RealtimeService
  /** The api, a reader of what the engine publishes. */
  api: Api
  /** The clock every service runs on: real time, or a demo clock (SIM_START, or the night demo). */
  clock: StackClock
  /** The fleet simulator, when on and there is a feed to simulate (and no trace is replayed). */
  simulation: Simulation | null
  /** The trace replayed instead (MASAR_REPLAY). */
  replay: Replay | null
  dataDir: string | null
  /** NODE_ENV=production: the banner shows no secret. */
  production: boolean
  /** The SMS webhook's shared secret: SMS_GATEWAY_SECRET, or (not in production) one made up for this run, shown in the banner; null: the webhook is off. */
  smsGatewaySecret: string | null
  stop(): Promise<void>
}

/**
 * The composition root of `npm start`: the broker and database (embedded unless MQTT_URL / DATABASE_URL name real
 * ones), migrations, then every service in this process through its start function, sharing one pg pool (the
 * embedded database serves one connection at a time).
 */
export async function startStack(options: { config: LocalConfig; env: Record<string, string | undefined>; logger: Logger }): Promise<Stack> {
  const { config, env, logger } = options
  const stoppers: Array<() => Promise<void>> = []
  const stopAll = async (): Promise<void> => {
    for (const stop of stoppers.reverse()) await stop().catch((err: unknown) => logger.error({ err }, 'error while stopping'))
  }
  try {
    let broker: EmbeddedBroker | null = null
    if (!config.mqtt.url) {
      broker = await startEmbeddedBroker({ port: config.mqtt.embeddedPort, anyPortIfTaken: !config.mqtt.embeddedPortChosen })
      stoppers.push(() => broker!.close())
    }
    const brokerUrl = config.mqtt.url ?? broker!.url

    let database: EmbeddedDatabase | null = null
    const dataDir = config.db.url ? null : resolve(config.dataDir, 'timescaledb')
    if (dataDir) {
      await mkdir(dataDir, { recursive: true })
      logger.info({ dataDir }, 'opening the embedded TimescaleDB (a few seconds)')
      database = await startEmbeddedDatabase({ dataDir, port: config.db.embeddedPort, anyPortIfTaken: !config.db.embeddedPortChosen })
      stoppers.push(() => database!.close())
    }
    const databaseUrl = config.db.url ?? database!.url
    const pool = new pg.Pool({ connectionString: databaseUrl, max: database ? 1 : 4 })
    pool.on('error', (err) => logger.warn({ err }, 'idle database connection failed'))
    stoppers.push(() => pool.end())

    const migration = await migrate(pool, {
      timescale: config.migrate.timescale,
      policies: config.migrate.policies,
      log: (message, details) => logger.info(details, message),
    })
    logger.info({ timescale: migration.timescale, applied: migration.applied.length, alreadyApplied: migration.alreadyApplied }, 'database schema up to date')

    const feedPath = config.feedPath ?? (config.importDemoFeed ? AMMAN_DEMO_FEED_PATH : null)
    if (feedPath !== null && (await activeFeedId(pool)) === null) {
      logger.info({ path: feedPath }, 'no active GTFS feed: importing one')
      const imported = await importFeed({ pool, path: feedPath, writeMethod: database ? 'insert' : 'copy', validate: validateFeed })
      if (imported.ok) logger.info({ feedId: imported.feedId, rows: imported.rowCounts }, 'feed imported and active')
      else logger.error({ feedId: imported.feedId, path: feedPath }, 'the feed failed validation: see gtfs:list')
    }

    // A trace replayed instead of the simulator brings its own clock; else the simulator's schedule gives it (a demo
    // clock at night: see chooseStackClock).
    let replayPlan: ReplayPlan | null = null
    if (config.replay) {
      replayPlan = await planReplay(config.replay.path, config.replay.fromMs)
      logger.info({ path: replayPlan.path, records: replayPlan.records.length, vehicles: replayPlan.vehicles, from: new Date(replayPlan.startMs).toISOString() }, 'replaying a recorded trace instead of the fleet simulator')
    }
    let schedule: Schedule | null = null
    if (config.simulator.enabled && !replayPlan) {
      schedule = await loadSchedule(pool).catch((err: unknown) => {
        logger.warn({ err }, 'no schedule to simulate: the fleet simulator is off (import a feed with gtfs:import)')
        return null
      })
    }
    const choice = chooseStackClock({ simulator: config.simulator, schedule, realNowMs: Date.now(), replayStartMs: replayPlan?.startMs ?? null })
    const clock = createStackClock(choice, schedule?.timeZone ?? (replayPlan ? await feedTimeZone(pool) : 'UTC'))
    if (clock.mode !== 'real') logger.info({ demoClockAt: new Date(choice.startMs).toISOString(), offsetMs: clock.offsetMs, mode: clock.mode }, 'running on a demo clock')

    let jobs: TimescaleJobRunner | null = null
    // A replayed day from the past is not aged out as it arrives: TimescaleDB's retention and compression run on the
    // database's own (real) clock, and would drop or compress the chunks the replay is writing into.
    if (replayPlan && database && migration.timescale) logger.info('trace replay: the TimescaleDB retention and compression jobs are off for this run')
    if (database && migration.timescale && !replayPlan) {
      jobs = startTimescaleJobRunner({ pool, intervalMs: config.timescaleJobsIntervalMs, onError: (err) => logger.warn({ err }, 'TimescaleDB job failed') })
      stoppers.push(async () => jobs!.stop())
      jobs.runDueJobs().catch((err: unknown) => logger.warn({ err }, 'TimescaleDB job failed'))
    }

    const ingestConfig = loadIngestConfig({
      ...env,
      DATABASE_URL: databaseUrl,
      MQTT_URL: brokerUrl,
      // aedes speaks MQTT 3.1.1 and has no shared subscriptions; a real broker gets MQTT 5 and $share/ingest.
      ...(broker ? { MQTT_PROTOCOL_VERSION: '4', MQTT_SHARE_GROUP: '' } : {}),
      // The embedded database cannot take COPY over its socket: ingest writes with INSERT there.
      ...(database ? { INGEST_WRITE_METHOD: 'insert' } : {}),
      POSITIONS_RETENTION_DAYS: String(config.migrate.policies.positionsRetentionDays),
      HTTP_PORT: env.INGEST_HTTP_PORT ?? env.HTTP_PORT,
      MQTT_CLIENT_ID: env.INGEST_MQTT_CLIENT_ID ?? env.MQTT_CLIENT_ID, // the api reads MQTT_CLIENT_ID too: two stacks on one broker need this one apart
      SHUTDOWN_GRACE_MS: String(config.shutdownGraceMs),
      // npm start runs one ingest: on a real broker it keeps its session when stopped (the broker queues what
      // arrives meanwhile for its next start) instead of leaving the share group as one of several would.
      MQTT_LEAVE_GROUP_ON_STOP: env.MQTT_LEAVE_GROUP_ON_STOP ?? 'false',
      // phones (OsmAnd, Traccar Client) and Traccar on Traccar's own port; the demo's vehicles need no token
      SOURCES_HTTP_PORT: env.SOURCES_HTTP_PORT ?? '5055',
      SOURCES_TRACCAR_MQTT: env.SOURCES_TRACCAR_MQTT ?? 'true',
      SOURCES_AUTH: env.SOURCES_AUTH ?? (env.SOURCES_CREDENTIALS_DIR ? 'provisioned' : 'open'),
      SOURCES_AGENCY: env.SOURCES_AGENCY ?? config.simulator.agencyId,
    })
    // the demo's own vehicles (bus-0001 …) may report through every source, by hand or with npm run sim -- --via …
    const sourceDirectory = ingestConfig.sources.auth === 'open'
      ? openDeviceDirectory({ agencyId: config.simulator.agencyId, vehicleIds: Array.from({ length: Math.max(config.simulator.vehicles ?? 0, DEMO_FLEET_SIZE) }, (_, i) => defaultVehicleId(i)), autoRegister: ingestConfig.sources.autoRegister })
      : undefined
    const ingest = await startIngest({ config: ingestConfig, logger, pool, now: clock.now, sourceDirectory })
    stoppers.push(() => ingest.stop())

    // The realtime engine, then the api that follows it. With the embedded database this process is the only
    // instance (its one connection cannot hold a lock of its own); on a real server it takes the lead by lock.
    const realtimeConfig = loadRealtimeConfig({
      ...env,
      DATABASE_URL: databaseUrl,
      MQTT_URL: brokerUrl,
      MQTT_PROTOCOL_VERSION: broker ? '4' : env.MQTT_PROTOCOL_VERSION,
      REALTIME_LEADER_ELECTION: env.REALTIME_LEADER_ELECTION ?? (database ? 'single' : 'advisory-lock'),
      POSITIONS_RETENTION_DAYS: String(config.migrate.policies.positionsRetentionDays), // ingest's ping limits
    })
    const realtime = await startRealtime({
      config: realtimeConfig, logger, pool, now: clock.now, election: leaderElectionOf(realtimeConfig),
      onLeadershipLost: (err) => logger.error({ err }, 'the realtime engine lost its leadership lock: restart Masar'),
    })
    stoppers.push(() => realtime.stop())
    await realtime.leading

    // The SMS webhook wants the gateway's secret: SMS_GATEWAY_SECRET, or on the demo one made up for this run and shown
    // in the banner so that the webhook can be tried (in production no secret means off, as in the image).
    const smsGatewaySecret = env.SMS_GATEWAY_SECRET || (config.production ? null : randomBytes(18).toString('base64url'))
    const api = await startApi({
      config: loadApiConfig({
        ...env,
        DATABASE_URL: databaseUrl,
        MQTT_URL: brokerUrl,
        MQTT_PROTOCOL_VERSION: broker ? '4' : env.MQTT_PROTOCOL_VERSION,
        API_PORT: env.API_PORT ?? '8080',
        // the dispatcher's Sources panel and phone set-up QR code: this process's listener unless a public URL is given
        ...(ingest.sourcesUrl && !env.SOURCES_PUBLIC_URL ? { SOURCES_PUBLIC_URL: ingest.sourcesUrl } : {}),
        // ingest's side port is 9101 in this process: the api's /metrics one further
        METRICS_PORT: env.METRICS_PORT ?? '9102',
        ...(smsGatewaySecret ? { SMS_GATEWAY_SECRET: smsGatewaySecret } : {}),
        // A first admin on a fresh database: the configured password, or (not in production, where nothing secret is
        // printed) one made up here and shown once.
        API_ADMIN_PASSWORD: env.API_ADMIN_PASSWORD ?? (config.production ? undefined : randomBytes(12).toString('base64url')),
      }),
      logger, pool, now: clock.now,
    })
    stoppers.push(() => api.stop())
    await api.realtime.firstState

    let simulation: Simulation | null = null
    if (schedule) {
      // from the stack clock's now: at speed 1 its fixes are stamped with the stack's clock
      simulation = startSimulation({ schedule, startMs: clock.now(), brokerUrl, protocolVersion: broker ? 4 : 5, config: config.simulator, logger })
      stoppers.push(() => simulation!.stop())
    }

    let replay: Replay | null = null
    if (replayPlan) {
      replay = startReplay({ plan: replayPlan, now: clock.now, brokerUrl, protocolVersion: broker ? 4 : 5, agencyId: config.simulator.agencyId, logger })
      stoppers.push(() => replay!.stop())
    }

    return {
      brokerUrl, databaseUrl, pool, ingest, realtime, api, clock, simulation, replay, dataDir, smsGatewaySecret,
      production: config.production,
      embeddedBroker: broker !== null,
      embeddedDatabase: database !== null,
      timescale: migration.timescale,
      stop: stopAll,
    }
  } catch (err) {
    await stopAll()
    throw err
  }
}

/** The active feed's time zone (its first agency's), to show the clock in; UTC without a feed. */
async function feedTimeZone(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ agency_timezone: string }>('SELECT a.agency_timezone FROM gtfs_agency a JOIN active_feed f USING (feed_id) ORDER BY a.agency_id LIMIT 1').catch(() => ({ rows: [] as Array<{ agency_timezone: string }> }))
  return rows[0]?.agency_timezone ?? 'UTC'
}
