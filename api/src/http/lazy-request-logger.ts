import type { FastifyBaseLogger } from 'fastify'
import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino'

/**
 * Fastify's `childLoggerFactory`: `request.log` is made only when a request logs something. Most requests (feeds,
 * rider endpoints) never do, and a pino child of the api's redacting logger redacted its bindings on every request,
 * a fiftieth of the api's time per feed request. A call below the logger's level makes nothing.
 */
export function lazyRequestLogger(this: unknown, logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  let child: FastifyBaseLogger | null = null
  const real = () => (child ??= logger.child(bindings, options))
  const enabled = (target: FastifyBaseLogger, level: string) => (target as Partial<Pick<Logger, 'isLevelEnabled'>>).isLevelEnabled?.(level) ?? true
  const at = (level: Level) => (...args: unknown[]) => {
    if (child || enabled(logger, level)) (real()[level] as (...a: unknown[]) => void)(...args)
  }
  return {
    get level() {
      return child?.level ?? logger.level
    },
    set level(level: string) {
      real().level = level
    },
    isLevelEnabled: (level: string) => enabled(child ?? logger, level),
    fatal: at('fatal'), error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), trace: at('trace'),
    silent: () => {},
    child: (childBindings: Bindings, childOptions?: ChildLoggerOptions) => real().child(childBindings, childOptions),
  } as FastifyBaseLogger
}
