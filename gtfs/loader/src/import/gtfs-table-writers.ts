import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/**
 * Bulk writers for GTFS rows, one table at a time. `copy` streams COPY FROM STDIN (a real server); `insert` sends
 * batches through json_populate_recordset (the embedded database, which cannot take COPY over its socket).
 * Both take GTFS text values as they are: the database parses numbers, dates (YYYYMMDD) and times (H:MM:SS, past
 * 24 h) into the column types, and an empty field is NULL.
 */
export type GtfsWriteMethod = 'copy' | 'insert'

export interface TableWriter {
  /** Buffers a row; returns a promise only when the caller must wait (a flush under backpressure). */
  write(values: Array<string | null>): Promise<void> | undefined
  end(): Promise<number>
}

const INSERT_BATCH_ROWS = 5_000
const COPY_CHUNK_BYTES = 256 * 1024
const NEEDS_ESCAPE = /[\\\t\n\r]/

function copyField(value: string | null): string {
  if (value === null) return '\\N'
  if (!NEEDS_ESCAPE.test(value)) return value
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

async function copyWriter(client: pg.PoolClient, table: string, columns: string[]): Promise<TableWriter> {
  const stream = client.query(copyFrom(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`))
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve)
    stream.on('error', reject)
  })
  done.catch(() => {}) // observed in end(); a failure also rejects the next write
  let chunk = ''
  let rows = 0
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return
    const ok = stream.write(chunk)
    chunk = ''
    if (!ok) await new Promise<void>((resolve, reject) => {
      stream.once('drain', resolve)
      stream.once('error', reject)
    })
  }
  return {
    write(values) {
      chunk += `${values.map(copyField).join('\t')}\n`
      rows += 1
      return chunk.length >= COPY_CHUNK_BYTES ? flush() : undefined
    },
    async end() {
      await flush()
      stream.end()
      await done
      return rows
    },
  }
}

function insertWriter(client: pg.PoolClient, table: string, columns: string[]): TableWriter {
  const sql = `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})
    SELECT ${columns.map(quoteIdent).join(', ')} FROM json_populate_recordset(NULL::${quoteIdent(table)}, $1::json)`
  let batch: Array<Record<string, string | null>> = []
  let rows = 0
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return
    await client.query(sql, [JSON.stringify(batch)])
    batch = []
  }
  return {
    write(values) {
      const row: Record<string, string | null> = {}
      for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i] ?? null
      batch.push(row)
      rows += 1
      return batch.length >= INSERT_BATCH_ROWS ? flush() : undefined
    },
    async end() {
      await flush()
      return rows
    },
  }
}

export async function openTableWriter(client: pg.PoolClient, method: GtfsWriteMethod, table: string, columns: string[]): Promise<TableWriter> {
  return method === 'copy' ? copyWriter(client, table, columns) : insertWriter(client, table, columns)
}

/**
 * Streams a GTFS file into COPY … (FORMAT csv, HEADER) as it is: the database parses it, and feed_id comes from
 * the column's default (the session's masar.import_feed_id). `columns` are the file's own header, in its order;
 * FORCE_NULL makes a quoted empty field NULL too, as an unquoted one is. Resolves to the rows copied.
 */
export async function copyCsvFile(client: pg.PoolClient, table: string, columns: string[], file: Readable): Promise<number> {
  const names = columns.map(quoteIdent).join(', ')
  const stream = client.query(copyFrom(`COPY ${quoteIdent(table)} (${names}) FROM STDIN (FORMAT csv, HEADER true, FORCE_NULL (${names}))`))
  await pipeline(file, stream)
  return stream.rowCount
}
