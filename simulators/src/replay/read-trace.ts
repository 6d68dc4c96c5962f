import { stat } from 'node:fs/promises'
import { parseTraceRow, type SkipReason, type TraceRow } from './parse-trace-row.js'
import { checkTimeZone } from './parse-trace-time.js'
import { describeTraceLayouts, openSnapshotTrace } from './open-snapshot-trace.js'
import { readTraceLines } from './read-trace-lines.js'
import { splitCsvLine } from './split-csv-line.js'
import { TraceError } from './trace-error.js'
import { detectTraceFormat, type TraceFormat } from './trace-formats.js'
import type { TraceRecord } from './trace-record.js'
import { isNextBusTitle, NEXTBUS_FORMAT, parseNextBusPoll, parseNextBusRouteId, parseNextBusStops, type NextBusStop } from './nextbus-trace.js'

export interface TraceReadOptions {
  /** IANA zone of times written without an offset; default: the format's (Amman: Asia/Amman), none for generic CSV. */
  timeZone?: string
}

export interface OpenTrace {
  format: TraceFormat
  /** The zone times without an offset are read in, or null when they are skipped. */
  timeZone: string | null
  /** Every data row in file order, with its 1-based line number (the header is line 1; snapshots: the fix's place). */
  rows: AsyncGenerator<TraceRow & { line: number }>
  /** A NextBus route file's title and published stops (its lines 1 and 2). */
  nextBusRoute?: { title: string; routeId: string; stops: NextBusStop[] }
}

export interface SkippedRows {
  count: number
  byReason: Partial<Record<SkipReason, number>>
  /** The first few, to show a person what was wrong. */
  examples: Array<{ line: number; reason: SkipReason; detail: string }>
}

export interface TraceReadResult {
  format: TraceFormat
  timeZone: string | null
  /** In time order (a stable sort: rows of the same instant keep their file order). */
  records: TraceRecord[]
  vehicles: number
  skipped: SkippedRows
  /** Rows left out as a repeat of a vehicle's fix already read, in formats that repeat fixes (SIRI); 0 in others. */
  repeatsDropped: number
  /** The file itself was already in time order (Amman's concatenated logs are; Austin's are grouped by vehicle). */
  sortedInFile: boolean
  nextBusRoute?: OpenTrace['nextBusRoute']
}

const MAX_EXAMPLES = 5

/** Throws TRACE_NOT_FOUND, with the reason, unless the path is a file this process can open. */
export async function checkReadable(path: string): Promise<void> {
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new TraceError('TRACE_NOT_FOUND', `${path} is not a file`)
  } catch (err) {
    if (err instanceof TraceError) throw err
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message
    throw new TraceError('TRACE_NOT_FOUND', `cannot open the trace ${path}: ${why}`, { cause: err })
  }
}

/**
 * Opens a trace and recognises its format: a CSV (.csv or .csv.gz) by its header, rows streamed, not held; GTFS-
 * Realtime (.pb) or SIRI XML snapshots, one file or a folder of them, by their file type.
 */
