import closeWithGrace from 'close-with-grace'
import pino from 'pino'
import { loadLocalConfig } from './config.js'
import { formatBanner } from './format-banner.js'
import { startStack } from './start-stack.js'

let config
try {
  config = loadLocalConfig(process.env)
} catch (err) {
  console.error((err as Error).message)
  process.exit(1)
}
const logger = pino({
  name: 'masar',
  level: config.log.level,
  redact: ['*.password', 'password'],
  transport: process.stdout.isTTY ? { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } : undefined,
})
let stack
try {
  stack = await startStack({ config, env: process.env, logger })
} catch (err) {
  logger.error({ err }, 'Masar could not start')
  process.exit(1)
}
console.log(formatBanner(stack))

closeWithGrace({ delay: config.shutdownGraceMs + 5_000 }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'stopping after a fatal error')
  else logger.info({ signal }, 'stopping Masar')
  await stack.stop()
  logger.info('Masar stopped: what ingest had received is stored, the database closed')
})
