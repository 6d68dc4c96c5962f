import { API_ERRORS } from '@masar/model/api/api-errors'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { installErrorHandling } from './api-errors.js'

/** The api's source files (tests left out): where its errors are raised. */
function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourcesOf(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

describe('the API_* error codes', () => {
  const source = sourcesOf(join(import.meta.dirname, '..')).map((path) => readFileSync(path, 'utf8')).join('\n')
  const raised = new Set([...source.matchAll(/'(API_[A-Z_]+)'/g)].map((m) => m[1]!))

  it('are all listed once in @masar/model, each with one status', () => {
    expect([...raised].filter((code) => !(code in API_ERRORS))).toEqual([])
  })

  it('are each raised somewhere (no listed code that the api cannot send)', () => {
    expect(Object.keys(API_ERRORS).filter((code) => !raised.has(code))).toEqual([])
  })

  it('are raised only through ApiError or the error handler, never with a status of their own', () => {
    expect(source).not.toMatch(/new ApiError\(\d/)
    expect(source).not.toMatch(/code: '(?!API_)[A-Z_]+',\s*message/)
  })
})

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
