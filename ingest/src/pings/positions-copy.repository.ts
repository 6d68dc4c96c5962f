import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { rejectColumns, type BatchRows, type WriteBatchResult } from './positions.repository.js'

/**
 * The fast path for a real PostgreSQL/TimescaleDB server: the batch's pings go in by COPY, which costs the
 * database about half of what the unnest INSERT does per row (measured: see README, Performance), and rejects
 * and new vehicles by INSERT, all in one transaction. COPY cannot skip duplicates: when the batch holds a ping
 * that is already stored (a redelivery after a crash), the transaction is rolled back and this returns
 * 'duplicates', and the caller writes the batch with the idempotent INSERT instead.
 * Not for the embedded database: COPY FROM STDIN over pglite-socket crashes it (TOOLCHAIN.md).
 */
const COPY_POSITIONS = `COPY vehicle_positions (vehicle_id, recorded_at, received_at, agency_id, lat, lon, speed_mps, bearing_deg,
  accuracy_m, odometer_m, trip_id, route_id, occupancy, seq) FROM STDIN`

const INSERT_SIDE_ROWS = `
WITH new_vehicles AS (
  INSERT INTO vehicles (vehicle_id, agency_id)
  SELECT * FROM unnest($1::text[], $2::text[])
  ON CONFLICT DO NOTHING -- the primary key, the table's one unique index (no arbiter named: a named one needs SELECT, which ingest lacks)
)
INSERT INTO ping_rejects (received_at, topic, vehicle_id, reason, detail, payload, payload_bytes)
SELECT to_timestamp(r.received_ms / 1000.0), r.topic, r.vehicle_id, r.reason, r.detail, r.payload, r.payload_bytes
FROM unnest($3::float8[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[], $9::int[])
  AS r(received_ms, topic, vehicle_id, reason, detail, payload, payload_bytes)`

const NEEDS_ESCAPE = /[\\\t\n\r]/
const UNIQUE_VIOLATION = '23505'

/** A text value in COPY's text format: backslash, tab, newline and carriage return escaped; null is \N. */
function copyText(value: string | null): string {
  if (value === null) return '\\N'
  if (!NEEDS_ESCAPE.test(value)) return value
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
}

function copyNumber(value: number | null): string {
  return value === null ? '\\N' : String(value)
}

function formatCopyRows(rows: BatchRows): { text: string; pings: number } {
  const lines: string[] = []
  for (const message of rows.messages) {
    const receivedAt = new Date(message.receivedAtMs).toISOString()
    for (const p of message.pings) {
      lines.push(
        `${copyText(p.vehicleId)}\t${new Date(p.recordedAtMs).toISOString()}\t${receivedAt}\t${copyText(p.agencyId)}\t${p.lat}\t${p.lon}\t` +
          `${copyNumber(p.speedMps)}\t${copyNumber(p.bearingDeg)}\t${copyNumber(p.accuracyM)}\t${copyNumber(p.odometerM)}\t` +
          `${copyText(p.tripId)}\t${copyText(p.routeId)}\t${copyText(p.occupancy)}\t${copyNumber(p.seq)}\n`,
      )
    }
  }
  return { text: lines.join(''), pings: lines.length }
}

function sideRowParameters(rows: BatchRows): unknown[] | null {
  const rejects = rejectColumns(rows)
  if (rejects[0].length === 0 && rows.newVehicles.size === 0) return null
  return [[...rows.newVehicles.keys()], [...rows.newVehicles.values()], ...rejects]
}

/** The COPY, ended by its stream finishing, or failed by the stream or by the connection dropping under it. */
async function writeCopy(client: pg.PoolClient, text: string): Promise<void> {
  const stream = client.query(copyFrom(COPY_POSITIONS))
  await new Promise<void>((resolve, reject) => {
    const onClientError = (err: Error) => reject(err)
    client.once('error', onClientError)
    stream.on('finish', () => {
      client.off('error', onClientError)
      resolve()
    })
    stream.on('error', (err) => {
      client.off('error', onClientError)
      reject(err)
    })
    stream.end(text)
  })
}

export async function copyBatch(pool: pg.Pool, rows: BatchRows): Promise<WriteBatchResult | 'duplicates'> {
  const client = await pool.connect()
  let connectionBroken = false
  // A checked-out client has no pool listener: a connection that drops mid-COPY (EPIPE, reset) would otherwise be an
  // uncaught 'error' and take the process down. It fails this batch, which is retried, and the client is discarded.
  const onConnectionError = () => (connectionBroken = true)
  client.on('error', onConnectionError)
  try {
    await client.query('BEGIN')
    const { text, pings } = formatCopyRows(rows)
    if (pings > 0) await writeCopy(client, text)
    const side = sideRowParameters(rows)
    if (side) await client.query(INSERT_SIDE_ROWS, side)
    await client.query('COMMIT')
    return { storedPings: pings, rejectedPings: rows.messages.reduce((sum, m) => sum + m.rejections.length, 0) }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => (connectionBroken = true))
    if ((err as { code?: string }).code === UNIQUE_VIOLATION) return 'duplicates'
    throw err
  } finally {
    client.off('error', onConnectionError)
    client.release(connectionBroken)
  }
}