export async function openTrace(path: string, options: TraceReadOptions = {}): Promise<OpenTrace> {
  const snapshots = await openSnapshotTrace(path, options)
  if (snapshots) return snapshots
  if ((await stat(path).catch(() => null))?.isDirectory()) {
    throw new TraceError('TRACE_UNKNOWN_FORMAT', `the folder ${path} holds no snapshot file (.pb, .pbf, .xml, optionally .gz); a trace is ${describeTraceLayouts()}`)
  }
  await checkReadable(path)
  const lines = readTraceLines(path)
  let header: string | undefined
  try {
    const first = await lines.next()
    header = first.done ? undefined : first.value
  } catch (err) {
    throw new TraceError('TRACE_UNREADABLE', `cannot read the trace ${path}: ${(err as Error).message}`, { cause: err })
  }
  if (header === undefined || header.trim() === '') throw new TraceError('TRACE_EMPTY', `the trace ${path} is empty: it has no header line`)
  if (isNextBusTitle(header)) {
    const second = await lines.next()
    const stops = second.done ? null : parseNextBusStops(second.value)
    if (stops) return openNextBusRows(path, header, stops, lines, options)
  }
  const columns = splitCsvLine(header) ?? [header]
  const detected = detectTraceFormat(columns)
  if (!detected) {
    await lines.return(undefined)
    throw new TraceError('TRACE_UNKNOWN_FORMAT', `${path} has the columns ${columns.join(',').slice(0, 300).replace(/[\p{Cc}\uFFFD]/gu, '?')}; a trace is ${describeTraceLayouts()}; or a TTC NextBus route file (route title, then stops, then polls)`)
  }
  const timeZone = options.timeZone ?? detected.format.defaultTimeZone
  if (timeZone !== null) {
    try {
      checkTimeZone(timeZone)
    } catch (err) {
      await lines.return(undefined)
      throw new TraceError('TRACE_INVALID_TIME_ZONE', `"${timeZone}" is not a time zone name this Node.js knows (e.g. Asia/Amman)`, { cause: err })
    }
  }
  const context = { format: detected.format, indexes: detected.indexes, columnCount: columns.length, timeZone }
  async function* rows(): AsyncGenerator<TraceRow & { line: number }> {
    let line = 1
    try {
      for await (const text of lines) {
        line += 1
        if (text.trim() === '') continue
        const fields = splitCsvLine(text)
        yield { line, ...(fields ? parseTraceRow(fields, context) : { ok: false, reason: 'unterminated_quote', detail: 'a quoted field is not closed' }) }
      }
    } catch (err) {
      throw new TraceError('TRACE_UNREADABLE', `cannot read the trace ${path} past line ${line}: ${(err as Error).message}`, { cause: err })
    }
  }
  return { format: detected.format, timeZone, rows: rows() }
}

function openNextBusRows(path: string, title: string, stops: NextBusStop[], lines: AsyncGenerator<string>, options: TraceReadOptions): OpenTrace {
  const routeId = parseNextBusRouteId(title)
  async function* rows(): AsyncGenerator<TraceRow & { line: number }> {
    let line = 2
    try {
      for await (const text of lines) {
        line += 1
        if (text.trim() === '') continue
        for (const row of parseNextBusPoll(text, routeId)) yield { line, ...row }
      }
    } catch (err) {
      throw new TraceError('TRACE_UNREADABLE', `cannot read the trace ${path} past line ${line}: ${(err as Error).message}`, { cause: err })
    }
  }
  return { format: NEXTBUS_FORMAT, timeZone: options.timeZone ?? NEXTBUS_FORMAT.defaultTimeZone, rows: rows(), nextBusRoute: { title, routeId, stops } }
}

/** Reads a whole trace into memory in time order; rows that cannot be read are counted by reason, not thrown. */
export async function readTrace(path: string, options: TraceReadOptions = {}): Promise<TraceReadResult> {
  const trace = await openTrace(path, options)
  const records: TraceRecord[] = []
  const vehicles = new Set<string>()
  const skipped: SkippedRows = { count: 0, byReason: {}, examples: [] }
  const fixesRead = trace.format.repeatsFixes ? new Set<string>() : null
  let repeatsDropped = 0
  let sortedInFile = true
  for await (const row of trace.rows) {
    if (!row.ok) {
      skipped.count += 1
      skipped.byReason[row.reason] = (skipped.byReason[row.reason] ?? 0) + 1
      if (skipped.examples.length < MAX_EXAMPLES) skipped.examples.push({ line: row.line, reason: row.reason, detail: row.detail })
      continue
    }
    if (fixesRead) {
      const fix = `${row.record.vehicleId}\u0000${row.record.atMs}`
      if (fixesRead.has(fix)) {
        repeatsDropped += 1
        continue
      }
      fixesRead.add(fix)
    }
    const previous = records[records.length - 1]
    if (previous && row.record.atMs < previous.atMs) sortedInFile = false
    records.push(row.record)
    vehicles.add(row.record.vehicleId)
  }
  if (!sortedInFile) records.sort((a, b) => a.atMs - b.atMs)
  const result: TraceReadResult = { format: trace.format, timeZone: trace.timeZone, records, vehicles: vehicles.size, skipped, repeatsDropped, sortedInFile }
  if (trace.nextBusRoute) result.nextBusRoute = trace.nextBusRoute
  return result
}
