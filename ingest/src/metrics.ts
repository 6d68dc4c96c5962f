import type pg from 'pg'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { REJECT_REASONS } from '@masar/model/telemetry/reject-reasons'

/**
 * Ingest's Prometheus metrics, on a registry of its own (two ingest instances in one process do not collide).
 * Node's default metrics keep their standard names (process_cpu_seconds_total…, no prefix) so the usual dashboards
 * and alerts work; Masar's own are masar_ingest_*.
 */
export function createIngestMetrics(options: { defaultMetrics?: boolean; pool?: pg.Pool } = {}) {
  const registry = new Registry()
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry })
  const registers = [registry]
  const metrics = {
    registry,
    messagesReceived: new Counter({ name: 'masar_ingest_messages_received_total', help: 'MQTT messages received (a batch message counts once)', registers }),
    pingsReceived: new Counter({ name: 'masar_ingest_pings_received_total', help: 'Pings received, valid or not', registers }),
    pingsStored: new Counter({ name: 'masar_ingest_pings_stored_total', help: 'Valid pings newly stored', registers }),
    pingsDuplicate: new Counter({ name: 'masar_ingest_pings_duplicate_total', help: 'Valid pings already stored (QoS 1 redeliveries)', registers }),
    pingsRejected: new Counter({ name: 'masar_ingest_pings_rejected_total', help: 'Pings refused, by reason (kept in ping_rejects)', labelNames: ['reason'] as const, registers }),
    pingsMissing: new Counter({ name: 'masar_ingest_pings_missing_total', help: 'Pings found missing by their sequence numbers: lost before ingest (tracker, network, or a broker queue that overflowed)', registers }),
    pingsRecovered: new Counter({ name: 'masar_ingest_pings_recovered_total', help: 'Pings counted missing that arrived later after all (out of order)', registers }),
    batchRows: new Histogram({ name: 'masar_ingest_batch_rows', help: 'Rows written per batch', buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000], registers }),
    batchWriteSeconds: new Histogram({ name: 'masar_ingest_batch_write_seconds', help: 'Time to write and commit one batch', buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers }),
    receiveToStoredSeconds: new Histogram({ name: 'masar_ingest_receive_to_stored_seconds', help: 'From reading a message off the broker to its batch committing', buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10, 30], registers }),
    fixToReceivedSeconds: new Histogram({ name: 'masar_ingest_fix_to_received_seconds', help: 'From the tracker fix time to ingest reading the message (tracker buffering, network, broker; includes tracker clock skew)', buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600], registers }),
    bufferedMessages: new Gauge({ name: 'masar_ingest_buffered_messages', help: 'Messages received and not yet acknowledged (waiting for their batch to commit)', registers }),
    dbWriteFailures: new Counter({ name: 'masar_ingest_db_write_failures_total', help: 'Batch writes that failed because the database was unavailable (retried)', registers }),
    dbUp: new Gauge({ name: 'masar_ingest_db_up', help: '1 when the last database write or probe succeeded', registers }),
    mqttConnected: new Gauge({ name: 'masar_ingest_mqtt_connected', help: '1 while connected to the broker', registers }),
    sourceFixes: new Counter({ name: 'masar_ingest_source_fixes_total', help: 'Fixes from Traccar, OsmAnd phones and vendor feeds: published on the vehicle\'s topic, refused (kept in ping_rejects), or not queued (the broker did not take them; the sender retries)', labelNames: ['source', 'outcome'] as const, registers }),
    devicesRegistered: new Counter({ name: 'masar_ingest_devices_registered_total', help: 'Fixes taken from devices no one provisioned, as vehicles of their own (sources allowed to register devices)', labelNames: ['source'] as const, registers }),
  }
  for (const reason of REJECT_REASONS) metrics.pingsRejected.inc({ reason }, 0)
  const { pool } = options
  if (pool) {
    new Gauge({ name: 'masar_ingest_db_pool_connections', help: 'Database connections open in the pool', registers, collect() { this.set(pool.totalCount) } })
    new Gauge({ name: 'masar_ingest_db_pool_idle_connections', help: 'Database connections open and idle', registers, collect() { this.set(pool.idleCount) } })
    new Gauge({ name: 'masar_ingest_db_pool_waiting_queries', help: 'Queries waiting for a database connection', registers, collect() { this.set(pool.waitingCount) } })
  }
  return metrics
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>
