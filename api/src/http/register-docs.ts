import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { API_ERRORS, ApiErrorBody } from '@masar/model/api/api-errors'
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify'
import { isRoleGuard } from '../auth/auth.js'

const errorList = Object.entries(API_ERRORS).map(([code, { status, description }]) => `- \`${code}\` (${status}): ${description}`).join('\n')

/**
 * The OpenAPI document (/docs/json) built from every route's schema, and browsable docs at /docs. Each documented
 * route also gets, from here: the error body for its 4xx and 5xx answers, and its `security` — a bearer token
 * where a role guard protects it (auth.requireRole), else none or an API key (which only raises the rate limit).
 * Registered before any route. With `serve` false (API_DOCS=false) the routes keep their error bodies, but neither
 * /docs nor /docs/json is served.
 */
export async function registerDocs(app: FastifyInstance, options: { serve: boolean }): Promise<void> {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as (FastifySchema & { hide?: boolean; security?: unknown; response?: Record<string, unknown> }) | undefined
    if (!schema || schema.hide) return
    schema.response = { '4xx': ApiErrorBody, '5xx': ApiErrorBody, ...schema.response }
    schema.security ??= isProtected(route) ? [{ bearerAuth: [] }] : [{}, { apiKey: [] }]
  })
  if (!options.serve) return
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Masar API',
        version: '1',
        description: `Live fleet state, GTFS and GTFS-Realtime feeds of the Greater Amman Municipality bus network.\n\nErrors are JSON \`{ code, message }\` (and \`requestId\` on a 5xx); each code always comes with the same status:\n${errorList}\n\nThe live stream, WebSocket \`/api/v1/live\` (\`?route=\`, \`?bbox=minLon,minLat,maxLon,maxLat\`, \`?stops=S1,S2\`, \`?lang=\`), is not an operation here: its JSON messages are \`LiveMessage\` of @masar/model (api/live.ts): \`snapshot\`, \`vehicle\`, \`health\` and \`arrivals\`. Anyone gets each vehicle as \`RiderVehicle\`; a dispatcher or admin gets \`VehicleView\` by offering the subprotocols \`masar.live.v1\` and \`masar.bearer.<token>\` (or sending Authorization: Bearer); an invalid token is refused 401 before the handshake. Over the per-address or total cap of live streams: 429 \`API_LIVE_ADDRESS_LIMIT\` or 503 \`API_LIVE_FULL\`.`,
      },
      tags: [
        { name: 'feeds', description: 'GTFS and GTFS-Realtime for third-party apps' },
        { name: 'riders', description: 'Stops, routes and arrivals, in Arabic and English' },
        { name: 'fleet', description: 'The live fleet, for dispatchers' },
        { name: 'alerts', description: 'Service alerts, for dispatchers' },
        { name: 'auth', description: 'Sign-in, accounts and API keys' },
        { name: 'health', description: 'Probes' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'a dispatcher\'s or admin\'s token from POST /api/v1/auth/token' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'a third-party app\'s key (POST /api/v1/api-keys): its own rate limit on public operations' },
          smsGatewaySecret: { type: 'apiKey', in: 'header', name: 'X-Sms-Gateway-Secret', description: 'the SMS gateway\'s shared secret (SMS_GATEWAY_SECRET)' },
          smsGatewaySecretQuery: { type: 'apiKey', in: 'query', name: 'secret', description: 'the same, for a gateway that can only template a URL (Kannel\'s get-url, post-url); the api\'s logs redact it' },
        },
      },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}

/** A route behind auth.requireRole (its guard is a preHandler, or already moved to onRequest by register-security.ts). */
function isProtected(route: RouteOptions): boolean {
  return [route.preHandler ?? [], route.onRequest ?? []].flat().some(isRoleGuard)
}
