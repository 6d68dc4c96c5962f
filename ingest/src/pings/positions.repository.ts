import type pg from 'pg'
import type { IngestedMessage } from './ping-batch.js'

/**
 * Writes one batch in one statement: new vehicles, valid pings (idempotent on (vehicle_id, recorded_at), so a
 * redelivered message is stored once) and rejected pings (the dead-letter table). One statement is one
 * transaction: either all of a batch is stored or none of it, and only then are its messages acknowledged.
 * Times travel as epoch milliseconds (float8) and become timestamptz in SQL.
 */
const INSERT_BATCH = `
WITH new_vehicles AS (
  INSERT INTO vehicles (vehicle_id, agency_id)
  SELECT * FROM unnest($1::text[], $2::text[])
  ON CONFLICT DO NOTHING -- the primary key, the table's one unique index (no arbiter named: a named one needs SELECT, which ingest lacks)
), rejects AS (
  INSERT INTO ping_rejects (received_at, topic, vehicle_id, reason, detail, payload, payload_bytes)
  SELECT to_timestamp(r.received_ms / 1000.0), r.topic, r.vehicle_id, r.reason, r.detail, r.payload, r.payload_bytes
  FROM unnest($3::float8[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[], $9::int[])
    AS r(received_ms, topic, vehicle_id, reason, detail, payload, payload_bytes)
), stored AS (
  INSERT INTO vehicle_positions (vehicle_id, recorded_at, received_at, agency_id, lat, lon, speed_mps, bearing_deg,
                                 accuracy_m, odometer_m, trip_id, route_id, occupancy, seq)
  SELECT p.vehicle_id, to_timestamp(p.recorded_ms / 1000.0), to_timestamp(p.received_ms / 1000.0), p.agency_id, p.lat, p.lon,
         p.speed_mps, p.bearing_deg, p.accuracy_m, p.odometer_m, p.trip_id, p.route_id, p.occupancy, p.seq
  FROM unnest($10::text[], $11::float8[], $12::float8[], $13::text[], $14::float8[], $15::float8[], $16::real[], $17::real[],
              $18::real[], $19::float8[], $20::text[], $21::text[], $22::text[], $23::int8[])
    AS p(vehicle_id, recorded_ms, received_ms, agency_id, lat, lon, speed_mps, bearing_deg, accuracy_m, odometer_m,
         trip_id, route_id, occupancy, seq)
  ON CONFLICT DO NOTHING -- (vehicle_id, recorded_at), the one unique index: a redelivery is stored once
  RETURNING 1
)
SELECT count(*)::int AS stored FROM stored`

export interface WriteBatchResult {
  /** Pings newly stored (the rest were already there: redeliveries). */
  storedPings: number
  rejectedPings: number
}

export interface BatchRows {
  messages: readonly IngestedMessage[]
  /** Vehicles not yet registered (as far as this process knows), with their agency. */
  newVehicles: ReadonlyMap<string, string>
  rejectPayloadKeepBytes: number
}

function vehicleIdOfTopic(topic: string): string | null {
  const parts = topic.split('/')
  return parts.length === 6 ? (parts[4] ?? null) : null
}

type RejectColumns = [number[], string[], (string | null)[], string[], string[], Buffer[], number[]]

/** The dead-letter rows of a batch as unnest columns: received ms, topic, vehicle, reason, detail, payload, size. */
export function rejectColumns({ messages, rejectPayloadKeepBytes }: BatchRows): RejectColumns {
  const rj: RejectColumns = [[], [], [], [], [], [], []]
  for (const message of messages) {
    for (const rejection of message.rejections) {
      rj[0].push(message.receivedAtMs)
      rj[1].push(message.topic)
      rj[2].push(rejection.vehicleId ?? vehicleIdOfTopic(message.topic))
      rj[3].push(rejection.reason)
      rj[4].push(rejection.detail.replaceAll('\u0000', '\\u0000'))
      rj[5].push(Buffer.from(rejection.payload.buffer, rejection.payload.byteOffset, Math.min(rejection.payload.byteLength, rejectPayloadKeepBytes)))
      rj[6].push(rejection.payload.byteLength)
    }
  }
  return rj
}

function toParameters(rows: BatchRows): unknown[] {
  const p: unknown[][] = Array.from({ length: 14 }, () => [])
  for (const message of rows.messages) {
    for (const ping of message.pings) {
      p[0]!.push(ping.vehicleId); p[1]!.push(ping.recordedAtMs); p[2]!.push(message.receivedAtMs); p[3]!.push(ping.agencyId)
      p[4]!.push(ping.lat); p[5]!.push(ping.lon); p[6]!.push(ping.speedMps); p[7]!.push(ping.bearingDeg)
      p[8]!.push(ping.accuracyM); p[9]!.push(ping.odometerM); p[10]!.push(ping.tripId); p[11]!.push(ping.routeId)
      p[12]!.push(ping.occupancy); p[13]!.push(ping.seq)
    }
  }
  return [[...rows.newVehicles.keys()], [...rows.newVehicles.values()], ...rejectColumns(rows), ...p]
}

export async function writeBatch(pool: pg.Pool, rows: BatchRows): Promise<WriteBatchResult> {
  const { rows: result } = await pool.query<{ stored: number }>(INSERT_BATCH, toParameters(rows))
  return { storedPings: result[0]?.stored ?? 0, rejectedPings: rows.messages.reduce((sum, m) => sum + m.rejections.length, 0) }
}
