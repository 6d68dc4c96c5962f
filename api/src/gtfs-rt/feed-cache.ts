import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

/**
 * A feed served from its encoded bytes: rebuilt when what it shows has changed, at most every minIntervalMs (and
 * at least every maxAgeMs, since health changes with time alone), with its gzip form, ETag and Last-Modified made
 * once per build, so serving a request is a lookup.
 */
export interface EncodedFeed {
  bytes: Uint8Array
  gzipped: Buffer
  etag: string
  lastModifiedMs: number
  /** When these bytes were built (the feed header's timestamp). */
  builtAtMs: number
  json: () => unknown
}

export interface FeedCacheOptions {
  minIntervalMs: number
  maxAgeMs?: number
  /** A number that grows when the feed's contents may have changed. */
  version: () => number
  build: (nowMs: number) => { bytes: Uint8Array; json: () => unknown }
  now?: () => number
}

export function createFeedCache(options: FeedCacheOptions): { get(): EncodedFeed } {
  const now = options.now ?? Date.now
  const maxAgeMs = options.maxAgeMs ?? 30_000
  let current: (EncodedFeed & { version: number }) | null = null
  return {
    get() {
      const nowMs = now()
      const version = options.version()
      const due = current === null || (current.version !== version && nowMs - current.builtAtMs >= options.minIntervalMs) || nowMs - current.builtAtMs >= maxAgeMs
      if (due) {
        const { bytes, json } = options.build(nowMs)
        const etag = `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`
        const unchanged = current !== null && current.etag === etag
        current = { bytes, json, gzipped: gzipSync(bytes), etag, lastModifiedMs: unchanged ? current!.lastModifiedMs : nowMs, version, builtAtMs: nowMs }
      }
      return current!
    },
  }
}
