/**
 * npm run sim:replay -- <trace.csv[.gz] | snapshot.pb | response.xml | folder of .pb or .xml> [--speed 60] [--agency amman-brt] [--url mqtt://127.0.0.1:1883]
 *                       [--time-zone Asia/Amman] [--recorded-timestamps] [--limit 3000]
 * Replays a recorded AVL trace over MQTT, one client per vehicle. Progress on stderr every second, a JSON summary on
 * stdout; Ctrl-C stops between two pings and still prints the summary.
 */
import { parseArgs } from 'node:util'
import { createVehicleClients } from '../mqtt/vehicle-clients.js'
import { formatProgressLine } from './format-replay-progress.js'
import { readTrace, type TraceReadResult } from './read-trace.js'
import { replayTrace, type ReplayProgress } from './replay-trace.js'
import { TraceError } from './trace-error.js'

const USAGE = 'usage: replay-cli <trace.csv[.gz] | snapshots.pb | siri.xml | folder of .pb or .xml> [--speed 60|max] [--agency id] [--url mqtt://host:1883] [--time-zone Asia/Amman] [--recorded-timestamps] [--limit N]'

function parseSpeed(text: string): number {
  if (['max', 'inf', 'infinity'].includes(text.toLowerCase())) return Infinity
  const speed = Number(text)
  if (!(speed > 0)) throw new TraceError('REPLAY_INVALID_OPTION', `--speed must be above 0 (1 = real time, 60 = a minute a second, max = as fast as possible), got "${text}"`)
  return speed
}

function parseLimit(text: string | undefined): number | null {
  if (text === undefined) return null
  const limit = Number(text)
  if (!Number.isInteger(limit) || limit < 1) throw new TraceError('REPLAY_INVALID_OPTION', `--limit must be a whole number of records above 0, got "${text}"`)
  return limit
}

function parseCommandLine(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        speed: { type: 'string', default: '1' },
        agency: { type: 'string' },
        url: { type: 'string', default: process.env.MQTT_URL || 'mqtt://127.0.0.1:1883' },
        'time-zone': { type: 'string' },
        'recorded-timestamps': { type: 'boolean', default: false },
        limit: { type: 'string' },
      },
    })
    if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'no trace file given' : `one trace file at a time, got ${positionals.length}`)
    return { file: positionals[0]!, ...values }
  } catch (err) {
    throw new TraceError('REPLAY_INVALID_OPTION', `${(err as Error).message}\n${USAGE}`)
  }
}

function describeRead(file: string, trace: TraceReadResult): string {
  const skipped = Object.entries(trace.skipped.byReason).map(([reason, n]) => `${n} ${reason}`).join(', ')
  return `read ${trace.records.length.toLocaleString('en-US')} records of ${trace.vehicles} vehicles from ${file} (${trace.format.name}`
    + `${trace.timeZone ? `, time zone ${trace.timeZone}` : ''}; ${trace.sortedInFile ? 'already in time order' : 'sorted by time'}`
    + `; ${trace.skipped.count === 0 ? 'no rows skipped' : `rows skipped: ${skipped}`})`
}

/** Prints a progress line on stderr every second; returns the function that stops it. */
function startProgressTicker(latestProgress: () => ReplayProgress | null, timeZone: string): () => void {
  const startedMs = Date.now()
  let previous = { published: 0, atMs: startedMs }
  const ticker = setInterval(() => {
    const latest = latestProgress()
    const nowMs = Date.now()
    const published = latest?.published ?? 0
    const pingsPerSecond = ((published - previous.published) / Math.max(1, nowMs - previous.atMs)) * 1000
    previous = { published, atMs: nowMs }
    console.error(formatProgressLine({ published, pingsPerSecond, vehicles: latest?.vehicles ?? 0, replayedAtMs: latest?.replayedAtMs ?? null, timeZone, elapsedMs: nowMs - startedMs }))
  }, 1000)
  return () => clearInterval(ticker)
}

async function main(argv: string[]): Promise<void> {
  const options = parseCommandLine(argv)
  const speed = parseSpeed(options.speed)
  const limit = parseLimit(options.limit)
  const trace = await readTrace(options.file, { timeZone: options['time-zone'] })
  console.error(describeRead(options.file, trace))
  for (const example of trace.skipped.examples) console.error(`  line ${example.line}: ${example.reason}: ${example.detail}`)
  if (trace.records.length === 0) throw new TraceError('TRACE_NO_RECORDS', `no row of ${options.file} could be read as a position (see the reasons above)`)
  const records = limit === null ? trace.records : trace.records.slice(0, limit)
  const agencyId = options.agency ?? trace.format.defaultAgencyId
  const timeZone = trace.timeZone ?? 'UTC'

  const clients = createVehicleClients({ url: options.url })
  const stop = new AbortController()
  process.once('SIGINT', () => stop.abort())
  let latest: ReplayProgress | null = null
  const stopTicker = startProgressTicker(() => latest, timeZone)
  let result
  try {
    result = await replayTrace({
      records, clients, agencyId, speed,
      timestamps: options['recorded-timestamps'] ? 'recorded' : 'shifted',
      signal: stop.signal,
      onProgress: (progress) => (latest = progress),
    })
  } finally {
    stopTicker()
    await clients.close()
  }
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  console.log(JSON.stringify({
    trace: options.file, format: trace.format.name, timeZone: trace.timeZone, agencyId, url: options.url,
    speed: Number.isFinite(speed) ? speed : 'max', timestamps: options['recorded-timestamps'] ? 'recorded' : 'shifted',
    records: records.length, rowsSkipped: trace.skipped.count, rowsSkippedByReason: trace.skipped.byReason, sortedInFile: trace.sortedInFile,
    published: result.published, acknowledged: clients.acknowledged(), skipped: result.skipped, vehicles: result.vehicles,
    firstAt: iso(result.firstAtMs), lastAt: iso(result.lastAtMs), elapsedMs: result.elapsedMs,
    pingsPerSecond: Math.round((result.published / Math.max(1, result.elapsedMs)) * 1000), aborted: result.aborted,
  }))
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const coded = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
  const code = coded ? (err as { code: string }).code : 'REPLAY_FAILED'
  console.error(`${code}: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
