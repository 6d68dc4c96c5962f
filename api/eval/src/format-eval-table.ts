import type { AccuracyTable } from '@masar/api/predictions/accuracy-table'
import type { CoverageRow } from './arrival-coverage.js'

/**
 * The eval's table in markdown, methods (baselines first) side by side per horizon bucket: count, MAE (s), the ETA
 * Accuracy Benchmark share, the share of real arrivals inside the p10–p90 range given, and coverage (the share of
 * observed arrivals that got a prediction in that bucket); then per method the score and MAE at 5–10 min.
 */
export interface EvalTableInput<M extends string> {
  table: AccuracyTable<M>
  methods: readonly M[]
  coverage: readonly CoverageRow<string>[]
  mae5to10S: Partial<Record<M, number | null>>
}

const pct = (v: number | null | undefined) => (v == null ? '–' : `${(v * 100).toFixed(1)} %`)
const sec = (v: number | null | undefined) => (v == null ? '–' : v.toFixed(0))
const BUCKETS = ['0-3', '3-6', '6-10', '10-15', '15-30'] as const

export function formatEvalTable<M extends string>({ table, methods, coverage, mae5to10S }: EvalTableInput<M>): string {
  const lines = ['| horizon | method | count | MAE s | benchmark | in p10–p90 | coverage |', '|---|---|---:|---:|---:|---:|---:|']
  for (const bucket of BUCKETS) {
    for (const method of methods) {
      const row = table.rows.find((r) => r.method === method && r.bucket === bucket)
      if (!row) continue
      const covered = coverage.find((c) => c.method === method && c.bucket === bucket)
      lines.push(`| ${bucket.replace('-', '–')} min | ${method} | ${row.count.toLocaleString('en-US')} | ${sec(row.maeS)} | ${pct(row.benchmarkShare)} | ${pct(row.withinRangeShare)} | ${covered ? `${pct(covered.share)} of ${covered.eligible.toLocaleString('en-US')}` : '–'} |`)
    }
  }
  const best = bestOf(methods, (m) => table.benchmarkScore[m] ?? null)
  lines.push('', '| method | ETA Accuracy Benchmark score | MAE 5–10 min | lowest coverage |', '|---|---:|---:|---:|')
  for (const method of methods) {
    const shares = coverage.filter((c) => c.method === method && c.share !== null).map((c) => c.share!)
    const score = pct(table.benchmarkScore[method])
    lines.push(`| ${method} | ${method === best ? `**${score}**` : score} | ${sec(mae5to10S[method])}${mae5to10S[method] == null ? '' : ' s'} | ${pct(shares.length ? Math.min(...shares) : null)} |`)
  }
  return lines.join('\n')
}

function bestOf<M extends string>(methods: readonly M[], score: (m: M) => number | null): M | null {
  let best: M | null = null
  for (const m of methods) if ((score(m) ?? -1) > (best === null ? -1 : (score(best) ?? -1))) best = m
  return best
}
