import { formatGtfsTime } from '@masar/model/gtfs/gtfs-time'
import type pg from 'pg'
import yazl from 'yazl'
import { GTFS_TABLES } from '../import/gtfs-tables.js'

/**
 * The stored feed back as a GTFS zip, for third parties (the api serves it with an ETag). Lossless for what Masar
 * stores: importing the export gives the same rows. Times go back to HH:MM:SS (hours past 24 kept), dates to
 * YYYYMMDD, numbers as PostgreSQL prints them (shortest exact form); columns that are empty in every row are left out.
 */
interface ColumnInfo {
  name: string
  type: string
}

const COLUMNS = `
SELECT column_name AS name, data_type AS type FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = $1 AND column_name <> 'feed_id'
ORDER BY ordinal_position`

function selectExpression({ name, type }: ColumnInfo): string {
  const column = `"${name}"`
  if (type === 'interval') return `extract(epoch FROM ${column})::bigint::text`
  if (type === 'date') return `to_char(${column}, 'YYYYMMDD')`
  return `${column}::text`
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

async function tableCsv(db: pg.Pool, table: string, feedId: number): Promise<string | null> {
  const { rows: columns } = await db.query<ColumnInfo>(COLUMNS, [table])
  const { rows } = await db.query<{ row: Array<string | null> }>({
    text: `SELECT ${columns.map(selectExpression).join(', ')} FROM "${table}" WHERE feed_id = $1 ORDER BY 1, 2, 3`,
    values: [feedId],
    rowMode: 'array',
  } as pg.QueryConfig)
  if (rows.length === 0) return null
  const records = rows as unknown as Array<Array<string | null>>
  const kept = columns.map((_, i) => records.some((record) => record[i] !== null))
  const isTime = columns.map((c) => c.type === 'interval')
  const lines = [columns.filter((_, i) => kept[i]).map((c) => c.name).join(',')]
  for (const record of records) {
    const fields: string[] = []
    for (let i = 0; i < columns.length; i++) {
      if (!kept[i]) continue
      const value = record[i]
      fields.push(value === null || value === undefined ? '' : isTime[i] ? formatGtfsTime(Number(value)) : csvField(value))
    }
    lines.push(fields.join(','))
  }
  return `${lines.join('\n')}\n`
}

/** Builds the zip of one stored feed in memory and returns its bytes. */
export async function exportFeedZip(db: pg.Pool, feedId: number): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  for (const { file, table } of GTFS_TABLES) {
    const csv = await tableCsv(db, table, feedId)
    if (csv !== null) zip.addBuffer(Buffer.from(csv, 'utf8'), file, { mtime: new Date(0) })
  }
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}
