import type { FastifyInstance } from 'fastify'
import type { Histogram } from 'prom-client'

/**
 * Every answered request observed once, labelled by its route's pattern (`/api/v1/stops/:id/arrivals`, never the
 * URL: one series per route, not per stop) and status; a request that matched no route is `unmatched`.
 */
export function recordRequestMetrics(app: FastifyInstance, histogram: Histogram<'method' | 'route' | 'status_code'>): void {
  app.addHook('onResponse', (request, reply, done) => {
    histogram.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) }, reply.elapsedTime / 1000)
    done()
  })
}
