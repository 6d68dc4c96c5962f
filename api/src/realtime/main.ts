import closeWithGrace from 'close-with-grace'
import { createServicePool } from '@masar/platform/db/service-pool'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { createApiLogger } from '../log-redaction.js'
import { startOpsServer } from '../http/ops-server.js'
import { leaderElectionOf, loadRealtimeConfig } from './realtime-config.js'
import { startRealtime } from './start-realtime.js'

let config
try {
  config = loadRealtimeConfig(process.env)
} catch (err) {
  console.error((err as Error).message)
  process.exit(1)
}
const logger = createApiLogger({ name: 'masar-realtime', level: config.log.level })
const pool = createServicePool({ url: config.db.url, max: config.db.poolMax, applicationName: 'masar-realtime' }, logger)
const clockOffsetMs = config.clockOffsetMs
const now = clockOffsetMs ? () => Date.now() + clockOffsetMs : Date.now
const service = await startRealtime({
  config, logger, pool, election: leaderElectionOf(config), now,
  // Leading without the lock would make two writers: stop at once; the supervisor starts a standby again.
  onLeadershipLost: () => process.exit(1),
})

const registry = new Registry()
collectDefaultMetrics({ register: registry })
const registers = [registry]
new Gauge({ name: 'masar_realtime_leader', help: '1 while this instance leads, 0 on standby', registers, collect() { this.set(service.isLeader ? 1 : 0) } })
new Gauge({ name: 'masar_realtime_vehicles', help: 'Vehicles held by the engine', registers, collect() { this.set(service.engine?.fleet.size ?? 0) } })
for (const [key, help] of [['applied', 'Fixes that moved a vehicle'], ['ignored', 'Fixes not newer than the one held (late or repeated)'], ['refused', 'Messages refused by the ping rules'], ['published', 'Messages published to the api readers'], ['scheduleSwitches', 'GTFS feed switches']] as const) {
  new Counter({ name: `masar_realtime_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_total`, help, registers, collect() { this.reset(); this.inc(service.counts[key]) } })
}
const rounds = new Histogram({ name: 'masar_realtime_prediction_round_seconds', help: 'How long a prediction round takes (every method predicting the fleet)', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5], registers })
service.onPredictionRound = (seconds) => rounds.observe(seconds)
new Gauge({
  name: 'masar_realtime_feed_age_seconds', help: 'Seconds since each GTFS-Realtime feed was last built and published', labelNames: ['feed'] as const, registers,
  collect() {
    const nowMs = now()
    for (const [feed, atMs] of Object.entries(service.feedBuiltAtMs)) this.set({ feed }, Math.max(0, (nowMs - atMs) / 1000))
  },
})
new Gauge({
  name: 'masar_realtime_db_pool_connections', help: 'The database pool: connections in all, idle, and clients waiting for one', labelNames: ['state'] as const, registers,
  collect() {
    this.set({ state: 'total' }, pool.totalCount)
    this.set({ state: 'idle' }, pool.idleCount)
    this.set({ state: 'waiting' }, pool.waitingCount)
  },
})
const health = await startOpsServer({
  host: config.http.host, port: config.http.port, logger, registry,
  routes: (app) => {
    app.get('/healthz', async () => ({ status: 'ok', leader: service.isLeader }))
    app.get('/readyz', async (_request, reply) => {
      const reasons = service.notReadyReasons()
      return reply.code(reasons.length ? 503 : 200).send({ ready: reasons.length === 0, leader: service.isLeader, reasons })
    })
  },
})

closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'stopping after a fatal error')
  else logger.info({ signal }, 'stopping the realtime engine')
  await health.close()
  await service.stop()
  await pool.end()
})
