import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { createApiLogger, redactingChild } from './log-redaction.js'

function captured() {
  const lines: Array<Record<string, unknown>> = []
  return { lines, destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } }
}

describe('log redaction', () => {
  it('writes credentials in headers, passwords, tokens and keys as [redacted], and keeps the rest', () => {
    const { lines, destination } = captured()
    createApiLogger({}, destination).info({
      req: { method: 'POST', headers: { authorization: 'Bearer abc.def', cookie: 'session=1', 'x-api-key': 'msr_secret', host: 'api' } },
      body: { username: 'dispatcher', password: 'hunter2-hunter2' }, password: 'top-level', err: { token: 'abc.def' }, apiKey: 'msr_secret',
    }, 'a request')
    expect(lines[0]).toMatchObject({
      req: { method: 'POST', headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]', host: 'api' } },
      body: { username: 'dispatcher', password: '[redacted]' }, password: '[redacted]', err: { token: '[redacted]' }, apiKey: '[redacted]',
    })
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|msr_secret|abc\.def|session=1|top-level/)
  })

  it('redacts in a child of a logger that does not (the embedded stack hands the api its own)', () => {
    const { lines, destination } = captured()
    redactingChild(pino({}, destination), { component: 'api-http' }).warn({ headers: { authorization: 'Bearer abc.def' }, password: 'p' }, 'x')
    expect(lines[0]).toMatchObject({ component: 'api-http', headers: { authorization: '[redacted]' }, password: '[redacted]' })
  })
})
