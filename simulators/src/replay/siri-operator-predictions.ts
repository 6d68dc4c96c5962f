import { parseTraceTime } from './parse-trace-time.js'
import { checkReadable } from './read-trace.js'
import { readTraceLines } from './read-trace-lines.js'
import { splitCsvLine } from './split-csv-line.js'
import { TraceError } from './trace-error.js'

/**
 * The operator's own arrival predictions in a SIRI vehicle-monitoring table (the siri-vm trace format, SIRItoGTFS's
 * layout): for the vehicle's fix at RecordedAtTime, the server's ExpectedArrivalTime at the monitored StopPointRef.
 * They are what our predictions are compared against in an evaluation replay.
 */
export interface OperatorPrediction {
  vehicleId: string
  /** RecordedAtTime: the fix the prediction was made from, epoch ms. */
  madeAtMs: number
  /** StopPointRef: a GTFS stops.stop_code (not a stop_id). */
  stopCode: string
  /** ExpectedArrivalTime, epoch ms. */
  predictedMs: number
  /** LineRef: the GTFS route_id. */
  lineRef: string
  /** OriginAimedDepartureTime: the scheduled start of the vehicle's trip (with lineRef, it names the trip), epoch ms. */
  originAimedDepartureMs: number
}

const COLUMNS = {
  vehicleId: 'VehicleRef',
  madeAt: 'RecordedAtTime',
  stopCode: 'StopPointRef',
  predicted: 'ExpectedArrivalTime',
  lineRef: 'LineRef',
  originAimedDeparture: 'OriginAimedDepartureTime',
} as const

type Column = keyof typeof COLUMNS

function columnIndexes(header: readonly string[], path: string): Record<Column, number> {
  const names = header.map((name) => name.trim().toLowerCase())
  const entries = Object.entries(COLUMNS).map(([column, name]) => [column, names.indexOf(name.toLowerCase())] as const)
  const missing = entries.filter(([, index]) => index === -1).map(([column]) => COLUMNS[column as Column])
  if (missing.length > 0) {
    throw new TraceError('TRACE_UNKNOWN_FORMAT', `${path} has no column ${missing.join(', ')}: operator predictions are read from a SIRI vehicle-monitoring table with the columns ${Object.values(COLUMNS).join(',')}`)
  }
  return Object.fromEntries(entries) as Record<Column, number>
}

/** One row as a prediction, or null when it has none (ExpectedArrivalTime empty) or cannot be read. */
function parsePredictionRow(fields: readonly string[], at: Record<Column, number>, columnCount: number): OperatorPrediction | null {
  if (fields.length !== columnCount) return null
  const text = (column: Column) => fields[at[column]]!.trim()
  const [vehicleId, stopCode, predicted] = [text('vehicleId'), text('stopCode'), text('predicted')]
  if (vehicleId === '' || stopCode === '' || predicted === '') return null
  // SIRI times carry their offset; one without is not guessed.
  const madeAt = parseTraceTime(text('madeAt'), null)
  const predictedAt = parseTraceTime(predicted, null)
  const originAimedDeparture = parseTraceTime(text('originAimedDeparture'), null)
  if (!madeAt.ok || !predictedAt.ok || !originAimedDeparture.ok) return null
  return { vehicleId, madeAtMs: madeAt.atMs, stopCode, predictedMs: predictedAt.atMs, lineRef: text('lineRef'), originAimedDepartureMs: originAimedDeparture.atMs }
}

/**
 * Every prediction of a SIRI vehicle-monitoring table (.csv or .csv.gz), once per vehicle, stop and fix time, in
 * order of fix time. The table repeats a fix for every server call until the vehicle reports again, and the server
 * may revise its prediction in between (Be'er Sheva: 2 of 1,973); the first row of each (the prediction closest to
 * the fix) is kept. Rows without an ExpectedArrivalTime, and rows whose times, vehicle or stop cannot be read, are
 * not predictions and are left out.
 */
export async function readSiriOperatorPredictions(path: string): Promise<OperatorPrediction[]> {
  await checkReadable(path)
  const predictions: OperatorPrediction[] = []
  const seen = new Set<string>()
  let at: Record<Column, number> | null = null
  let columnCount = 0
  let line = 0
  try {
    for await (const text of readTraceLines(path)) {
      line += 1
      if (text.trim() === '') continue
      const fields = splitCsvLine(text)
      if (at === null) {
        if (!fields) throw new TraceError('TRACE_UNKNOWN_FORMAT', `the header of ${path} has an unterminated quote`)
        at = columnIndexes(fields, path)
        columnCount = fields.length
        continue
      }
      const prediction = fields ? parsePredictionRow(fields, at, columnCount) : null
      if (!prediction) continue
      const key = `${prediction.vehicleId}\u0000${prediction.stopCode}\u0000${prediction.madeAtMs}`
      if (seen.has(key)) continue
      seen.add(key)
      predictions.push(prediction)
    }
  } catch (err) {
    if (err instanceof TraceError) throw err
    throw new TraceError('TRACE_UNREADABLE', `cannot read the SIRI table ${path} past line ${line}: ${(err as Error).message}`, { cause: err })
  }
  if (at === null) throw new TraceError('TRACE_EMPTY', `the SIRI table ${path} is empty: it has no header line`)
  return predictions.sort((a, b) => a.madeAtMs - b.madeAtMs)
}
