import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import type { SourcesResponse } from '@masar/model/api/sources'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuth } from '../auth/auth.js'
import { insertAccount } from '../auth/accounts.repository.js'
import { installErrorHandling } from '../http/api-errors.js'
import { sourcesPlugin } from './sources-plugin.js'

const NOW = Date.UTC(2026, 11, 7, 9, 0)
const SECRET = 'a-test-secret-that-is-long-enough-0123456789'
let database: TestDatabase
let app: FastifyInstance
let token: string

// Rows as ingest's poller upserts them after each poll (migration 0017's columns).
const INSERT = `
INSERT INTO source_health (source_id, kind, url, instance, last_success_at, last_error_at, last_error, polls, errors,
                           consecutive_errors, fixes, unchanged, rejected, updated_at)
VALUES ($1, $2, $3, 'ingest-0', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`
const at = (agoMs: number | null) => (agoMs === null ? null : new Date(NOW - agoMs))

beforeAll(async () => {
  database = await createTestDatabase()
  await database.pool.query(INSERT, ['amman-avl', 'gtfs-rt', 'https://avl.example.org/vehicle-positions.pb', at(8_000), at(null), null, 360, 0, 0, 51_000, 1200, 3, at(8_000)])
  await database.pool.query(INSERT, ['zarqa-siri', 'siri-vm', 'https://siri.example.org/vm', at(600_000), at(5_000), 'HTTP 503 Service Unavailable', 400, 100, 12, 9000, 0, 0, at(5_000)])
  await database.pool.query(INSERT, ['irbid-rt', 'gtfs-rt', 'https://irbid.example.org/vp.pb', at(400_000), at(null), null, 40, 0, 0, 800, 0, 0, at(400_000)])
  const auth = await createAuth({ pool: database.pool, secret: SECRET, tokenTtlS: 3600, now: () => NOW })
  const accountId = (await insertAccount(database.pool, 'dispatcher-sources', 'scrypt$not-a-hash', 'dispatcher'))!
  token = auth.issue({ accountId, username: 'dispatcher-sources', role: 'dispatcher', tokenGeneration: 0 }).token
  app = Fastify({ ajv: { customOptions: { coerceTypes: true, removeAdditional: false } } }) // as build-app.ts
  installErrorHandling(app)
  await app.register(sourcesPlugin, { pool: database.pool, auth, now: () => NOW, publicUrl: 'https://trackers.example.org:5055', silentAfterMs: 120_000 })
  await app.ready()
}, 120_000)
afterAll(async () => {
  await app?.close()
  await database?.close()
})

describe(`GET /api/v1/sources on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'}`, () => {
  it('is for dispatchers only', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/sources' })).statusCode).toBe(401)
  })

  it('gives each polled feed its health and derived status, failing first, with the public URL for phones and Traccar', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/sources', headers: { authorization: `Bearer ${token}` } })
    expect(response.statusCode).toBe(200)
    const body = response.json<SourcesResponse>()
    expect(body).toMatchObject({ at: new Date(NOW).toISOString(), sourcesUrl: 'https://trackers.example.org:5055', silentAfterS: 120 })
    expect(body.feeds.map((f) => [f.sourceId, f.status])).toEqual([['zarqa-siri', 'failing'], ['irbid-rt', 'silent'], ['amman-avl', 'ok']])
    expect(body.feeds[0]).toEqual({
      sourceId: 'zarqa-siri', kind: 'siri-vm', url: 'https://siri.example.org/vm', instance: 'ingest-0', status: 'failing',
      lastSuccessAt: new Date(NOW - 600_000).toISOString(), lastErrorAt: new Date(NOW - 5_000).toISOString(), lastError: 'HTTP 503 Service Unavailable',
      polls: 400, errors: 100, consecutiveErrors: 12, errorRate: 0.25, fixes: 9000, unchanged: 0, rejected: 0, updatedAt: new Date(NOW - 5_000).toISOString(),
    })
    expect(body.feeds[2]).toMatchObject({ errorRate: 0, lastError: null, lastErrorAt: null, fixes: 51_000 })
  })

  it('answers an empty list when no feed is polled', async () => {
    await database.pool.query('DELETE FROM source_health')
    const body = (await app.inject({ method: 'GET', url: '/api/v1/sources', headers: { authorization: `Bearer ${token}` } })).json<SourcesResponse>()
    expect(body.feeds).toEqual([])
  })
})
