import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { bearerTokenOf } from './auth.js'

const request = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest

describe('bearerTokenOf', () => {
  it('reads Authorization: Bearer, or on a WebSocket upgrade the masar.bearer. subprotocol, and nothing else', () => {
    expect(bearerTokenOf(request({ authorization: 'Bearer abc.def' }))).toBe('abc.def')
    expect(bearerTokenOf(request({ upgrade: 'websocket', 'sec-websocket-protocol': 'masar.live.v1, masar.bearer.abc.def' }))).toBe('abc.def')
    expect(bearerTokenOf(request({ upgrade: 'websocket', 'sec-websocket-protocol': 'masar.live.v1' }))).toBeNull()
    expect(bearerTokenOf(request({ 'sec-websocket-protocol': 'masar.bearer.abc.def' }))).toBeNull() // not an upgrade
    expect(bearerTokenOf(request({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeNull() // a site's password, not a token
    expect(bearerTokenOf(request({ upgrade: 'websocket', 'sec-websocket-protocol': 'masar.live.v1, masar.bearer.' }))).toBe('') // offered, empty: refused as invalid
  })
})
