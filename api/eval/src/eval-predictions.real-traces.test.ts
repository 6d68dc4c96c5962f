import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { evalPredictions, type EvalResult } from './eval-predictions.js'
import { loadEvalSchedule } from './load-eval-schedule.js'

// A short real-trace eval for CI: Austin's MetroRapid 801, learned on Saturday 2016-11-26 and scored on Sunday
// 2016-11-27 (a day never learned from). Not 2015-03-07 → 03-08: the 8th's fixes run an hour ahead of its timetable
// after the DST switch. The full tables come from `npm run eval:predictions -- --real`.
const AVL_DIR = fileURLToPath(new URL('../../../../shared/data/avl/', import.meta.url))
const SCHEDULE = `${AVL_DIR}capmetro-austin-multiday`
const DAYS = [`${AVL_DIR}capmetro-austin-multiday/2016-11-26.csv.gz`, `${AVL_DIR}capmetro-austin-multiday/2016-11-27.csv.gz`]
const ROUTES = new Set(['801'])
const missing = [SCHEDULE, ...DAYS].filter((path) => !existsSync(path))
if (missing.length) console.warn(`SKIPPED: the shared AVL traces are not on this machine (${missing.join(', ')})`)

const rowOf = (result: EvalResult, method: string, bucket: string) => result.table.rows.find((r) => r.method === method && r.bucket === bucket)!

describe.skipIf(missing.length > 0)('the prediction eval on a real multi-day trace (Austin: 801, learn Saturday 2016-11-26, test Sunday)', () => {
  let result: EvalResult
  beforeAll(async () => {
    const schedule = await loadEvalSchedule(SCHEDULE, DAYS)
    result = await evalPredictions({
      schedule, source: { kind: 'trace', path: DAYS, agencyId: 'capmetro', split: { testDay: '2016-11-27' }, keep: (r) => r.routeId !== undefined && ROUTES.has(r.routeId) },
    })
  }, 120_000)

  it('scores only the test day, after learning from the days before it', () => {
    expect(result.split).toMatchObject({ testDay: '2016-11-27', trainingDays: expect.arrayContaining(['2016-11-26']) })
    expect(result.outcomes.length).toBeGreaterThan(1000)
    expect(result.outcomes.every((o) => o.madeAtMs >= result.split!.testFromMs)).toBe(true)
  })

  it('scores every method, baselines beside, in every benchmark bucket', () => {
    for (const method of ['timetable', 'schedule', 'segments', 'learned', 'kalman']) {
      for (const bucket of ['0-3', '3-6', '6-10', '10-15']) expect(rowOf(result, method, bucket).count, `${method} ${bucket}`).toBeGreaterThan(30)
      expect(result.table.benchmarkScore[method as 'kalman'], method).not.toBeNull()
    }
  })

  it('learns: the learned methods beat the timetable on MAE at 5–10 min and on the benchmark', () => {
    for (const method of ['learned', 'kalman'] as const) {
      expect(result.mae5to10S[method]!).toBeLessThan(result.mae5to10S.timetable!)
      expect(result.table.benchmarkScore[method]!).toBeGreaterThan(result.table.benchmarkScore.timetable!)
    }
  })

  it('computes coverage: most observed arrivals got a prediction in each bucket they could have had', () => {
    for (const row of result.coverage.filter((c) => c.method === 'kalman')) {
      expect(row.eligible, row.bucket).toBeGreaterThan(50)
      expect(row.share!, row.bucket).toBeGreaterThan(0.5)
      expect(row.covered).toBeLessThanOrEqual(row.eligible)
    }
  })
})
