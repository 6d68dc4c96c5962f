import { TimeResponse } from '@masar/model/api/health'
import type { FastifyPluginAsync } from 'fastify'

const timeResponse = { 200: TimeResponse }

/**
 * GET /api/v1/time: the api's clock. The dashboard counts arrivals, ping ages and history windows from it rather
 * than from the browser's own clock, which may be wrong (a rider's phone) or, in the demo, hours away from the
 * stack's demo clock.
 */
export const timePlugin: FastifyPluginAsync<{ now: () => number }> = async (app, { now }) => {
  app.get('/api/v1/time', { schema: { tags: ['riders'], operationId: 'getServerTime', summary: 'The server\'s clock (epoch ms)', response: timeResponse } }, async (_request, reply) => {
    reply.header('Cache-Control', 'no-store')
    return { serverTimeMs: now() }
  })
}
