/**
 * npm run bench:arrivals — a rider's arrivals at a stop (GET /api/v1/stops/:id/arrivals, the SMS reply, and every
 * 15 s for each stop a rider watches over the WebSocket), figures measured side by side in one run (not a timed
 * test): the api's arrivalsAt, which looks up the trips calling at the stop and each service day's origin once,
 * against the reference that scanned every stop time of the feed and converted each one's time in the agency's zone
 * (bench/arrivals-by-scan.ts), on the Amman demo feed with the fleet of a simulated
 * morning and its predictions. Both must give the same arrivals at every stop; alternating rounds, medians, ratio.
 * Then the cost of one prediction round (what the api does every 15 s: every method predicts the whole fleet): each of
 * Masar's three methods and the baselines timed over the same fleet, per vehicle predicted, and what that makes for
 * 10,000 vehicles on one core (issue #18's target: < 1 s; extrapolated: a round is one prediction per vehicle).
 * Settings: BENCH_ROUNDS (5), BENCH_SIM_HOURS (1.5: how much of the morning is simulated before measuring).
 */
import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { cpus, loadavg } from 'node:os'
import { arrivalsAt, type ArrivalsSource } from '@masar/api/predictions/arrivals-at-stop'
import { predictFleet } from '@masar/api/predictions/predict-fleet'
import { BASELINE_METHODS, PREDICTION_METHODS, type AnyPredictionMethod } from '@masar/api/predictions/prediction-types'
import { ReplayPipeline } from '../src/replay-pipeline.js'
import { runSimulatedDay } from '../src/simulated-day.js'
import { arrivalsAtByScan } from './arrivals-by-scan.js'
import { fmt, median, verdict } from '@masar/api/bench/bench-figures'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
/** Prediction rounds timed per method (each is short: more of them steady the median). */
const PREDICTION_ROUNDS = 20 * ROUNDS
const SIM_HOURS = Number(process.env.BENCH_SIM_HOURS ?? 1.5)
const HORIZON_MS = 60 * 60_000
const START_MS = Date.parse('2026-11-24T05:30:00+02:00') // a Tuesday, before the first pull-outs
const WATCH_EVERY_S = 15

type Finder = typeof arrivalsAt
const LARGE_FLEET = 10_000

/**
 * CPU milliseconds for one method to predict the whole fleet once (the process's CPU time, not the wall clock: on a
 * shared machine other processes do not inflate it), and the vehicles it predicted.
 */
function timeRound(pipeline: ReplayPipeline, method: AnyPredictionMethod, nowMs: number): { ms: number; vehicles: number } {
  const started = process.cpuUsage()
  const predictions = predictFleet(pipeline.service, pipeline.fleet, method, nowMs, pipeline.service.standingForMs)
  const used = process.cpuUsage(started)
  const ms = (used.user + used.system) / 1000
  return { ms, vehicles: new Set(predictions.map((p) => p.vehicleId)).size }
}

function printPredictionRound(pipeline: ReplayPipeline, nowMs: number): void {
  const methods = [...PREDICTION_METHODS, ...BASELINE_METHODS]
  const perVehicleUs = new Map<AnyPredictionMethod, number>()
  let vehicles = 0
  for (const method of methods) {
    const rounds: number[] = []
    for (let round = 0; round < PREDICTION_ROUNDS; round++) {
      const r = timeRound(pipeline, method, nowMs + round) // a new instant each round: nothing is served from a cache
      rounds.push(r.ms)
      vehicles = r.vehicles
    }
    perVehicleUs.set(method, (median(rounds) * 1000) / vehicles)
  }
  const liveUs = PREDICTION_METHODS.reduce((sum, m) => sum + perVehicleUs.get(m)!, 0)
  const roundMs = (us: number) => (us * LARGE_FLEET) / 1000
  console.log(`
a prediction round (every stop ahead up to 60 min and the block's later trips; CPU time, median of ${PREDICTION_ROUNDS} rounds over ${vehicles} buses predicted, load average ${loadavg()[0]!.toFixed(2)})
| method | per vehicle | a round of ${fmt(LARGE_FLEET)} vehicles (one core) |
|---|---:|---:|
${methods.map((m) => `| ${m}${(BASELINE_METHODS as readonly string[]).includes(m) ? ' (eval only)' : ''} | ${perVehicleUs.get(m)!.toFixed(1)} µs | ${fmt(roundMs(perVehicleUs.get(m)!))} ms |`).join('\n')}
| the api's round: ${PREDICTION_METHODS.join(' + ')} | ${liveUs.toFixed(1)} µs | **${fmt(roundMs(liveUs))} ms** |
target: a round of ${fmt(LARGE_FLEET)} vehicles (the api's three methods) in < 1 s on one core (${fmt(roundMs(liveUs))} ms, extrapolated from ${vehicles} buses): ${verdict(roundMs(liveUs) < 1000)}`)
}

