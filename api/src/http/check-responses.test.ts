import { Obj } from '@masar/model/api/schema'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyReply } from 'fastify'
import { describe, expect, it } from 'vitest'
import { installErrorHandling } from './api-errors.js'
import { checkResponses } from './check-responses.js'

/** A route whose handler returns a field its response schema lacks, and one that leaves out a required one. */
async function appWith(check: boolean) {
  const app = Fastify({ logger: false })
  installErrorHandling(app)
  if (check) checkResponses(app)
  const Answer = Obj({ kept: Type.String(), at: Type.String({ format: 'date-time' }) })
  app.get('/extra', { schema: { response: { 200: Answer } } }, async () => ({ kept: 'yes', at: new Date(0).toISOString(), dropped: 'the dashboard reads this' }))
  app.get('/missing', { schema: { response: { 200: Answer } } }, async () => ({ at: new Date(0) }))
  app.get('/right', { schema: { response: { 200: Answer } } }, async () => ({ kept: 'yes', at: new Date(0) }))
  app.get('/created', { schema: { response: { 200: Answer } } }, async (_request, reply) => (reply as FastifyReply).code(201).send({ kept: 'yes', at: new Date(0) }))
  return app
}

describe('checkResponses (API_CHECK_RESPONSES)', () => {
  it('is needed: without it, serialisation drops a field the schema lacks without a word', async () => {
    const app = await appWith(false)
    const extra = await app.inject('/extra')
    expect(extra.statusCode).toBe(200)
    expect(extra.json()).toEqual({ kept: 'yes', at: '1970-01-01T00:00:00.000Z' })
  })

  it('fails an answer with a field its schema lacks, or without one it requires, or with a status it does not list', async () => {
    const app = await appWith(true)
    for (const path of ['/extra', '/missing', '/created']) {
      const response = await app.inject(path)
      expect(response.statusCode, path).toBe(500)
      expect(response.json(), path).toMatchObject({ code: 'API_INTERNAL', requestId: expect.any(String) })
    }
  })

  it('lets a right answer through, dates as the client reads them', async () => {
    const app = await appWith(true)
    const right = await app.inject('/right')
    expect([right.statusCode, right.json()]).toEqual([200, { kept: 'yes', at: '1970-01-01T00:00:00.000Z' }])
  })
})
