import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { installErrorHandling } from './api-errors.js'

describe('installErrorHandling', () => {
  it('answers a route whose database is away with 503 API_DATABASE_UNAVAILABLE and Retry-After, no stack', async () => {
    const app = Fastify()
    installErrorHandling(app)
    app.get('/refused', async () => { throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) })
    app.get('/terminated', async () => { throw new Error('Connection terminated unexpectedly') })
    app.get('/bug', async () => { throw new TypeError('x is undefined') })
    for (const path of ['/refused', '/terminated']) {
      const response = await app.inject({ url: path })
      expect(response.statusCode).toBe(503)
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
      expect(response.json()).toEqual({ code: 'API_DATABASE_UNAVAILABLE', message: expect.stringContaining('database') })
    }
    expect((await app.inject({ url: '/bug' })).statusCode).toBe(500)
    await app.close()
  })
})
