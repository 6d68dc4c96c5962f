import type { FastifyBaseLogger } from 'fastify'
import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino'

/**
 * Fastify's `childLoggerFactory`: `request.log` is made only when a request logs something. Most requests (feeds,
 * rider endpoints) never do, and a pino child of the api's redacting logger redacted its bindings on every request,
 * a fiftieth of the api's time per feed request. A call below the logger's level makes nothing.
 */
export function lazyRequestLogger(this: unknown, logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger
}

const enabled = (logger: FastifyBaseLogger, level: string) => (logger as Partial<Pick<Logger, 'isLevelEnabled'>>).isLevelEnabled?.(level) ?? true

class LazyRequestLogger {
  #parent: FastifyBaseLogger
  #bindings: Bindings
  #options: ChildLoggerOptions
  #child: FastifyBaseLogger | null = null

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent
    this.#bindings = bindings
    this.#options = options
  }

  #real(): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options))
  }

  #log(level: Level, args: unknown[]): void {
    if (this.#child || enabled(this.#parent, level)) (this.#real()[level] as (...a: unknown[]) => void)(...args)
  }

  get level(): string {
    return (this.#child ?? this.#parent).level
  }

  set level(level: string) {
    this.#real().level = level
  }

  isLevelEnabled(level: string): boolean {
    return enabled(this.#child ?? this.#parent, level)
  }

  fatal(...args: unknown[]): void { this.#log('fatal', args) }
  error(...args: unknown[]): void { this.#log('error', args) }
  warn(...args: unknown[]): void { this.#log('warn', args) }
  info(...args: unknown[]): void { this.#log('info', args) }
  debug(...args: unknown[]): void { this.#log('debug', args) }
  trace(...args: unknown[]): void { this.#log('trace', args) }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options)
  }
}
