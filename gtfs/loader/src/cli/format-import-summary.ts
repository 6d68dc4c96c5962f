import type { ImportProgress } from '../import/import-feed.js'

const BAR_WIDTH = 24

/** A bar of how much of the file has been read: [██████······] 50 %. */
export function formatProgressBar(bytes: number, totalBytes: number): string {
  const fraction = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 1
  const filled = Math.round(fraction * BAR_WIDTH)
  return `[${'█'.repeat(filled)}${'·'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)} %`
}

/** One line a file, as it is written: a bar, rows, rows per second. */
export function formatProgressLine(progress: ImportProgress): string {
  const seconds = progress.elapsedMs / 1000
  const rate = seconds > 0 ? Math.round(progress.rows / seconds) : progress.rows
  const bar = formatProgressBar(progress.done ? progress.totalBytes : progress.bytes, progress.totalBytes)
  return `${progress.file.padEnd(20)} ${bar} ${progress.rows.toLocaleString('en-US').padStart(11)} rows  ${rate.toLocaleString('en-US').padStart(9)} rows/s${progress.done ? '  done' : ''}`
}

/** The table printed at the end of an import. */
export function formatImportSummary(feedId: number, files: ImportProgress[], totalMs: number): string {
  const rows = files.reduce((sum, f) => sum + f.rows, 0)
  const header = `${'file'.padEnd(20)} ${'rows'.padStart(11)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(9)}`
  const lines = files.map((f) => {
    const seconds = f.elapsedMs / 1000
    return `${f.file.padEnd(20)} ${f.rows.toLocaleString('en-US').padStart(11)} ${seconds.toFixed(2).padStart(8)} ${Math.round(seconds > 0 ? f.rows / seconds : f.rows).toLocaleString('en-US').padStart(9)}`
  })
  const seconds = totalMs / 1000
  const total = `${'total'.padEnd(20)} ${rows.toLocaleString('en-US').padStart(11)} ${seconds.toFixed(2).padStart(8)} ${Math.round(rows / seconds).toLocaleString('en-US').padStart(9)}`
  return [`Feed ${feedId} imported and active.`, header, '-'.repeat(header.length), ...lines, '-'.repeat(header.length), total].join('\n')
}

/** What the import added to the feed: shapes derived from stops, distances computed along shapes. */
export function formatDerivedData(derivedShapes: number, computed: { shapes: number; trips: number }): string | null {
  const parts = [
    derivedShapes > 0 ? `${derivedShapes.toLocaleString('en-US')} shapes derived from stop coordinates (trips without shape_id)` : '',
    computed.shapes > 0 ? `shape_dist_traveled computed in metres for ${computed.shapes.toLocaleString('en-US')} shapes` : '',
    computed.trips > 0 ? `stops projected onto their shape for ${computed.trips.toLocaleString('en-US')} trips without shape_dist_traveled` : '',
  ].filter(Boolean)
  return parts.length ? `Added: ${parts.join('; ')}.` : null
}
