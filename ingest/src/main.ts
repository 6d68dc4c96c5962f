import closeWithGrace from 'close-with-grace'
import { loadConfig } from './config.js'
import { createPool } from './db/pool.js'
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
const pool = createPool(config.db.url, logger, { max: config.db.poolMax })
const ingest = await startIngest({ config, logger, pool })

closeWithGrace({ delay: config.shutdownGraceMs + 2_000 }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'stopping after a fatal error')
  else logger.info({ signal }, 'stopping')
  await ingest.stop()
  await pool.end()
})
