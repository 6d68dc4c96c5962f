import closeWithGrace from 'close-with-grace'
import { loadApiConfig } from './config.js'
import { createServicePool } from '@masar/platform/db/service-pool'
import { createApiLogger } from './log-redaction.js'
import { startApi } from './start-api.js'

let config
try {
  config = loadApiConfig(process.env)
} catch (err) {
  console.error((err as Error).message)
  process.exit(1)
}
const logger = createApiLogger({ name: 'masar-api', level: config.log.level })
const pool = createServicePool({ url: config.db.url, max: config.db.poolMax, applicationName: 'masar-api' }, logger)
const api = await startApi({ config, logger, pool }).catch((err: unknown) => {
  logger.error({ err }, 'the api could not start')
  process.exit(1)
})

// SIGTERM (Kubernetes, systemd): /readyz 503 for the drain (still serving), then the server closes after the
// requests in flight, then the broker and the pool; past drain + grace the process exits anyway (close-with-grace
// exits 1). SIGINT (Ctrl-C at a terminal, no load balancer) skips the drain.
closeWithGrace({ delay: config.shutdown.drainMs + config.shutdown.graceMs }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'stopping after a fatal error')
  else if (signal === 'SIGTERM') await api.drain(config.shutdown.drainMs, signal)
  else logger.info({ signal }, 'stopping')
  await api.stop()
  await pool.end()
})
