import { createTestDatabase } from '../src/testing/test-database.js'

/**
 * Storage per ping, measured: a day of a fleet's pings (VEHICLES buses every 10 s through service hours, realistic
 * values: positions drifting along a street, speeds, bearings, trips) written into vehicle_positions, its size on
 * disk read, then (TimescaleDB) every chunk compressed and read again. Prints bytes per ping side by side:
 * TimescaleDB uncompressed, TimescaleDB compressed (the policy's state after POSITIONS_COMPRESS_AFTER_DAYS), and
 * plain PostgreSQL when DATABASE_URL names one. `npm run bench:storage`.
 */
const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 206)
const HOURS = Number(process.env.BENCH_HOURS ?? 18) // 05:30–23:30
const INTERVAL_S = 10

/** serverUrl '': the embedded TimescaleDB; otherwise that server. */
async function measure(serverUrl: string) {
  const database = await createTestDatabase({ serverUrl, poolSize: 1 })
  try {
    const pings = VEHICLES * ((HOURS * 3600) / INTERVAL_S)
    const started = performance.now()
    await database.pool.query(`
      INSERT INTO vehicle_positions (vehicle_id, recorded_at, received_at, agency_id, lat, lon, speed_mps, bearing_deg, accuracy_m, trip_id, route_id, seq)
      SELECT 'bus-' || lpad(v::text, 4, '0'),
             timestamptz '2026-11-23 05:30+03' + make_interval(secs => s * ${INTERVAL_S}),
             timestamptz '2026-11-23 05:30+03' + make_interval(secs => s * ${INTERVAL_S} + 1.2),
             'amman',
             31.90 + v * 0.0005 + s * 0.00002 * sin(s / 90.0), 35.85 + s * 0.00002 * cos(s / 90.0),
             (8 + 4 * sin(s / 7.0))::real, ((s * 3) % 360)::real, (4 + (s % 7))::real,
             'T' || v || '-' || (s / 360), 'R' || (v % 40), s
      FROM generate_series(1, ${VEHICLES}) v, generate_series(0, ${(HOURS * 3600) / INTERVAL_S - 1}) s`)
    const insertS = (performance.now() - started) / 1000
    const size = async () => Number((await database.pool.query<{ bytes: string }>(database.timescale ? `SELECT hypertable_size('vehicle_positions') AS bytes` : `SELECT pg_total_relation_size('vehicle_positions') AS bytes`)).rows[0]!.bytes)
    const raw = await size()
    let compressed: number | null = null
    if (database.timescale) {
      await database.pool.query(`SELECT compress_chunk(c, if_not_compressed => true) FROM show_chunks('vehicle_positions') c`)
      compressed = await size()
    }
    return { kind: database.timescale ? (database.embedded ? 'TimescaleDB (embedded)' : 'TimescaleDB') : 'PostgreSQL', pings, insertS, raw, compressed }
  } finally {
    await database.close()
  }
}

const runs = [await measure('')]
if (process.env.DATABASE_URL) runs.push(await measure(process.env.DATABASE_URL))
const perPing = (bytes: number, pings: number) => (bytes / pings).toFixed(1)
console.log(`\n${VEHICLES} vehicles every ${INTERVAL_S} s for ${HOURS} h: ${runs[0]!.pings.toLocaleString('en')} pings\n`)
console.log('database                  | bytes/ping stored | bytes/ping compressed | compression | MB per day')
console.log('--------------------------|------------------:|----------------------:|------------:|----------:')
for (const r of runs) {
  const ratio = r.compressed ? `${(r.raw / r.compressed).toFixed(1)}×` : '–'
  const perDay = (r.compressed ?? r.raw) / 1024 / 1024
  console.log(`${r.kind.padEnd(26)}| ${perPing(r.raw, r.pings).padStart(17)} | ${(r.compressed ? perPing(r.compressed, r.pings) : '–').padStart(21)} | ${ratio.padStart(11)} | ${perDay.toFixed(0).padStart(9)}`)
}
