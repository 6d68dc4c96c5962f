import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'

export interface HealthState {
  /** Why ingest is not ready, or an empty list when it is. */
  notReadyReasons(): string[]
}

/** The side port: /healthz (the process is alive), /readyz (connected and keeping up), /metrics (Prometheus). */
export async function buildHealthServer(options: { logger: Logger; registry: Registry; state: HealthState }): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: options.logger.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger })
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (_request, reply) => {
    const reasons = options.state.notReadyReasons()
    return reply.code(reasons.length === 0 ? 200 : 503).send({ status: reasons.length === 0 ? 'ready' : 'not ready', reasons })
  })
  app.get('/metrics', async (_request, reply) => {
    return reply.type(options.registry.contentType).send(await options.registry.metrics())
  })
  return app
}
