import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/** The OpenAPI document (/docs/json) built from every route's schema, and browsable docs at /docs. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Masar API',
        version: '1',
        description: 'Live fleet state, GTFS and GTFS-Realtime feeds of the Greater Amman Municipality bus network. Errors are JSON `{ code, message }`.',
      },
      tags: [
        { name: 'feeds', description: 'GTFS and GTFS-Realtime for third-party apps' },
        { name: 'riders', description: 'Stops, routes and arrivals, in Arabic and English' },
        { name: 'fleet', description: 'The live fleet, for dispatchers' },
        { name: 'health', description: 'Probes' },
      ],
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}
