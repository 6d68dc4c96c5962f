import { Schedule } from '@masar/gtfs/schedule/schedule'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { FleetState } from '../fleet/fleet-state.js'
import { installErrorHandling } from '../http/api-errors.js'
import { createApiLogger } from '../log-redaction.js'
import { ridersPlugin } from './riders-plugin.js'

/**
 * The attack: anyone who finds the SMS webhook makes the api answer (and, once a gateway sends the replies, sends
 * SMS to any number it names, on the agency's account). Only the gateway, with the shared secret, gets a reply.
 */
const SECRET = 'the-gateway-shared-secret-0123'
const schedule = new Schedule({
  feedId: 1, timeZone: 'Asia/Amman', routes: [], trips: [], shapes: [], calendar: [], calendarDates: [], frequencies: [],
  stops: [{ stopId: 'S1', code: '1001', name: 'العبدلي', translations: { en: 'Abdali' }, lat: 31.96, lon: 35.91 }],
})

let app: FastifyInstance | null = null
afterEach(async () => {
  await app?.close()
  app = null
})

async function webhook(secret: string | null, logger: FastifyBaseLogger = pino({ level: 'silent' })) {
  const calls = { schedule: 0, arrivals: 0 }
  app = Fastify({ loggerInstance: logger })
  installErrorHandling(app)
  await app.register(ridersPlugin, {
    schedule: () => (calls.schedule++, schedule), fleet: new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 }), now: () => Date.UTC(2026, 11, 7, 8),
    arrivalsAt: () => (calls.arrivals++, []), predictions: () => [], alerts: () => [], smsGatewaySecret: secret,
  })
  const send = (options: { headers?: Record<string, string>; query?: string } = {}) =>
    app!.inject({ method: 'POST', url: `/api/v1/sms/inbound${options.query ?? ''}`, headers: options.headers, payload: { from: '+962790000000', text: '1001' } })
  return { calls, send }
}

describe('the SMS webhook', () => {
  it('refuses a caller without the secret, or with a wrong one, with 401 and a stable code, and replies nothing', async () => {
    const { calls, send } = await webhook(SECRET)
    const attempts: Array<{ headers?: Record<string, string>; query?: string }> = [{}, { headers: { 'x-sms-gateway-secret': 'a-guess' } }, { headers: { 'x-sms-gateway-secret': `${SECRET}x` } }, { query: '?secret=a-guess' }, { query: '?secret=' }, { headers: { authorization: `Bearer ${SECRET}` } }]
    for (const attempt of attempts) {
      const response = await send(attempt)
      expect(response.statusCode, JSON.stringify(attempt)).toBe(401)
      expect(response.json()).toMatchObject({ code: 'API_SMS_GATEWAY_UNAUTHENTICATED' })
      expect(response.body).not.toContain('to')
    }
    expect(calls).toEqual({ schedule: 0, arrivals: 0 }) // nothing looked up, no reply made
  })

  it('replies to the gateway: the secret in its header, or in the URL (Kannel\'s get-url and post-url can only template a URL)', async () => {
    const { calls, send } = await webhook(SECRET)
    for (const attempt of [{ headers: { 'x-sms-gateway-secret': SECRET } }, { query: `?secret=${SECRET}` }]) {
      const response = await send(attempt)
      expect(response.statusCode).toBe(200)
      expect(response.json()).toMatchObject({ to: '+962790000000', lang: 'ar', reply: expect.stringContaining('العبدلي') })
    }
    expect(calls.arrivals).toBe(2)
  })

  it('is off without a configured secret: 503 with a code that says so, and no reply', async () => {
    const { calls, send } = await webhook(null)
    const response = await send({ query: '?secret=anything' })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toMatchObject({ code: 'API_SMS_GATEWAY_NOT_CONFIGURED' })
    expect(calls).toEqual({ schedule: 0, arrivals: 0 })
  })

  it('keeps the secret out of the log when a request in the URL is logged', async () => {
    const lines: string[] = []
    const logger = createApiLogger({ level: 'info' }, { write: (line: string) => void lines.push(line) })
    const { send } = await webhook(SECRET, logger as FastifyBaseLogger)
    app!.addHook('onResponse', async (request) => request.log.info({ req: request.raw, request: { url: request.url } }, 'answered'))
    await send({ query: `?secret=${SECRET}`, headers: { 'x-sms-gateway-secret': SECRET } })
    expect(lines.join('\n')).toContain('answered')
    expect(lines.join('\n')).toContain('secret=[redacted]')
    expect(lines.join('\n')).not.toContain(SECRET)
  })
})
