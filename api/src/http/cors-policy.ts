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
  const effective = method === 'OPTIONS' ? (preflightMethod ?? '').toUpperCase() : method
  if (!READ_METHODS.has(effective)) return false
  const query = url.indexOf('?')
  const path = query === -1 ? url : url.slice(0, query)
  let open = openPaths.get(path)
  if (open === undefined) {
    open = OPEN_READ_PATHS.some((pattern) => pattern.test(path))
    if (openPaths.size >= 10_000) openPaths.clear() // made-up paths cannot grow it without end
    openPaths.set(path, open)
  }
  return open
}

/** Paths already matched against OPEN_READ_PATHS: the feeds are asked for the same few paths all day. */
const openPaths = new Map<string, boolean>()

/** What CORS allows for one request: which origins, and the header values that say so (constants). */
export interface CorsAnswer {
  origins: '*' | readonly string[]
  exposeHeaders: string
  methods: string
  /** Null: whatever the preflight asks for (Access-Control-Request-Headers) is allowed. */
  allowHeaders: string | null
  maxAgeS: string
}

const OPEN: CorsAnswer = { origins: '*', exposeHeaders: 'ETag, Last-Modified, Retry-After', methods: 'GET, HEAD', allowHeaders: null, maxAgeS: '86400' }

/** The CORS answer for one request: '*' on open paths; else only the configured origins; else none (same origin). */
export function corsAnswerFor(method: string, url: string, preflightMethod: string | undefined, allowedOrigins: readonly string[]): CorsAnswer | null {
  if (isOpenToAnyOrigin(method, url, preflightMethod)) return OPEN
  if (allowedOrigins.length === 0) return null
  return configuredAnswer(allowedOrigins)
}

const configured = new WeakMap<readonly string[], CorsAnswer>()
function configuredAnswer(allowedOrigins: readonly string[]): CorsAnswer {
  let answer = configured.get(allowedOrigins)
  if (!answer) {
    answer = {
      origins: [...allowedOrigins], exposeHeaders: 'Retry-After', methods: 'GET, HEAD, POST, PUT, DELETE',
      allowHeaders: 'Authorization, Content-Type, X-API-Key, Accept-Language', maxAgeS: '600',
    }
    configured.set(allowedOrigins, answer)
  }
  return answer
}
