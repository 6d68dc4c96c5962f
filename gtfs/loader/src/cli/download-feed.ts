import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { GtfsError } from '../read/gtfs-error.js'
import { formatBytes, type GtfsLimits } from '../read/gtfs-limits.js'

export interface LocalFeed {
  path: string
  /** Removes the downloaded file (nothing for a path given as it is). */
  remove(): Promise<void>
}

/**
 * A feed given by http(s) URL is downloaded to a temporary file first, at most limits.maxZipBytes of it: a
 * Content-Length over that is refused before a byte is read, and the bytes are counted as they come (a server may
 * send no length, or lie), the download stopped and its file removed once they pass it. A path is used as it is.
 */
export async function localFeedPath(location: string, limits: Pick<GtfsLimits, 'maxZipBytes'>): Promise<LocalFeed> {
  if (!/^https?:\/\//i.test(location)) return { path: location, remove: async () => {} }
  const tooLarge = (what: string) => new GtfsError('GTFS_DOWNLOAD_TOO_LARGE', `${location} ${what} more than ${formatBytes(limits.maxZipBytes)} (GTFS_MAX_ZIP_BYTES): download refused`)
  const response = await fetch(location).catch((err: unknown) => {
    throw new GtfsError('GTFS_DOWNLOAD_FAILED', `Could not download ${location}: ${(err as Error).message}`, { cause: err })
  })
  if (!response.ok || !response.body) throw new GtfsError('GTFS_DOWNLOAD_FAILED', `Could not download ${location}: HTTP ${response.status}`)
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > limits.maxZipBytes) {
    await response.body.cancel()
    throw tooLarge(`is ${formatBytes(declared)} (Content-Length),`)
  }
  const dir = await mkdtemp(join(tmpdir(), 'masar-gtfs-download-'))
  const file = join(dir, 'feed.zip')
  let received = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length
      callback(received > limits.maxZipBytes ? tooLarge('sent') : null, chunk)
    },
  })
  try {
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counter, createWriteStream(file))
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    if (err instanceof GtfsError) throw err
    throw new GtfsError('GTFS_DOWNLOAD_FAILED', `Could not download ${location}: ${(err as Error).message}`, { cause: err })
  }
  return { path: file, remove: () => rm(dir, { recursive: true, force: true }) }
}
