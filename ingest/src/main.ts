import closeWithGrace from 'close-with-grace'
import { loadConfig } from './config.js'
import { createServicePool } from '@masar/platform/db/service-pool'
import { createLogger } from './logger.js'
import { startIngest } from './start-ingest.js'

let config
try {
  config = loadConfig(process.env)
} catch (err) {
  console.error((err as Error).message)
  process.exit(1)
}
const logger = createLogger({ name: 'masar-ingest', level: config.log.level })
const pool = createServicePool({ url: config.db.url, max: config.db.poolMax, applicationName: 'masar-ingest' }, logger)
const ingest = await startIngest({ config, logger, pool })

closeWithGrace({ delay: config.shutdownGraceMs + 2_000 }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'stopping after a fatal error')
  else logger.info({ signal }, 'stopping')
  await ingest.stop()
  await pool.end()
})
