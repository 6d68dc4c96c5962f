import helmet, { type HelmetOptions } from 'helmet'
import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * Security headers (helmet's defaults) and a Content-Security-Policy that lets the dashboard work and nothing
 * more: scripts, styles, fonts and glyphs from this origin only; MapLibre's workers from blob: URLs (it builds its
 * worker in the page) and its RTL text plugin's WebAssembly ('wasm-unsafe-eval', not 'unsafe-eval'); images from
 * data: and blob: (map sprites, QR codes); fetch and the live WebSocket to this origin only ('self' covers ws: and
 * wss: to the same host). Inline styles are allowed because Svelte and MapLibre set style attributes; no inline
 * script is. The installable app's service worker (/sw.js) is covered by worker-src 'self', its manifest by
 * manifest-src 'self'. No upgrade-insecure-requests: the api may be served over plain HTTP (127.0.0.1, behind a TLS proxy).
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'", 'blob:'],
  'manifest-src': ["'self'"],
  'child-src': ["'self'", 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'", 'data:', 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'upgrade-insecure-requests': null,
} as const

export const HELMET_OPTIONS: HelmetOptions = helmetOptionsFor(null)

/**
 * Helmet's options when the maps draw a style from another host (MAP_STYLE_URL): that origin, and only it, joins
 * connect-src (MapLibre fetches a style, its tiles, sprites and glyphs with fetch, in the page or its workers).
 */
export function helmetOptionsFor(mapStyleOrigin: string | null): HelmetOptions {
  const directives = mapStyleOrigin === null ? CONTENT_SECURITY_POLICY : { ...CONTENT_SECURITY_POLICY, 'connect-src': [...CONTENT_SECURITY_POLICY['connect-src'], mapStyleOrigin] }
  return {
    contentSecurityPolicy: { useDefaults: false, directives },
    // Feeds and rider endpoints are read cross-origin by third-party apps (see cors-policy.ts).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  }
}

/**
 * The headers helmet sets with these options, worked out once: with no per-request value (no nonce, no function
 * directive) they are the same on every answer, and building helmet's middleware per request (as @fastify/helmet
 * does) was a tenth of the api's time per feed request. Helmet stays the source of the values.
 */
export function securityHeadersOf(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()]
    },
  }
  let failure: unknown = null
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => { failure = err ?? null })
  if (failure) throw failure
  return headers
}
