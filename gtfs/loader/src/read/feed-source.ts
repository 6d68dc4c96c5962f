import { createReadStream } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Readable } from 'node:stream'
import yauzl from 'yauzl'
import { GtfsError } from './gtfs-error.js'
import { DEFAULT_GTFS_LIMITS, formatBytes, type GtfsLimits } from './gtfs-limits.js'
import { createInflatedBytesCap } from './cap-entry-stream.js'

/**
 * The files of a GTFS feed, from a zip or a folder, read as streams (a city feed's stop_times.txt is hundreds of
 * megabytes: it is never held in memory). Feeds zipped with their files inside one folder are read from that folder.
 */
export interface FeedSource {
  /** The zip or folder, for messages. */
  name: string
  /** The size caps it is read under (a validator on another thread opens it again under the same). */
  limits: GtfsLimits
  /** File names as GTFS names them (stops.txt …), whatever folder they sit in. */
  fileNames(): string[]
  open(fileName: string): Promise<Readable>
  /** The file's size in bytes, uncompressed (for progress). */
  sizeOf(fileName: string): Promise<number>
  close(): Promise<void>
}

/** Of the paths in a feed, those at the level that holds its .txt files (the root, or the one folder they are in). */
function gtfsLevel(paths: string[]): Map<string, string> {
  const txt = paths.filter((p) => p.endsWith('.txt') && !p.startsWith('__MACOSX/'))
  const depth = (p: string) => p.split('/').length
  const shallowest = Math.min(...txt.map(depth))
  return new Map(txt.filter((p) => depth(p) === shallowest).map((p) => [basename(p), p]))
}

const END_OF_CENTRAL_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06])

function zipFromBuffer(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, file) => (err ? reject(err) : resolve(file))))
}

/**
 * Some published zips carry an end-of-central-directory record whose comment length does not match the bytes
 * after it (511.org's Caltrain feed: an HTML page appended). `unzip` reads them; so do we, by correcting that
 * one field in a copy.
 */
function withCommentLengthFixed(bytes: Buffer): Buffer {
  const at = bytes.lastIndexOf(END_OF_CENTRAL_DIRECTORY)
  if (at < 0 || at + 22 > bytes.length) throw new Error('no end-of-central-directory record')
  const fixed = Buffer.from(bytes)
  fixed.writeUInt16LE(bytes.length - at - 22, at + 20)
  return fixed
}

/**
 * The zip is read into memory (a large feed is tens of MB compressed): yauzl's file-backed reader crashes the
 * process when a stream is destroyed while one of its reads is queued, which happens when the validator and the
 * import read one zip at the same time and one stops after a file's header. Its buffer-backed reader has no
 * such reads.
 */
async function openZipFile(path: string, limits: GtfsLimits): Promise<yauzl.ZipFile> {
  const { size } = await stat(path)
  if (size > limits.maxZipBytes) throw new GtfsError('GTFS_ZIP_TOO_LARGE', `${path} is ${formatBytes(size)}, more than ${formatBytes(limits.maxZipBytes)} (GTFS_MAX_ZIP_BYTES): refused`)
  const bytes = await readFile(path)
  try {
    return await zipFromBuffer(bytes)
  } catch (err) {
    if (!/comment length/i.test((err as Error).message)) throw err
    return zipFromBuffer(withCommentLengthFixed(bytes))
  }
}

/**
 * What the zip's central directory claims, checked before anything is inflated (a bomb that says what it is is
 * refused at once); what it really inflates to is counted as it is read (createInflatedBytesCap).
 */
function checkClaimedSizes(path: string, files: Map<string, yauzl.Entry>, limits: GtfsLimits): void {
  let total = 0
  for (const [name, entry] of files) {
    if (entry.uncompressedSize > limits.maxFileBytes) throw new GtfsError('GTFS_FILE_TOO_LARGE', `${name} in ${path} is ${formatBytes(entry.uncompressedSize)} uncompressed, more than ${formatBytes(limits.maxFileBytes)} (GTFS_MAX_FILE_BYTES): refused`)
    total += entry.uncompressedSize
  }
  if (total > limits.maxUncompressedBytes) throw new GtfsError('GTFS_UNCOMPRESSED_TOO_LARGE', `the files of ${path} are ${formatBytes(total)} uncompressed, more than ${formatBytes(limits.maxUncompressedBytes)} (GTFS_MAX_UNCOMPRESSED_BYTES): refused`)
}

