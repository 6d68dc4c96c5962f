import { createWriteStream } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { GtfsError } from '../read/gtfs-error.js'

/** A feed given by http(s) URL is downloaded to a temporary file first; a path is used as it is. */
export async function localFeedPath(location: string): Promise<string> {
  if (!/^https?:\/\//i.test(location)) return location
  const response = await fetch(location).catch((err: unknown) => {
    throw new GtfsError('GTFS_DOWNLOAD_FAILED', `Could not download ${location}: ${(err as Error).message}`, { cause: err })
  })
  if (!response.ok || !response.body) throw new GtfsError('GTFS_DOWNLOAD_FAILED', `Could not download ${location}: HTTP ${response.status}`)
  const file = join(await mkdtemp(join(tmpdir(), 'masar-gtfs-download-')), 'feed.zip')
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), createWriteStream(file))
  return file
}
