import type { FastifyInstance } from 'fastify'

/**
 * Every route the api registers, as Fastify's onRoute hook sees it (HTTP and WebSocket alike, whether or not the
 * OpenAPI document shows it: WebSocket routes are hidden there), so a test can walk them all. Registered before any
 * route.
 */
export interface RouteEntry {
  method: string
  url: string
  websocket: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteEntry[]
  }
}

export function recordRoutes(app: FastifyInstance): void {
  const routes: RouteEntry[] = []
  app.decorate('routeTable', routes)
  app.addHook('onRoute', (route) => {
    const websocket = Boolean((route as { websocket?: boolean }).websocket)
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, websocket })
  })
}
