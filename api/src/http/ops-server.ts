import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'

export interface OpsServerOptions {
  host: string
  port: number
  logger: Logger
  registry: Registry
  /** More routes of the same kind (the realtime engine's /healthz and /readyz). */
  routes?: (app: FastifyInstance) => void
}

export interface OpsServer {
  url: string
  close(): Promise<void>
}

/**
 * The operations port: /metrics in the Prometheus text format, on a listener of its own beside the public one, so
 * that an Ingress or proxy in front of the public port can never expose it (Prometheus scrapes the pods directly).
 * The api reader (METRICS_PORT) and the realtime engine (REALTIME_HTTP_PORT) both serve theirs with it.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const app = Fastify({ loggerInstance: options.logger.child({ component: 'ops-http' }, { level: 'warn' }) as FastifyBaseLogger })
  app.get('/metrics', async (_request, reply) => reply.type(options.registry.contentType).send(await options.registry.metrics()))
  options.routes?.(app)
  const url = await app.listen({ host: options.host, port: options.port })
  return { url, close: () => app.close() }
}
