import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInflatedBytesCap } from './cap-entry-stream.js'
import { openFeedSource } from './feed-source.js'
import { DEFAULT_GTFS_LIMITS, loadGtfsLimits, type GtfsLimits } from './gtfs-limits.js'
import { withClaimedSize, zeros, zipOf } from './zip-bombs.testing.js'

/**
 * The attack: a small zip that inflates to gigabytes (or a hundred thousand entries) fills the memory, the disk or
 * the database. Each is refused with a code of its own, on what the zip claims and on what it really inflates to.
 */
const MIB = 1024 * 1024
const limits: GtfsLimits = { maxZipBytes: 1 * MIB, maxZipEntries: 20, maxFileBytes: 4 * MIB, maxUncompressedBytes: 6 * MIB }
const HEADER = 'trip_id,arrival_time,departure_time,stop_id,stop_sequence'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'masar-zip-bombs-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function written(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, bytes)
  return path
}

async function readAll(stream: Readable): Promise<number> {
  let bytes = 0
  for await (const chunk of stream) bytes += (chunk as Buffer).length
  return bytes
}

describe('GTFS size caps', () => {
  it('refuses a file that inflates beyond GTFS_MAX_FILE_BYTES, as its header says, before inflating anything', async () => {
    const bomb = await zipOf({ 'agency.txt': 'agency_name\nA\n', 'stop_times.txt': zeros(HEADER, 16 * MIB) })
    expect(bomb.length).toBeLessThan(64 * 1024) // 16 MiB in well under 64 KiB
    await expect(openFeedSource(await written('bomb.zip', bomb), limits)).rejects.toMatchObject({ code: 'GTFS_FILE_TOO_LARGE', message: expect.stringContaining('stop_times.txt') })
  }, 60_000)

  it('refuses files that together inflate beyond GTFS_MAX_UNCOMPRESSED_BYTES', async () => {
    const files = Object.fromEntries(['stops.txt', 'stop_times.txt', 'shapes.txt'].map((name) => [name, zeros('a', 3 * MIB)]))
    await expect(openFeedSource(await written('wide.zip', await zipOf(files)), limits)).rejects.toMatchObject({ code: 'GTFS_UNCOMPRESSED_TOO_LARGE' })
  }, 60_000)

  it('refuses more entries than GTFS_MAX_ZIP_ENTRIES, and a zip larger than GTFS_MAX_ZIP_BYTES', async () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`extra-${i}.txt`, 'a\n1\n']))
    await expect(openFeedSource(await written('many.zip', await zipOf(many)), limits)).rejects.toMatchObject({ code: 'GTFS_TOO_MANY_ENTRIES' })
    const large = await zipOf({ 'stops.txt': randomBytes(2 * MIB) }) // does not compress
    await expect(openFeedSource(await written('large.zip', large), limits)).rejects.toMatchObject({ code: 'GTFS_ZIP_TOO_LARGE' })
  }, 60_000)

  it('stops a file that inflates to more than its header claims, without inflating the rest', async () => {
    const bomb = withClaimedSize(await zipOf({ 'agency.txt': 'agency_name\nA\n', 'stop_times.txt': zeros(HEADER, 16 * MIB) }), 'stop_times.txt', 1000)
    const source = await openFeedSource(await written('lying.zip', bomb), limits) // the claimed sizes pass
    try {
      expect(await source.sizeOf('stop_times.txt')).toBe(1000)
      const read = readAll(await source.open('stop_times.txt'))
      await expect(read).rejects.toMatchObject({ code: 'GTFS_UNREADABLE', message: expect.stringContaining('stop_times.txt') })
      expect(await readAll(await source.open('agency.txt'))).toBe(14) // the honest files still read
    } finally {
      await source.close()
    }
  }, 60_000)

  it('counts what each file really inflates to: one file past its cap, all files past theirs, each file once however often read', async () => {
    const stream = (bytes: number) => Readable.from((function* () {
      for (let sent = 0; sent < bytes; sent += 64 * 1024) yield Buffer.alloc(Math.min(64 * 1024, bytes - sent))
    })())
    await expect(readAll(createInflatedBytesCap(limits, 'feed.zip')('stop_times.txt', stream(5 * MIB)))).rejects.toMatchObject({ code: 'GTFS_FILE_TOO_LARGE' })
    const cap = createInflatedBytesCap(limits, 'feed.zip')
    expect(await readAll(cap('shapes.txt', stream(3 * MIB)))).toBe(3 * MIB)
    expect(await readAll(cap('shapes.txt', stream(3 * MIB)))).toBe(3 * MIB) // read again (validator and import): counted once
    await expect(readAll(cap('trips.txt', stream(3 * MIB + 1)))).rejects.toMatchObject({ code: 'GTFS_UNCOMPRESSED_TOO_LARGE' })
  }, 60_000)

  it('takes its settings from GTFS_MAX_*, once, naming each bad one', () => {
    expect(loadGtfsLimits({})).toEqual(DEFAULT_GTFS_LIMITS)
    expect(loadGtfsLimits({ GTFS_MAX_ZIP_BYTES: '1048576', GTFS_MAX_ZIP_ENTRIES: '50' })).toMatchObject({ maxZipBytes: MIB, maxZipEntries: 50, maxFileBytes: DEFAULT_GTFS_LIMITS.maxFileBytes })
    expect(() => loadGtfsLimits({ GTFS_MAX_FILE_BYTES: '-1', GTFS_MAX_UNCOMPRESSED_BYTES: '1e99' })).toThrow(/GTFS_MAX_FILE_BYTES="-1", GTFS_MAX_UNCOMPRESSED_BYTES="1e99"/)
  }, 60_000)
})
