import pg from 'pg'
import { loadApiConfig } from './config.js'
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
const pool = new pg.Pool({ connectionString: config.db.url, max: config.db.poolMax })
const api = await startApi({ config, logger, pool }).catch((err: unknown) => {
  logger.error({ err }, 'the api could not start')
  process.exit(1)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'stopping the api')
    void api.stop().then(() => pool.end()).then(() => process.exit(0))
  })
}
