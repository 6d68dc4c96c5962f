import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localFeedPath } from './download-feed.js'

/**
 * The attack: a feed URL (or whoever answers for it) that sends without end fills the disk the download goes to.
 * At most GTFS_MAX_ZIP_BYTES is taken: a larger Content-Length is refused unread, and the bytes are counted as they
 * come (a server may send no Content-Length), the download stopped and its file removed.
 */
const MAX = 1024 * 1024
let server: Server
let base: string
let sentBytes = 0
let downloads: string
const previousTmpdir = process.env.TMPDIR

beforeAll(async () => {
  downloads = await mkdtemp(join(tmpdir(), 'masar-download-test-'))
  process.env.TMPDIR = downloads // where localFeedPath makes its temporary folder: this test's own
  server = createServer((request, response) => {
    const chunk = Buffer.alloc(64 * 1024, 0x30)
    if (request.url === '/small.zip') return response.end(Buffer.from('PK small'))
    if (request.url === '/declared.zip') response.setHeader('content-length', String(50 * MAX))
    // endless (until the client goes away), chunked unless a length was set above
    const write = () => {
      while (!response.destroyed && sentBytes < 200 * MAX) {
        sentBytes += chunk.length
        if (!response.write(chunk)) return void response.once('drain', write)
      }
      response.end()
    }
    write()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  if (previousTmpdir === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = previousTmpdir
  await rm(downloads, { recursive: true, force: true })
})

describe('a GTFS download', () => {
  it('is refused before a byte is stored when its Content-Length is over GTFS_MAX_ZIP_BYTES', async () => {
    await expect(localFeedPath(`${base}/declared.zip`, { maxZipBytes: MAX })).rejects.toMatchObject({ code: 'GTFS_DOWNLOAD_TOO_LARGE', message: expect.stringContaining('Content-Length') })
    expect(await readdir(downloads)).toEqual([])
  })

  it('is stopped once more than GTFS_MAX_ZIP_BYTES has come without a Content-Length, and leaves no file', async () => {
    sentBytes = 0
    await expect(localFeedPath(`${base}/endless.zip`, { maxZipBytes: MAX })).rejects.toMatchObject({ code: 'GTFS_DOWNLOAD_TOO_LARGE', message: expect.stringContaining('sent more than 1 MiB') })
    expect(sentBytes).toBeLessThan(50 * MAX) // stopped, not read to the end
    expect(await readdir(downloads)).toEqual([])
  })

  it('is taken when under the cap, and removed when done with', async () => {
    const feed = await localFeedPath(`${base}/small.zip`, { maxZipBytes: MAX })
    expect(await readFile(feed.path, 'utf8')).toBe('PK small')
    await feed.remove()
    expect(existsSync(feed.path)).toBe(false)
    const local = await localFeedPath('/some/feed.zip', { maxZipBytes: MAX })
    expect(local.path).toBe('/some/feed.zip')
  })
})
