import type { HttpFixRequest } from '../sources/http-fix-request.js'

const encoder = new TextEncoder()

/** A request as the gateway hands it over: `uri`'s query decoded (as Fastify's querystring does), no body. */
export function getRequest(uri: string): HttpFixRequest {
  const search = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : ''
  return { method: 'GET', query: Object.fromEntries(new URLSearchParams(search)), contentType: undefined, body: new Uint8Array() }
}

/** A POST with `body` (a string is UTF-8 encoded) and `uri`'s query. */
export function postRequest(uri: string, contentType: string | undefined, body: string | Uint8Array): HttpFixRequest {
  return { ...getRequest(uri), method: 'POST', contentType, body: typeof body === 'string' ? encoder.encode(body) : body }
}

/** Bodies no decoder may accept, and must not throw on. */
export const HOSTILE_BODIES: readonly (string | Uint8Array)[] = [
  '',
  '   \r\n',
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
  '[{"device_id":"1"}]',
  '[]',
  'null',
  '42',
  '"text"',
  '{"location":',
  new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x9c, 0x00, 0x13, 0x37]),
  new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)),
]
