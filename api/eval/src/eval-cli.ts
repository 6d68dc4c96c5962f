import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readCapMetricsSchedule } from '@masar/gtfs/read/capmetrics-schedule'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { readSiriOperatorPredictions } from '@masar/simulators/replay/siri-operator-predictions'
import { evalPredictions, type EvalSource } from './eval-predictions.js'
import { formatAccuracyTable } from './format-accuracy-table.js'
import { writePredictionsCsv } from './predictions-csv.js'

const USAGE = `npm run eval:predictions -- [--gtfs FEED] [--avl TRACE] [options]

Replays a day through Masar's prediction pipeline on a simulated clock and prints the accuracy of every method.
  --gtfs FEED            GTFS zip or folder (default: the Amman demo feed); a CapMetrics folder (schedule_*.csv.gz,
                         stops_*.csv.gz) for the Austin trace
  --avl TRACE            a recorded trace (Amman BRT, CapMetrics, SIRI VM with the operator's predictions, generic CSV);
                         without it, a seeded simulated day scored against the simulator's true arrivals
  --start ISO            simulated day: start (default 2026-11-24T06:00:00+02:00, a Tuesday)
  --hours N              simulated day: hours (default 6)
  --vehicles N           simulated day: buses (default 206, the demo fleet; those out at the start first)
  --truth-by vehicle|trip simulated day: a true arrival scores the bus predicted at that stop (default), or the
                         trip the simulator ran whichever bus was predicted for it
  --seed S               simulated day: seed (default 1)
  --train-days N         simulated day: days before it the predictor learns from, unscored (default 1)
  --agency ID            trace: the agency its trackers publish as (default replay)
  --time-zone ZONE       trace: zone of times written without an offset
  --tick-s N             seconds between prediction rounds (default 30)
  --timetable-prior N    the timetable counts as N traversals against a segment's learned running time (default 0)
  --predictions-out FILE every scored prediction as CSV
                         (made_at_epoch,trip_id,stop_id,stop_sequence,predicted_arrival_epoch,method)`

class EvalUsageError extends Error {}

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new EvalUsageError(`--${name} must be a number ≥ 0, got "${value}"`)
  return n
}

function truthByOption(value: string | undefined): 'vehicle' | 'trip' {
  if (value === undefined || value === 'vehicle' || value === 'trip') return value ?? 'vehicle'
  throw new EvalUsageError(`--truth-by must be vehicle or trip, got "${value}"`)
}

async function loadSchedule(gtfs: string | undefined, avl: string | undefined): Promise<Schedule> {
  if (!gtfs) return readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
  const info = await stat(gtfs).catch(() => null)
  if (!info) throw new EvalUsageError(`--gtfs ${gtfs}: there is no such file or folder`)
  if (info.isDirectory()) {
    const files = await readdir(gtfs)
    const scheduleFile = files.find((f) => /^schedule_.*\.csv(\.gz)?$/.test(f))
    const stopsFile = files.find((f) => /^stops_.*\.csv(\.gz)?$/.test(f))
    if (scheduleFile && stopsFile) {
      const date = /(\d{4}-\d{2}-\d{2})/.exec(avl ?? '')?.[1]
      if (!avl || !date) throw new EvalUsageError('a CapMetrics schedule needs --avl with the day in its file name (vehicle_positions_YYYY-MM-DD.csv.gz)')
      return readCapMetricsSchedule({ schedulePath: join(gtfs, scheduleFile), stopsPath: join(gtfs, stopsFile), avlPath: avl, serviceDate: date })
    }
  }
  return readScheduleFromFeed(gtfs)
}

