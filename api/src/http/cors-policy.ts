import type { FastifyCorsOptions } from '@fastify/cors'

/**
 * Which browser origins may read what. The public, read-only endpoints (static and realtime feeds, stops, routes,
 * arrivals, a trip, the clock) are open to any origin: GTFS-Realtime consumers and third-party rider apps call them
 * from their own pages, and they answer the same to everyone (no cookies; an API key is sent as a header).
 * Everything else (dispatcher and admin endpoints, sign-in, writes) is same origin only, or the origins listed in
 * API_CORS_ORIGINS. The check is on the path, so a new endpoint is closed until it is added here.
 */
const OPEN_READ_PATHS: readonly RegExp[] = [
  /^\/gtfs\/gtfs\.zip$/,
  /^\/gtfs-rt\/[^/]+$/,
  /^\/api\/v1\/stops(\/nearby|\/[^/]+\/arrivals)?$/,
  /^\/api\/v1\/routes(\/[^/]+)?$/,
  /^\/api\/v1\/trips\/[^/]+$/,
  /^\/api\/v1\/time$/,
  /^\/docs\/json$/,
]

const READ_METHODS = new Set(['GET', 'HEAD'])

/** A GET/HEAD (or the preflight of one) of a public read-only path. */
export function isOpenToAnyOrigin(method: string, url: string, preflightMethod?: string): boolean {
  const path = url.split('?')[0]!
  const effective = method === 'OPTIONS' ? (preflightMethod ?? '').toUpperCase() : method
  return READ_METHODS.has(effective) && OPEN_READ_PATHS.some((pattern) => pattern.test(path))
}

/** The CORS answer for one request: '*' on open paths; else only the configured origins; else none (same origin). */
export function corsOptionsFor(request: { method: string; url: string; headers: Record<string, string | string[] | undefined> }, allowedOrigins: readonly string[]): FastifyCorsOptions {
  const preflightMethod = request.headers['access-control-request-method']
  if (isOpenToAnyOrigin(request.method, request.url, typeof preflightMethod === 'string' ? preflightMethod : undefined)) {
    return { origin: '*', methods: ['GET', 'HEAD'], exposedHeaders: ['ETag', 'Last-Modified', 'Retry-After'], maxAge: 86_400 }
  }
  if (allowedOrigins.length === 0) return { origin: false }
  return {
    origin: [...allowedOrigins], methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-API-Key', 'Accept-Language'], exposedHeaders: ['Retry-After'], maxAge: 600,
  }
}
