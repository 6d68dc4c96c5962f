import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { readSiriOperatorPredictions } from '@masar/simulators/replay/siri-operator-predictions'
import { evalPredictions, type EvalResult, type EvalSource } from './eval-predictions.js'
import { formatAccuracyTable } from './format-accuracy-table.js'
import { formatEvalTable } from './format-eval-table.js'
import { formatMatchingReport } from './matching-accuracy.js'
import { EvalUsageError, loadEvalSchedule, traceFiles } from './load-eval-schedule.js'
import { writePredictionsCsv } from './predictions-csv.js'
import { REAL_TRACE_EVALS, unavailableBecause, type RealTraceEval } from './real-trace-evals.js'

const USAGE = `npm run eval:predictions -- [--gtfs FEED] [--avl TRACE]... [options]
npm run eval:predictions -- --real         every real trace (../shared/data, real-trace-evals.ts), then the simulated day

Replays a day through Masar's prediction pipeline on a simulated clock and prints the accuracy of every method,
the naive baselines (timetable, schedule, segments) beside Masar's (learned, kalman).
  --gtfs FEED            GTFS zip or folder (default: the Amman demo feed); a CapMetrics folder (schedule_*.csv.gz,
                         stops_*.csv.gz) for the Austin trace
  --avl TRACE            a recorded trace (Amman BRT, CapMetrics, SIRI VM table with the operator's predictions, a CSV
                         with the usual column names, GTFS-rt VehiclePositions as flattened CSV or .pb snapshots, SIRI-VM
                         XML; a file or a folder of .pb or .xml snapshots);
                         several --avl, or a folder of one file per day (YYYY-MM-DD in the names), are one trace;
                         without it, a seeded simulated day scored against the simulator's true arrivals
  --test-day YYYY-MM-DD  trace: learn across days, test on a later day: the days before it (--train-days of them,
                         default all) are replayed learning only, this day is scored (days change at 03:00 local)
  --routes R1,R2         trace: only these routes' records (a shorter eval)
  --real                 every real trace with its schedule and split, then the simulated day (options above apply
                         to the simulated day)
  --start ISO            simulated day: start (default 2026-11-24T06:00:00+02:00, a Tuesday)
  --hours N              simulated day: hours (default 6)
  --vehicles N           simulated day: buses (default 206, the demo fleet; those out at the start first)
  --truth-by vehicle|trip simulated day: a true arrival scores the bus predicted at that stop (default), or the
                         trip the simulator ran whichever bus was predicted for it
  --seed S               simulated day: seed (default 1)
  --train-days N         days before the scored one the predictor learns from, unscored (simulated day: default 1;
                         trace with --test-day: default every earlier day of the trace)
  --agency ID            trace: the agency its trackers publish as (default replay)
  --time-zone ZONE       trace: zone of times written without an offset
  --ignore-declared-trips trace: drop each record's trip, route and journey before the pipeline sees it (positions
                         only, as most trackers send); matching is still scored against the operator's trips
  --tick-s N             seconds between prediction rounds (default 30)
  --timetable-prior N    the timetable counts as N traversals against a segment's learned running time (default 0)
  --predictions-out FILE every scored prediction as CSV
                         (made_at_epoch,trip_id,stop_id,stop_sequence,predicted_arrival_epoch,method)`


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

async function isSiri(path: string): Promise<boolean> {
  if (path.endsWith('.gz')) return false
  const head = (await readFile(path, 'utf8').catch(() => '')).slice(0, 2000)
  // The SIRI table (CSV) carries the operator's predictions; SIRI-VM XML (which names the same elements) is read as a trace only.
  return !head.trimStart().startsWith('<') && head.includes('ExpectedArrivalTime') && head.includes('RecordedAtTime')
}

const OPTIONS = {
  gtfs: { type: 'string' }, avl: { type: 'string', multiple: true }, start: { type: 'string' }, hours: { type: 'string' }, vehicles: { type: 'string' }, seed: { type: 'string' },
  'train-days': { type: 'string' }, 'test-day': { type: 'string' }, 'truth-by': { type: 'string' }, agency: { type: 'string' }, 'time-zone': { type: 'string' }, 'tick-s': { type: 'string' },
  'timetable-prior': { type: 'string' }, 'predictions-out': { type: 'string' }, routes: { type: 'string' }, real: { type: 'boolean' }, 'ignore-declared-trips': { type: 'boolean' }, help: { type: 'boolean' },
} as const
type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values']

