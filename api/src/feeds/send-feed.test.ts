import Fastify, { type FastifyInstance } from 'fastify'
import { gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EncodedFeed } from '../gtfs-rt/feed-cache.js'
import { jsonEtagOf, sendFeed } from './send-feed.js'

/**
 * The attack: `?format=json` on a public feed made the api turn the whole feed into JSON on every request, and
 * never answered 304, so anyone could keep a core busy by asking for it. It is made once per feed version now and
 * served like the protobuf.
 */
const feedOf = (etag: string): EncodedFeed & { json: ReturnType<typeof vi.fn> } => ({
  bytes: new Uint8Array([1, 2, 3]), gzipped: Buffer.alloc(0), etag, lastModifiedMs: Date.UTC(2026, 11, 7, 8), builtAtMs: Date.UTC(2026, 11, 7, 8),
  json: vi.fn(() => ({ header: { gtfsRealtimeVersion: '2.0' }, entity: [{ id: 'bus-1' }] })),
})

let app: FastifyInstance | null = null
afterEach(async () => {
  await app?.close()
  app = null
})

function serve(feed: () => EncodedFeed) {
  app = Fastify()
  app.get<{ Querystring: { format?: 'json' | 'pb' } }>('/feed.pb', async (request, reply) => sendFeed(request, reply, feed(), 'application/x-protobuf', 2))
  return (query: string, headers: Record<string, string> = {}) => app!.inject({ url: `/feed.pb${query}`, headers })
}

describe('?format=json on a feed', () => {
  it('is serialised once per feed version, under an ETag of its own, and answered 304 to a client that has it', async () => {
    let feed = feedOf('"v1"')
    const get = serve(() => feed)
    const first = await get('?format=json')
    const second = await get('?format=json', { 'accept-encoding': 'gzip' })
    expect(feed.json).toHaveBeenCalledTimes(1)
    expect(first.json()).toEqual({ header: { gtfsRealtimeVersion: '2.0' }, entity: [{ id: 'bus-1' }] })
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(gunzipSync(second.rawPayload).toString('utf8'))).toEqual(first.json())
    expect(first.headers.etag).toBe('"v1-json"')
    expect(second.headers.etag).toBe(first.headers.etag)

    const notModified = await get('?format=json', { 'if-none-match': first.headers.etag as string })
    expect(notModified.statusCode).toBe(304)
    expect(notModified.body).toBe('')
    expect(feed.json).toHaveBeenCalledTimes(1)
    // neither form's ETag answers for the other
    expect((await get('?format=json', { 'if-none-match': '"v1"' })).statusCode).toBe(200)
    expect((await get('', { 'if-none-match': '"v1-json"' })).statusCode).toBe(200)
    expect((await get('', { 'if-none-match': '"v1"' })).statusCode).toBe(304)

    // a new feed version: made again, once, under its new ETag; the old one no longer matches
    feed = feedOf('"v2"')
    const next = await get('?format=json', { 'if-none-match': first.headers.etag as string })
    expect([next.statusCode, next.headers.etag]).toEqual([200, '"v2-json"'])
    await get('?format=json')
    expect(feed.json).toHaveBeenCalledTimes(1)
  })

  it('marks an ETag as the JSON form\'s, quoted or weak', () => {
    expect([jsonEtagOf('"abc"'), jsonEtagOf('W/"abc"')]).toEqual(['"abc-json"', 'W/"abc-json"'])
  })
})
