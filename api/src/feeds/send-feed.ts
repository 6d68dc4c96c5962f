import type { FastifyReply, FastifyRequest } from 'fastify'
import type { EncodedFeed } from '../gtfs-rt/feed-cache.js'

/**
 * Sends an encoded feed the way feed consumers expect: ETag and Last-Modified (304 when the client has it),
 * gzip when accepted, a short public cache life, and `?format=json` for people reading it. What does not depend on
 * the request (the dates, the body as a Buffer) is worked out once per feed version.
 */
interface FeedWire {
  lastModified: string
  /** Last-Modified as If-Modified-Since compares it: whole seconds. */
  lastModifiedMs: number
  body: Buffer
}

const wireOfFeed = new WeakMap<EncodedFeed, FeedWire>()

function wireOf(feed: EncodedFeed): FeedWire {
  let wire = wireOfFeed.get(feed)
  if (!wire) {
    wire = {
      lastModified: new Date(feed.lastModifiedMs).toUTCString(), lastModifiedMs: Math.floor(feed.lastModifiedMs / 1000) * 1000,
      body: Buffer.from(feed.bytes.buffer, feed.bytes.byteOffset, feed.bytes.byteLength),
    }
    wireOfFeed.set(feed, wire)
  }
  return wire
}

const GZIP = /\bgzip\b/

export function sendFeed(request: FastifyRequest<{ Querystring: { format?: 'json' | 'pb' } }>, reply: FastifyReply, feed: EncodedFeed, contentType: string, maxAgeS: number): FastifyReply {
  const wire = wireOf(feed)
  reply.header('etag', feed.etag).header('last-modified', wire.lastModified).header('cache-control', `public, max-age=${maxAgeS}`).header('vary', 'Accept-Encoding')
  if (request.query.format === 'json') return reply.type('application/json; charset=utf-8').send(feed.json())
  const ifNoneMatch = request.headers['if-none-match']
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === feed.etag)) return reply.code(304).send()
  const ifModifiedSince = request.headers['if-modified-since']
  if (!ifNoneMatch && ifModifiedSince && Date.parse(ifModifiedSince) >= wire.lastModifiedMs) return reply.code(304).send()
  reply.header('content-type', contentType)
  const acceptEncoding = request.headers['accept-encoding']
  if (acceptEncoding && GZIP.test(acceptEncoding)) return reply.header('content-encoding', 'gzip').send(feed.gzipped)
  return reply.send(wire.body)
}
