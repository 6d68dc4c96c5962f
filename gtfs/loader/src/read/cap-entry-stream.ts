import { Transform, type Readable } from 'node:stream'
import { GtfsError } from './gtfs-error.js'
import { formatBytes, type GtfsLimits } from './gtfs-limits.js'

/**
 * The bytes a zip's files inflate to, counted as they are produced: one file past maxFileBytes, or all of them
 * together past maxUncompressedBytes, ends the read with an error (and the inflating with it). A file read more than
 * once (the validator and the import both read it) counts once, at the most any read of it produced.
 */
export function createInflatedBytesCap(limits: GtfsLimits, zipName: string) {
  const producedByFile = new Map<string, number>()
  let total = 0
  return (fileName: string, inflating: Readable): Readable => {
    let bytes = 0
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length
        if (bytes > limits.maxFileBytes) return callback(new GtfsError('GTFS_FILE_TOO_LARGE', `${fileName} in ${zipName} inflates to more than ${formatBytes(limits.maxFileBytes)} (GTFS_MAX_FILE_BYTES): refused`))
        const before = producedByFile.get(fileName) ?? 0
        if (bytes > before) {
          producedByFile.set(fileName, bytes)
          total += bytes - before
        }
        if (total > limits.maxUncompressedBytes) return callback(new GtfsError('GTFS_UNCOMPRESSED_TOO_LARGE', `the files of ${zipName} inflate to more than ${formatBytes(limits.maxUncompressedBytes)} together (GTFS_MAX_UNCOMPRESSED_BYTES): refused`))
        callback(null, chunk)
      },
    })
    // yauzl's own complaint (a file that inflates to other bytes than its header says) as one of ours; and a read
    // that ends, is refused or is given up by its reader stops the inflating at once
    inflating.on('error', (err) => counter.destroy(new GtfsError('GTFS_UNREADABLE', `${fileName} in ${zipName} cannot be read: ${err.message}`, { cause: err })))
    counter.on('close', () => inflating.destroy())
    return inflating.pipe(counter)
  }
}
