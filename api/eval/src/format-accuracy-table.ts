import type { AccuracyTable } from '@masar/api/predictions/accuracy-table'

/** The accuracy table as text, methods side by side per horizon bucket (seconds; shares as percentages). */
export function formatAccuracyTable<M extends string>(table: AccuracyTable<M>, methods: readonly M[]): string {
  const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`)
  const sec = (v: number | null) => (v === null ? '–' : v.toFixed(0))
  const header = ['horizon', 'method', 'count', 'MAE s', 'p50 |err| s', 'p90 |err| s', 'early', 'benchmark', 'in p10–p90']
  const lines = [header]
  for (const bucket of ['0-3', '3-6', '6-10', '10-15', '15-30']) {
    for (const method of methods) {
      const row = table.rows.find((r) => r.method === method && r.bucket === bucket)
      if (!row) continue
      lines.push([`${bucket} min`, method, String(row.count), sec(row.maeS), sec(row.p50AbsErrorS), sec(row.p90AbsErrorS), pct(row.earlyShare), pct(row.benchmarkShare), pct(row.withinRangeShare)])
    }
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)))
  const text = lines.map((l) => l.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
  text.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '))
  const scores = methods.map((m) => `${m} ${pct(table.benchmarkScore[m] ?? null)}`).join(', ')
  return `${text.join('\n')}\n\nETA Accuracy Benchmark score (mean of 0–3, 3–6, 6–10, 10–15): ${scores}`
}