async function isSiri(path: string): Promise<boolean> {
  if (path.endsWith('.gz')) return false
  const head = (await readFile(path, 'utf8').catch(() => '')).slice(0, 2000)
  return head.includes('ExpectedArrivalTime') && head.includes('RecordedAtTime')
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      gtfs: { type: 'string' }, avl: { type: 'string' }, start: { type: 'string' }, hours: { type: 'string' }, vehicles: { type: 'string' }, seed: { type: 'string' },
      'train-days': { type: 'string' }, 'truth-by': { type: 'string' }, agency: { type: 'string' }, 'time-zone': { type: 'string' }, 'tick-s': { type: 'string' }, 'timetable-prior': { type: 'string' }, 'predictions-out': { type: 'string' }, help: { type: 'boolean' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const schedule = await loadSchedule(values.gtfs, values.avl)
  let source: EvalSource
  if (values.avl) {
    const operatorPredictions = (await isSiri(values.avl)) ? await readSiriOperatorPredictions(values.avl) : undefined
    source = { kind: 'trace', path: values.avl, agencyId: values.agency ?? 'replay', timeZone: values['time-zone'], operatorPredictions }
  } else {
    const startMs = Date.parse(values.start ?? '2026-11-24T06:00:00+02:00')
    if (Number.isNaN(startMs)) throw new EvalUsageError(`--start must be an ISO date and time, got "${values.start}"`)
    source = {
      kind: 'simulation', seed: values.seed ?? '1', startMs, durationS: numberOption(values.hours, 'hours', 6) * 3600,
      vehicles: numberOption(values.vehicles, 'vehicles', 206), trainDays: numberOption(values['train-days'], 'train-days', 1), truthBy: truthByOption(values['truth-by']),
    }
  }
  const startedAt = Date.now()
  const result = await evalPredictions({ schedule, source, tickMs: numberOption(values['tick-s'], 'tick-s', 30) * 1000,
    predictor: { timetablePriorTraversals: numberOption(values['timetable-prior'], 'timetable-prior', 0) }, onProgress: (m) => console.error(`… ${m}`) })
  console.log(`${source.kind === 'trace' ? `trace ${values.avl}` : `simulated day of ${result.vehicles} buses, ${source.durationS / 3600} h from ${new Date(source.startMs).toISOString()}, seed ${source.seed}, ${source.trainDays} training day(s), true arrivals by ${source.truthBy}`}`)
  console.log(`${result.pings} pings (${result.refused} refused), ${result.stopEvents} stop events, ${result.learnedSegments} segments learned, ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`)
  console.log(formatAccuracyTable(result.table, result.methods))
  const maeLine = (mae: Partial<Record<string, number | null>>) => result.methods.map((m) => `${m} ${mae[m] == null ? '–' : `${mae[m].toFixed(0)} s`}`).join(', ')
  console.log(`MAE 5–10 min: ${maeLine(result.mae5to10S)}`)
  const { schedule: baseline, kalman } = result.mae5to10S
  if (baseline && kalman) console.log(`kalman vs schedule at 5–10 min: ${(100 * (1 - kalman / baseline)).toFixed(0)}% lower MAE`)
  if (result.operatorComparison) {
    console.log(`\nLike against like: every method asked at the moments the operator predicted, for the same vehicle and stop:\n${formatAccuracyTable(result.operatorComparison, result.methods)}`)
    console.log(`MAE 5–10 min, like against like: ${maeLine(result.operatorComparisonMae5to10S ?? {})}`)
    console.log(`\nPaired: only the moments, vehicles and stops every method predicted, each by the true time to arrival:\n${formatAccuracyTable(result.operatorPaired!, result.methods)}`)
    console.log(`MAE 5–10 min before the bus came, paired: ${maeLine(result.operatorPairedMae5to10S ?? {})}`)
  }
  if (values['predictions-out']) {
    await writePredictionsCsv(values['predictions-out'], result.outcomes, schedule)
    console.log(`${result.outcomes.length} scored predictions written to ${values['predictions-out']}`)
  }
}

main().catch((err: unknown) => {
  if (err instanceof EvalUsageError) console.error(`eval:predictions: ${err.message}\n\n${USAGE}`)
  else console.error(`eval:predictions failed: ${err instanceof Error ? `${(err as Error & { code?: string }).code ?? ''} ${err.message}` : String(err)}`)
  process.exitCode = 1
})
