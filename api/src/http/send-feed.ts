import type { FastifyReply, FastifyRequest } from 'fastify'
import type { EncodedFeed } from '../gtfs-rt/feed-cache.js'

/**
 * Sends an encoded feed the way feed consumers expect: ETag and Last-Modified (304 when the client has it),
 * gzip when accepted, a short public cache life, and `?format=json` for people reading it.
 */
export function sendFeed(request: FastifyRequest<{ Querystring: { format?: 'json' | 'pb' } }>, reply: FastifyReply, feed: EncodedFeed, contentType: string, maxAgeS: number): FastifyReply {
  reply.header('ETag', feed.etag).header('Last-Modified', new Date(feed.lastModifiedMs).toUTCString()).header('Cache-Control', `public, max-age=${maxAgeS}`).header('Vary', 'Accept-Encoding')
  if (request.query.format === 'json') return reply.type('application/json; charset=utf-8').send(feed.json())
  const ifNoneMatch = request.headers['if-none-match']
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === feed.etag)) return reply.code(304).send()
  const ifModifiedSince = request.headers['if-modified-since']
  if (!ifNoneMatch && ifModifiedSince && Date.parse(ifModifiedSince) >= Math.floor(feed.lastModifiedMs / 1000) * 1000) return reply.code(304).send()
  reply.type(contentType)
  if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('Content-Encoding', 'gzip').send(feed.gzipped)
  return reply.send(Buffer.from(feed.bytes.buffer, feed.bytes.byteOffset, feed.bytes.byteLength))
}
