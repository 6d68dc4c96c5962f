import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { lazyRequestLogger } from './lazy-request-logger.js'

describe('lazyRequestLogger', () => {
  it('logs with the request\'s bindings when a request logs, and makes no child when it does not', () => {
    const lines: string[] = []
    const parent = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) })
    let children = 0
    const counting = Object.assign(Object.create(parent) as typeof parent, { child: (...args: Parameters<typeof parent.child>) => { children += 1; return parent.child(...args) } })
    const quiet = lazyRequestLogger(counting, { reqId: 'req-1' }, {})
    quiet.debug({ x: 1 }, 'below the level')
    expect(children).toBe(0)
    const talking = lazyRequestLogger(counting, { reqId: 'req-2' }, {})
    talking.warn({ username: 'a' }, 'sign-in failed')
    talking.info('again')
    expect(children).toBe(1)
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toMatchObject([{ reqId: 'req-2', username: 'a', msg: 'sign-in failed', level: 40 }, { reqId: 'req-2', msg: 'again' }])
  })
})