/** Microseconds per stop, asking for every stop of the feed once. */
function timeEveryStop(find: Finder, source: ArrivalsSource, stopIds: readonly string[], nowMs: number): number {
  const started = process.hrtime.bigint()
  let found = 0
  for (const stopId of stopIds) found += find(source, stopId, nowMs, HORIZON_MS).length
  if (found === 0) throw new Error('bench: no arrivals at any stop')
  return Number(process.hrtime.bigint() - started) / 1000 / stopIds.length
}

async function main(): Promise<void> {
  const schedule = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
  let stopTimes = 0
  for (const trip of schedule.trips.values()) stopTimes += trip.stopIds.length
  console.log(`Amman demo feed: ${fmt(schedule.stops.size)} stops, ${fmt(schedule.trips.size)} trips, ${fmt(stopTimes)} stop times; simulating ${SIM_HOURS} h of the morning…`)
  const pipeline = new ReplayPipeline(schedule, { tickMs: 30_000, scoreOnStopEvents: false, methods: ['kalman'] })
  const day = await runSimulatedDay({ schedule, pipeline, seed: 'bench', startMs: START_MS, durationS: SIM_HOURS * 3600, vehicles: 206, scoreWithTruth: false })
  const nowMs = START_MS + SIM_HOURS * 3600_000
  const source: ArrivalsSource = { schedule, fleet: pipeline.fleet, predictions: pipeline.service.served(nowMs), cancelled: new Set() }
  const stopIds = [...schedule.stops.keys()]
  console.log(`  ${day.buses} buses out, ${fmt(source.predictions.length)} trips predicted at ${new Date(nowMs).toISOString()}`)

  // the same arrivals, stop by stop (the reference's order among arrivals at the same instant is kept)
  let realtime = 0
  for (const stopId of stopIds) {
    const ours = arrivalsAt(source, stopId, nowMs, HORIZON_MS)
    if (JSON.stringify(ours) !== JSON.stringify(arrivalsAtByScan(source, stopId, nowMs, HORIZON_MS))) throw new Error(`bench: arrivals at ${stopId} differ from the reference`)
    realtime += ours.filter((a) => a.realtime).length
  }
  console.log(`  every stop: the same arrivals as the reference (${fmt(realtime)} of them predicted by a bus)`)

  const ours: number[] = []
  const scan: number[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    ours.push(timeEveryStop(arrivalsAt, source, stopIds, nowMs))
    scan.push(timeEveryStop(arrivalsAtByScan, source, stopIds, nowMs))
    console.log(`  round ${round}: arrivalsAt ${ours.at(-1)!.toFixed(1)} µs a stop, scan ${scan.at(-1)!.toFixed(1)} µs`)
  }
  const [oursUs, scanUs] = [median(ours), median(scan)]
  const watchers = (us: number) => (WATCH_EVERY_S * 1e6) / us
  console.log(`
arrivals at a stop (median of ${ROUNDS} rounds over all ${fmt(stopIds.length)} stops, load average ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores)
| measure | arrivalsAt (index) | scan (before) | ratio |
|---|---:|---:|---:|
| per stop asked | ${oursUs.toFixed(1)} µs | ${scanUs.toFixed(0)} µs | **${(scanUs / oursUs).toFixed(0)}× faster** |
| stops a core answers per second | ${fmt(1e6 / oursUs)} | ${fmt(1e6 / scanUs)} | |
| riders watching a stop (every ${WATCH_EVERY_S} s) a core keeps up with | ${fmt(watchers(oursUs))} | ${fmt(watchers(scanUs))} | |
target: a core keeps up with 10,000 riders watching a stop (${fmt(watchers(oursUs))}): ${verdict(watchers(oursUs) >= 10_000)}`)
  printPredictionRound(pipeline, nowMs)
}

main().catch((err: unknown) => {
  console.error(`bench:arrivals failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
