import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { timePlugin } from './time-plugin.js'

describe('GET /api/v1/time', () => {
  it('tells the injected clock, uncached, not the machine\'s', async () => {
    const app = Fastify()
    let nowMs = Date.UTC(2026, 10, 23, 5, 0)
    await app.register(timePlugin, { now: () => nowMs })
    const first = await app.inject({ method: 'GET', url: '/api/v1/time' })
    expect(first.json()).toEqual({ serverTimeMs: Date.UTC(2026, 10, 23, 5, 0) })
    expect(first.headers['cache-control']).toBe('no-store')
    nowMs += 1500
    expect((await app.inject({ method: 'GET', url: '/api/v1/time' })).json()).toEqual({ serverTimeMs: Date.UTC(2026, 10, 23, 5, 0, 1, 500) })
    await app.close()
  })
})
