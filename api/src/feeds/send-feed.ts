import type { FastifyReply, FastifyRequest } from 'fastify'
import { gzipSync } from 'node:zlib'
import type { EncodedFeed } from '../gtfs-rt/feed-cache.js'

/**
 * Sends an encoded feed the way feed consumers expect: ETag and Last-Modified (304 when the client has it),
 * gzip when accepted, a short public cache life, and `?format=json` for people reading it. What does not depend on
 * the request (the dates, the body as a Buffer, the JSON form) is worked out once per feed version: the JSON form
 * when first asked for, then served like the protobuf, under an ETag of its own (the protobuf's with `-json`).
 */
interface FeedVariant {
  etag: string
  body: Buffer
  /** Made when first asked for (the protobuf's comes with the feed). */
  gzipped: Buffer | null
}

interface FeedWire {
  lastModified: string
  /** Last-Modified as If-Modified-Since compares it: whole seconds. */
  lastModifiedMs: number
  protobuf: FeedVariant
  json: FeedVariant | null
}

const wireOfFeed = new WeakMap<EncodedFeed, FeedWire>()

function wireOf(feed: EncodedFeed): FeedWire {
  let wire = wireOfFeed.get(feed)
  if (!wire) {
    wire = {
      lastModified: new Date(feed.lastModifiedMs).toUTCString(), lastModifiedMs: Math.floor(feed.lastModifiedMs / 1000) * 1000,
      protobuf: { etag: feed.etag, body: Buffer.from(feed.bytes.buffer, feed.bytes.byteOffset, feed.bytes.byteLength), gzipped: feed.gzipped },
      json: null,
    }
    wireOfFeed.set(feed, wire)
  }
  return wire
}

/** The JSON form's ETag: the protobuf's, marked (`"abc"` → `"abc-json"`), so that neither answers for the other. */
export const jsonEtagOf = (etag: string) => (etag.endsWith('"') ? `${etag.slice(0, -1)}-json"` : `${etag}-json`)

function jsonOf(feed: EncodedFeed, wire: FeedWire): FeedVariant {
  return (wire.json ??= { etag: jsonEtagOf(feed.etag), body: Buffer.from(JSON.stringify(feed.json())), gzipped: null })
}

const GZIP = /\bgzip\b/

export function sendFeed(request: FastifyRequest<{ Querystring: { format?: 'json' | 'pb' } }>, reply: FastifyReply, feed: EncodedFeed, contentType: string, maxAgeS: number): FastifyReply {
  const wire = wireOf(feed)
  const json = request.query.format === 'json'
  const variant = json ? jsonOf(feed, wire) : wire.protobuf
  reply.header('etag', variant.etag).header('last-modified', wire.lastModified).header('cache-control', `public, max-age=${maxAgeS}`).header('vary', 'Accept-Encoding')
  const ifNoneMatch = request.headers['if-none-match']
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === variant.etag)) return reply.code(304).send()
  const ifModifiedSince = request.headers['if-modified-since']
  if (!ifNoneMatch && ifModifiedSince && Date.parse(ifModifiedSince) >= wire.lastModifiedMs) return reply.code(304).send()
  reply.header('content-type', json ? 'application/json; charset=utf-8' : contentType)
  const acceptEncoding = request.headers['accept-encoding']
  if (acceptEncoding && GZIP.test(acceptEncoding)) return reply.header('content-encoding', 'gzip').send(variant.gzipped ??= gzipSync(variant.body))
  return reply.send(variant.body)
}
