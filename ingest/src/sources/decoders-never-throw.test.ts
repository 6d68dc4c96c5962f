import { describe, expect, it } from 'vitest'
import type { HttpFixRequest } from './http-fix-request.js'
import { decodeOsmAnd } from './osmand/decode-osmand.js'
import { decodeTraccarJson } from './traccar/decode-traccar-json.js'
import { decodeTraccarUrl } from './traccar/decode-traccar-url.js'

/** A small seeded generator (mulberry32), so a failure repeats. */
function randomSource(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PIECES = ['id', 'lat', 'lon', 'timestamp', 'fixTime', 'speed', 'location', 'attributes', '=', '&', '%', '%2', '{', '}', '[', ']', '"',
  ':', ',', '-1', '1e309', 'NaN', '60.0', 'T', 'Z', '+03:00', 'null', 'position', 'device', 'uniqueId', 'device_id', 'coords', '\u0000', 'é']

describe('the source decoders on random input', () => {
  it('return exactly one fix or one rejection for every request, and never throw', () => {
    const random = randomSource(19)
    const pick = () => PIECES[Math.floor(random() * PIECES.length)]!
    for (let i = 0; i < 2000; i += 1) {
      const text = Array.from({ length: Math.floor(random() * 24) }, pick).join('')
      const bytes = random() < 0.2 ? Uint8Array.from({ length: 64 }, () => Math.floor(random() * 256)) : new TextEncoder().encode(text)
      const query: Record<string, string | undefined> = random() < 0.5 ? {} : { [pick()]: text, [pick()]: pick(), token: 't' }
      const contentType = random() < 0.5 ? 'application/json' : 'application/x-www-form-urlencoded'
      const request: HttpFixRequest = { method: 'POST', query, contentType, body: bytes }
      for (const decoded of [decodeOsmAnd(request), decodeTraccarUrl(request), decodeTraccarJson(bytes)]) {
        expect(decoded.fixes.length + decoded.rejections.length).toBe(1)
      }
    }
  })
})
