import { createServiceLogin, type ServiceLoginSession } from '@masar/platform/testing/service-login'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pg from 'pg'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIngestMetrics } from '../metrics.js'
import { BatchWriter } from './batch-writer.js'
import type { IngestedMessage } from './ping-batch.js'

let database: TestDatabase
/** The writer's pool: on a server, ingest's own login (a member of masar_ingest, issue #17), as deployed. */
let writerPool: pg.Pool
let login: ServiceLoginSession | undefined
beforeAll(async () => {
  database = await createTestDatabase()
  if (database.embedded) {
    writerPool = database.pool // one session whatever the user
  } else {
    login = await createServiceLogin(database, 'ingest')
    writerPool = new pg.Pool({ connectionString: login.url, max: 2 })
  }
})
afterAll(async () => {
  if (login) await writerPool?.end()
  await login?.close()
  await database?.close()
})

const baseMs = Date.now() - 60_000
function messageOf(vehicleId: string, offsetsS: number[], acks: string[], overrides: { lat?: number } = {}): IngestedMessage {
  return {
    topic: `masar/v1/gam/vehicles/${vehicleId}/positions`,
    receivedAtMs: Date.now(),
    pings: offsetsS.map((s) => ({
      agencyId: 'gam', vehicleId, recordedAtMs: baseMs + s * 1000, lat: overrides.lat ?? 31.95, lon: 35.91, speedMps: 10, bearingDeg: 90,
      accuracyM: 5, odometerM: null, tripId: 'T1', routeId: null, occupancy: null, seq: s,
    })),
    rejections: [],
    ack: () => acks.push(`${vehicleId}:${offsetsS.join(',')}`),
  }
}

// COPY runs only against a real server (the embedded database cannot take it over its socket).
const methods = process.env.DATABASE_URL ? (['insert', 'copy'] as const) : (['insert'] as const)

describe.each(methods)('BatchWriter writing with %s', (writeMethod) => {
  const writerFor = (metrics = createIngestMetrics({ defaultMetrics: false })) =>
    new BatchWriter({ pool: writerPool, logger: pino({ level: 'silent' }), metrics, retryMinMs: 10, retryMaxMs: 50, rejectPayloadKeepBytes: 16, writeMethod, now: Date.now })
  const message = (vehicleId: string, offsetsS: number[], acks: string[], overrides: { lat?: number } = {}) =>
    messageOf(`${writeMethod}-${vehicleId}`, offsetsS, acks, overrides)
  const id = (vehicleId: string) => `${writeMethod}-${vehicleId}`

  it('stores a batch, registers its vehicles, acks after commit, and stores redeliveries once', async () => {
    const metrics = createIngestMetrics({ defaultMetrics: false })
    const writer = writerFor(metrics)
    const acks: string[] = []
    writer.enqueue({ messages: [message('bus-a', [1, 2, 3], acks), message('bus-b', [1], acks)], rowCount: 4 })
    writer.enqueue({ messages: [message('bus-a', [3, 4], acks)], rowCount: 2 }) // ping 3 is a redelivery
    await writer.idle()
    expect(acks).toEqual([`${id('bus-a')}:1,2,3`, `${id('bus-b')}:1`, `${id('bus-a')}:3,4`])
    const { rows } = await database.pool.query<{ vehicle_id: string; n: number }>(
      `SELECT vehicle_id, count(*)::int AS n FROM vehicle_positions WHERE vehicle_id IN ($1, $2) GROUP BY 1 ORDER BY 1`, [id('bus-a'), id('bus-b')],
    )
    expect(rows).toEqual([{ vehicle_id: id('bus-a'), n: 4 }, { vehicle_id: id('bus-b'), n: 1 }])
    expect((await metrics.pingsStored.get()).values[0]?.value).toBe(5)
    expect((await metrics.pingsDuplicate.get()).values[0]?.value).toBe(1)
    const latest = await database.pool.query<{ vehicle_id: string; seq: string; recorded_at: Date }>(
      `SELECT vehicle_id, seq, recorded_at FROM vehicle_latest WHERE vehicle_id IN ($1, $2) ORDER BY 1`, [id('bus-a'), id('bus-b')],
    )
    expect(latest.rows.map((r) => [r.vehicle_id, Number(r.seq), r.recorded_at.getTime()])).toEqual([
      [id('bus-a'), 4, baseMs + 4000], [id('bus-b'), 1, baseMs + 1000],
    ])
  })

  it('stores free text with tabs, newlines, backslashes and Arabic exactly as sent', async () => {
    const acks: string[] = []
    const tripId = 'T\t1\\x\n\r"quoted", {braces} رحلة'
    const sent = message('bus-text', [1], acks)
    sent.pings[0]!.tripId = tripId
    sent.pings[0]!.routeId = 'NULL'
    const writer = writerFor()
    writer.enqueue({ messages: [sent], rowCount: 1 })
    await writer.idle()
    const { rows } = await database.pool.query<{ trip_id: string; route_id: string }>('SELECT trip_id, route_id FROM vehicle_positions WHERE vehicle_id = $1', [id('bus-text')])
    expect(rows).toEqual([{ trip_id: tripId, route_id: 'NULL' }])
  })

  it('keeps rejections in the dead-letter table with the payload truncated and its size', async () => {
    const acks: string[] = []
    const rejected: IngestedMessage = {
      ...message('bus-r', [], acks),
      rejections: [{ reason: 'null_island', detail: 'lat 0, lon 0', payload: new TextEncoder().encode('{"ts":1,"lat":0,"lon":0,"pad":"xxxxxxxx"}') }],
    }
    const writer = writerFor()
    writer.enqueue({ messages: [rejected], rowCount: 1 })
    await writer.idle()
    const { rows } = await database.pool.query<{ reason: string; vehicle_id: string; payload: Buffer; payload_bytes: number }>(
      `SELECT reason, vehicle_id, payload, payload_bytes FROM ping_rejects WHERE vehicle_id = $1`, [id('bus-r')],
    )
    expect(rows).toEqual([{ reason: 'null_island', vehicle_id: id('bus-r'), payload: Buffer.from('{"ts":1,"lat":0,'), payload_bytes: 41 }])
    expect(acks).toEqual([`${id('bus-r')}:`])
  })

  it('finds the message the database refuses, keeps it as storage_rejected, and stores the rest', async () => {
    const metrics = createIngestMetrics({ defaultMetrics: false })
    const writer = writerFor(metrics)
    const acks: string[] = []
    // lat 95 passes no validator here (built by hand) and violates the table's CHECK: a data error
    writer.enqueue({ messages: [message('bus-c', [1], acks), message('bus-d', [1], acks, { lat: 95 }), message('bus-c', [2], acks)], rowCount: 3 })
    await writer.idle()
    expect(acks).toEqual([`${id('bus-c')}:1`, `${id('bus-d')}:1`, `${id('bus-c')}:2`])
    const stored = await database.pool.query(`SELECT 1 FROM vehicle_positions WHERE vehicle_id IN ($1, $2)`, [id('bus-c'), id('bus-d')])
    expect(stored.rowCount).toBe(2)
    const { rows } = await database.pool.query<{ reason: string; detail: string }>(`SELECT reason, detail FROM ping_rejects WHERE vehicle_id = $1`, [id('bus-d')])
    expect(rows).toHaveLength(1)
    expect(rows[0]?.reason).toBe('storage_rejected')
    expect(rows[0]?.detail).toContain('check constraint')
    expect((await metrics.pingsRejected.get()).values.find((v) => v.labels.reason === 'storage_rejected')?.value).toBe(1)
  })
})