async function openZip(path: string, limits: GtfsLimits): Promise<FeedSource> {
  const zip = await openZipFile(path, limits).catch((err: unknown) => {
    if (err instanceof GtfsError) throw err
    throw new GtfsError('GTFS_UNREADABLE', `${path} is not a readable zip file: ${(err as Error).message}`, { cause: err })
  })
  const entries = new Map<string, yauzl.Entry>()
  try {
    await new Promise<void>((resolve, reject) => {
      let count = 0
      zip.on('entry', (entry: yauzl.Entry) => {
        if (++count > limits.maxZipEntries) return reject(new GtfsError('GTFS_TOO_MANY_ENTRIES', `${path} holds more than ${limits.maxZipEntries} entries (GTFS_MAX_ZIP_ENTRIES): refused`))
        entries.set(entry.fileName, entry)
        zip.readEntry()
      })
      zip.on('end', resolve)
      zip.on('error', reject)
      zip.readEntry()
    })
  } catch (err) {
    zip.close()
    if (err instanceof GtfsError) throw err
    throw new GtfsError('GTFS_UNREADABLE', `${path} is not a readable zip file: ${(err as Error).message}`, { cause: err })
  }
  const files = new Map([...gtfsLevel([...entries.keys()])].map(([name, at]) => [name, entries.get(at)!]))
  try {
    checkClaimedSizes(path, files, limits)
  } catch (err) {
    zip.close()
    throw err
  }
  const capped = createInflatedBytesCap(limits, path)
  return {
    name: path,
    limits,
    fileNames: () => [...files.keys()],
    open: (fileName) =>
      new Promise((resolve, reject) => {
        const entry = files.get(fileName)
        if (!entry) return reject(new GtfsError('GTFS_MISSING_FILE', `${fileName} is not in ${path}`))
        zip.openReadStream(entry, (err, stream) => (err ? reject(new GtfsError('GTFS_UNREADABLE', `${fileName} in ${path} cannot be read: ${err.message}`, { cause: err })) : resolve(capped(fileName, stream))))
      }),
    sizeOf: async (fileName) => files.get(fileName)?.uncompressedSize ?? 0,
    close: async () => zip.close(),
  }
}

async function openFolder(path: string, limits: GtfsLimits): Promise<FeedSource> {
  const names = await readdir(path, { recursive: true })
  const files = gtfsLevel(names.map((n) => n.split('\\').join('/')))
  return {
    name: path,
    limits,
    fileNames: () => [...files.keys()],
    open: async (fileName) => {
      const relative = files.get(fileName)
      if (!relative) throw new GtfsError('GTFS_MISSING_FILE', `${fileName} is not in ${path}`)
      return createReadStream(join(path, relative))
    },
    sizeOf: async (fileName) => {
      const relative = files.get(fileName)
      return relative ? (await stat(join(path, relative))).size : 0
    },
    close: async () => {},
  }
}

/** A feed's zip or folder; a zip under the size caps (default DEFAULT_GTFS_LIMITS; the CLI's from GTFS_MAX_*). */
export async function openFeedSource(path: string, limits: GtfsLimits = DEFAULT_GTFS_LIMITS): Promise<FeedSource> {
  const info = await stat(path).catch((err: unknown) => {
    throw new GtfsError('GTFS_NOT_FOUND', `No GTFS feed at ${path}: give a .zip file or a folder of .txt files`, { cause: err })
  })
  const source = info.isDirectory() ? await openFolder(path, limits) : await openZip(path, limits)
  if (source.fileNames().length === 0) {
    await source.close()
    throw new GtfsError('GTFS_EMPTY', `${path} holds no GTFS .txt files`)
  }
  return source
}
