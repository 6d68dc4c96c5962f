import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { decodeFeedMessage, feedTimestampS, GTFS_RT_PB_FORMAT, GTFS_RT_SNAPSHOT_NAME, vehicleRowsOf } from './gtfs-rt-snapshots.js'
import type { TraceRow } from './parse-trace-row.js'
import { checkTimeZone } from './parse-trace-time.js'
import type { OpenTrace, TraceReadOptions } from './read-trace.js'
import { readSnapshotFile } from './read-snapshot-file.js'
import { parseSiriXml, SIRI_VM_XML_FORMAT, SIRI_XML_NAME, siriVehicleRowsOf } from './siri-vm-xml.js'
import { TraceError } from './trace-error.js'
import { describeTraceFormat, describeTraceFormats, type TraceFormat } from './trace-formats.js'

/** The layouts read from snapshot files rather than a CSV header, for error messages. */
export function describeSnapshotLayouts(): string {
  return `${describeTraceFormat(GTFS_RT_PB_FORMAT)}: a GTFS-Realtime VehiclePositions FeedMessage (.pb, .pbf, .pb.gz) or a folder of them; `
    + `${describeTraceFormat(SIRI_VM_XML_FORMAT)}: SIRI-VM responses' VehicleActivity (.xml, .xml.gz) or a folder of them`
}

/** Every layout a trace may have, CSV and snapshots, for the error that says none was recognised. */
export function describeTraceLayouts(): string {
  return `a CSV trace with the columns of one of: ${describeTraceFormats()}; or ${describeSnapshotLayouts()}`
}

interface SnapshotKind {
  format: TraceFormat
  /** What a file of this kind is, for messages. */
  what: string
  /** The records of one snapshot, or the reasons they cannot be; throws when the file cannot be read at all. */
  read: (path: string, timeZone: string | null) => Promise<TraceRow[]>
  /** When a snapshot was published, to read a folder in that order (null: it does not say; then by file name). */
  publishedS?: (path: string) => Promise<number | null>
}

const GTFS_RT: SnapshotKind = {
  format: GTFS_RT_PB_FORMAT,
  what: 'a GTFS-Realtime FeedMessage',
  read: async (path, timeZone) => vehicleRowsOf(decodeFeedMessage(await readSnapshotFile(path)), path, timeZone),
  // Decoded twice (here and when read) rather than held: a day of 30 s snapshots of a big fleet is millions of fixes.
  publishedS: async (path) => feedTimestampS(decodeFeedMessage(await readSnapshotFile(path))),
}

const SIRI_XML: SnapshotKind = {
  format: SIRI_VM_XML_FORMAT,
  what: 'a SIRI XML document',
  read: async (path, timeZone) => siriVehicleRowsOf(parseSiriXml((await readSnapshotFile(path)).toString('utf8')), path, timeZone),
}

/** The files in the order they were published (by file name where that is unknown, or a file cannot be read). */
async function inPublishedOrder(files: readonly string[], kind: SnapshotKind): Promise<string[]> {
  if (!kind.publishedS) return [...files]
  const published: Array<{ file: string; atS: number }> = []
  for (const file of files) published.push({ file, atS: (await kind.publishedS(file).catch(() => null)) ?? Infinity })
  return published.sort((a, b) => a.atS - b.atS || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).map(({ file }) => file)
}

function kindOfName(name: string): SnapshotKind | null {
  return GTFS_RT_SNAPSHOT_NAME.test(name) ? GTFS_RT : SIRI_XML_NAME.test(name) ? SIRI_XML : null
}

/**
 * Opens a trace made of snapshots: a GTFS-Realtime .pb file, a SIRI-VM .xml file, or a folder of either kind (its
 * other files, such as a PROVENANCE.md, are not read). Null for any other file (a CSV: the caller reads its header)
 * and for a folder without snapshot files.
 * In a folder, a snapshot that cannot be read is a skipped row (unreadable_snapshot); a lone file that cannot be
 * read is TRACE_UNREADABLE. GTFS-Realtime snapshots are read in order of their header timestamp.
 */
export async function openSnapshotTrace(path: string, options: TraceReadOptions = {}): Promise<OpenTrace | null> {
  const info = await stat(path).catch(() => null)
  if (!info) return null
  let kind: SnapshotKind | null
  let files: string[]
  if (info.isDirectory()) {
    const names = (await readdir(path, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort()
    const kinds = new Set(names.map(kindOfName).filter((found) => found !== null))
    if (kinds.size === 0) return null
    if (kinds.size > 1) throw new TraceError('TRACE_UNKNOWN_FORMAT', `the folder ${path} holds both GTFS-Realtime and SIRI snapshots; a trace is ${describeTraceLayouts()}`)
    kind = [...kinds][0]!
    files = names.filter((name) => kindOfName(name) === kind).map((name) => join(path, name))
  } else {
    kind = kindOfName(path)
    if (!kind) return null
    files = [path]
  }
  const timeZone = options.timeZone ?? kind.format.defaultTimeZone
  if (timeZone !== null) {
    try {
      checkTimeZone(timeZone)
    } catch (err) {
      throw new TraceError('TRACE_INVALID_TIME_ZONE', `"${timeZone}" is not a time zone name this Node.js knows (e.g. Asia/Amman)`, { cause: err })
    }
  }
  const cannotRead = (file: string, err: unknown) => `${file} is not ${kind.what}: ${(err as Error).message}`
  if (files.length === 1) {
    const only = await kind.read(files[0]!, timeZone).catch((err: unknown) => {
      throw new TraceError('TRACE_UNREADABLE', `cannot read the trace ${cannotRead(files[0]!, err)}`, { cause: err })
    })
    return { format: kind.format, timeZone, rows: numbered([only]) }
  }
  const ordered = await inPublishedOrder(files, kind)
  async function* snapshotRows(): AsyncGenerator<TraceRow[]> {
    for (const file of ordered) {
      yield await kind!.read(file, timeZone).catch((err: unknown): TraceRow[] => [{ ok: false, reason: 'unreadable_snapshot', detail: cannotRead(file, err) }])
    }
  }
  return { format: kind.format, timeZone, rows: numbered(snapshotRows()) }
}

/** The rows of snapshot after snapshot, each numbered by its place in the whole trace (a CSV row's line number). */
async function* numbered(snapshots: Iterable<TraceRow[]> | AsyncIterable<TraceRow[]>): AsyncGenerator<TraceRow & { line: number }> {
  let line = 0
  for await (const rows of snapshots) for (const row of rows) yield { line: ++line, ...row }
}
