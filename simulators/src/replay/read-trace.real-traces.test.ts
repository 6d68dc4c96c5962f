import { describe, expect, it } from 'vitest'
import { readTrace } from './read-trace.js'
import { REAL_TRACES, missingRealTraces } from './real-traces.js'

const missing = missingRealTraces()
if (missing) console.warn(`read-trace real traces: ${missing}`)

// Counts from each trace's PROVENANCE.md in ../shared/data/avl.
describe.skipIf(missing !== null)(`readTrace on the real traces${missing ? ` (${missing})` : ''}`, () => {
  it('reads the whole Amman BRT trace: every row, 129 buses, already in time order, glitches and stale repeats kept', async () => {
    const trace = await readTrace(REAL_TRACES.amman)
    expect(trace.format.name).toBe('amman-brt')
    expect(trace.skipped.count).toBe(0)
    expect(trace.records).toHaveLength(153_306)
    expect(trace.vehicles).toBe(129)
    expect(trace.sortedInFile).toBe(true)
    expect(new Date(trace.records[0]!.atMs).toISOString()).toBe('2025-11-11T14:06:59.243Z') // 17:06:59 in Amman (UTC+3)
    expect(new Date(trace.records.at(-1)!.atMs).toISOString()).toMatch(/^2025-11-20T14:38:39\./)
    const glitches = trace.records.filter((r) => Math.abs(r.lat - 31.3838) < 1e-3 && Math.abs(r.lon - 41.0892) < 1e-3)
    expect(glitches).toHaveLength(6)
    expect(new Set(glitches.map((r) => r.vehicleId))).toEqual(new Set(['59197']))
    expect(trace.records.some((r) => r.bearingDeg === 0)).toBe(false)
    let repeats = 0
    const previous = new Map<string, string>()
    for (const r of trace.records) {
      const position = `${r.lat},${r.lon}`
      if (previous.get(r.vehicleId) === position) repeats += 1
      previous.set(r.vehicleId, position)
    }
    expect(repeats).toBe(91_443) // PROVENANCE: 91,443 rows repeat the bus's previous position
  })

  it('reads the whole Austin trace, sorts it by time and gives speeds in m/s', async () => {
    const trace = await readTrace(REAL_TRACES.austin)
    expect(trace.format.name).toBe('capmetro-austin')
    expect(trace.skipped.count).toBe(0)
    expect(trace.records).toHaveLength(44_564)
    expect(trace.vehicles).toBe(158)
    expect(trace.sortedInFile).toBe(false)
    expect(trace.records.every((r, i) => i === 0 || trace.records[i - 1]!.atMs <= r.atMs)).toBe(true)
    expect(new Date(trace.records[0]!.atMs).toISOString()).toBe('2015-03-07T06:00:22.000Z')
    expect(new Date(trace.records.at(-1)!.atMs).toISOString()).toBe('2015-03-07T21:44:49.000Z')
    const fastest = Math.max(...trace.records.map((r) => r.speedMps ?? 0))
    expect(fastest).toBeCloseTo(28.81, 1) // 64.45 mph, under ingest's 50 m/s limit
  })

  it("reads the Be'er Sheva SIRI sample once per fix: 17 buses of line 17511, 05:00–09:58 +03:00", async () => {
    const trace = await readTrace(REAL_TRACES.beersheva)
    expect(trace.format.name).toBe('siri-vm')
    expect(trace.skipped.count).toBe(0)
    // 2,500 rows (one per monitored stop and server call) hold 1,863 distinct vehicle fixes.
    expect(trace.records).toHaveLength(1_863)
    expect(trace.repeatsDropped).toBe(637)
    expect(trace.vehicles).toBe(17)
    expect(new Set(trace.records.map((r) => r.routeId))).toEqual(new Set(['17511']))
    expect(new Date(trace.records[0]!.atMs).toISOString()).toBe('2017-07-19T02:00:00.000Z') // 05:00:00+03:00
    expect(new Date(trace.records.at(-1)!.atMs).toISOString()).toBe('2017-07-19T06:58:52.000Z') // 09:58:52+03:00
    const fixes = new Set(trace.records.map((r) => `${r.vehicleId}@${r.atMs}`))
    expect(fixes.size).toBe(trace.records.length)
  })
})
