import { parse } from 'csv-parse'
import type { Readable } from 'node:stream'

/**
 * The column names of a GTFS file (its first record, trimmed, byte-order mark dropped), read from the start of the
 * stream, which is then destroyed: the header of a 300 MB stop_times.txt costs one chunk. [] for an empty file.
 */
export async function readGtfsHeader(stream: Readable): Promise<string[]> {
  const parser = stream.pipe(parse({ bom: true, to: 1, relax_column_count: true }))
  stream.on('error', (err) => parser.destroy(err))
  try {
    for await (const record of parser as AsyncIterable<string[]>) return record.map((name) => name.trim())
    return []
  } finally {
    stream.unpipe(parser)
    stream.destroy()
  }
}