function testDayOption(value: string | undefined): string | undefined {
  if (value === undefined || /^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  throw new EvalUsageError(`--test-day must be a date YYYY-MM-DD, got "${value}"`)
}

function simulatedSource(values: Values): EvalSource & { kind: 'simulation' } {
  const startMs = Date.parse(values.start ?? '2026-11-24T06:00:00+02:00')
  if (Number.isNaN(startMs)) throw new EvalUsageError(`--start must be an ISO date and time, got "${values.start}"`)
  return {
    kind: 'simulation', seed: values.seed ?? '1', startMs, durationS: numberOption(values.hours, 'hours', 6) * 3600,
    vehicles: numberOption(values.vehicles, 'vehicles', 206), trainDays: numberOption(values['train-days'], 'train-days', 1), truthBy: truthByOption(values['truth-by']),
  }
}

async function runEval(schedule: Schedule, source: EvalSource, values: Values): Promise<{ result: EvalResult; seconds: number }> {
  const startedAt = Date.now()
  const result = await evalPredictions({ schedule, source, tickMs: numberOption(values['tick-s'], 'tick-s', 30) * 1000,
    predictor: { timetablePriorTraversals: numberOption(values['timetable-prior'], 'timetable-prior', 0) }, onProgress: (m) => console.error(`… ${m}`) })
  return { result, seconds: (Date.now() - startedAt) / 1000 }
}

function printResult(heading: string, { result, seconds }: { result: EvalResult; seconds: number }): void {
  console.log(`\n### ${heading}\n`)
  if (result.split) console.log(`test day ${result.split.testDay}, learned from ${result.split.trainingDays.join(', ') || 'no earlier day'} (unscored)`)
  console.log(`${result.pings.toLocaleString('en-US')} pings (${result.refused} refused), ${result.vehicles} vehicles, ${result.stopEvents.toLocaleString('en-US')} stop events, ${result.learnedSegments.toLocaleString('en-US')} segments learned, ${seconds.toFixed(1)} s\n`)
  if (result.matching) console.log(`${formatMatchingReport(result.matching)}\n`)
  console.log(formatEvalTable({ table: result.table, methods: result.methods, coverage: result.coverage, mae5to10S: result.mae5to10S }))
  const { segments, kalman, learned } = result.mae5to10S
  const best = (['kalman', 'learned'] as const).reduce((a, b) => ((result.table.benchmarkScore[b] ?? 0) > (result.table.benchmarkScore[a] ?? 0) ? b : a))
  const bestMae = best === 'kalman' ? kalman : learned
  const segScore = result.table.benchmarkScore.segments
  const bestScore = result.table.benchmarkScore[best]
  if (segments && bestMae && segScore != null && bestScore != null) {
    console.log(`\n${best} against the segments baseline: ${((bestScore - segScore) * 100).toFixed(1)} points of the benchmark (target ≥ 5), ${(100 * (1 - bestMae / segments)).toFixed(0)} % lower MAE at 5–10 min (target ≥ 15 %)`)
  }
  if (result.operatorComparison) {
    const maeLine = (mae: Partial<Record<string, number | null>>) => result.methods.map((m) => `${m} ${mae[m] == null ? '–' : `${mae[m].toFixed(0)} s`}`).join(', ')
    console.log(`\nLike against like: every method asked at the moments the operator predicted, for the same vehicle and stop:\n${formatAccuracyTable(result.operatorComparison, result.methods)}`)
    console.log(`MAE 5–10 min, like against like: ${maeLine(result.operatorComparisonMae5to10S ?? {})}`)
    console.log(`\nPaired: only the moments, vehicles and stops every method predicted, each by the true time to arrival:\n${formatAccuracyTable(result.operatorPaired!, result.methods)}`)
    console.log(`MAE 5–10 min before the bus came, paired: ${maeLine(result.operatorPairedMae5to10S ?? {})}`)
  }
}

async function traceSource(trace: { avl: readonly string[]; agencyId: string; timeZone?: string; split?: { testDay: string; trainDays?: number }; siri?: boolean; hideDeclaredTrips?: boolean; routes?: string }): Promise<EvalSource> {
  const routes = trace.routes ? new Set(trace.routes.split(',').map((r) => r.trim())) : null
  const siri = trace.avl.length === 1 && (trace.siri ?? (await isSiri(trace.avl[0]!)))
  const operatorPredictions = siri ? await readSiriOperatorPredictions(trace.avl[0]!) : undefined
  const keep = routes ? (r: { routeId?: string }) => r.routeId !== undefined && routes.has(r.routeId) : undefined
  return { kind: 'trace', path: trace.avl, agencyId: trace.agencyId, timeZone: trace.timeZone, operatorPredictions, split: trace.split, hideDeclaredTrips: trace.hideDeclaredTrips, keep }
}

/** One real trace of real-trace-evals.ts: its feed (built from its AVL where it has none), its split, its table. */
async function runRealTrace(trace: RealTraceEval, values: Values): Promise<void> {
  const why = unavailableBecause(trace)
  if (why) {
    console.log(`\n### ${trace.description}\n\nSKIPPED: ${why}`)
    return
  }
  const avl = await traceFiles(trace.avl)
  let gtfs: string
  if (trace.feed.kind === 'gtfs') gtfs = trace.feed.path
  else {
    if (!trace.split) throw new EvalUsageError(`${trace.name}: a feed built from the AVL needs a split (a test day the feed does not see)`)
    const untilDay = new Date(Date.parse(`${trace.split.testDay}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    gtfs = await trace.feed.build!({ avlPaths: avl, untilDay, outDir: await mkdtemp(join(tmpdir(), `masar-eval-${trace.name}-`)) })
  }
  const schedule = await loadEvalSchedule(gtfs, avl)
  printResult(trace.description, await runEval(schedule, await traceSource({ avl, agencyId: trace.agencyId, split: trace.split, siri: trace.operatorPredictions, hideDeclaredTrips: values['ignore-declared-trips'] }), values))
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: OPTIONS })
  if (values.help) {
    console.log(USAGE)
    return
  }
  if (values.real) {
    console.log(`## Prediction eval on real traces, then the simulated day (${new Date().toISOString().slice(0, 10)})`)
    for (const trace of REAL_TRACE_EVALS) await runRealTrace(trace, values)
    const sim = simulatedSource(values)
    printResult(`Simulated Amman day: ${sim.vehicles} buses, ${sim.durationS / 3600} h from ${new Date(sim.startMs).toISOString()}, seed ${sim.seed}, ${sim.trainDays} training day(s)`, await runEval(await loadEvalSchedule(values.gtfs, []), sim, values))
    return
  }
  const avl = values.avl?.length ? await traceFiles(values.avl) : []
  const schedule = await loadEvalSchedule(values.gtfs, avl)
  const testDay = testDayOption(values['test-day'])
  const source: EvalSource = avl.length
    ? await traceSource({ avl, agencyId: values.agency ?? 'replay', timeZone: values['time-zone'], hideDeclaredTrips: values['ignore-declared-trips'], routes: values.routes, split: testDay ? { testDay, trainDays: values['train-days'] === undefined ? undefined : numberOption(values['train-days'], 'train-days', 0) } : undefined })
    : simulatedSource(values)
  const run = await runEval(schedule, source, values)
  printResult(source.kind === 'trace' ? `trace ${avl.join(', ')}` : `simulated day of ${run.result.vehicles} buses, ${source.durationS / 3600} h from ${new Date(source.startMs).toISOString()}, seed ${source.seed}, ${source.trainDays} training day(s), true arrivals by ${source.truthBy}`, run)
  if (values['predictions-out']) {
    await writePredictionsCsv(values['predictions-out'], run.result.outcomes, schedule)
    console.log(`${run.result.outcomes.length} scored predictions written to ${values['predictions-out']}`)
  }
}

main().catch((err: unknown) => {
  if (err instanceof EvalUsageError) console.error(`eval:predictions: ${err.message}\n\n${USAGE}`)
  else console.error(`eval:predictions failed: ${err instanceof Error ? `${(err as Error & { code?: string }).code ?? ''} ${err.message}` : String(err)}`)
  process.exitCode = 1
})
