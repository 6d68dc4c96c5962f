import { describe, expect, it } from 'vitest'
import { isDatabaseUnavailable } from './database-unavailable.js'

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code, severity: 'FATAL' })

describe('isDatabaseUnavailable', () => {
  it('is the database being away: refused, reset, timed out, shutting down, a pool that waited too long', () => {
    for (const error of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })], ''), {}), // Node 20: IPv4 and IPv6 both refused
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Query read timeout'),
      new Error('Client has encountered a connection error and is not queryable'),
      pgError('57P01', 'terminating connection due to administrator command'), // PostgreSQL errcodes: admin_shutdown
      pgError('57P03', 'the database system is starting up'), // cannot_connect_now
      pgError('08006'), // connection_failure
      pgError('53300'), // too_many_connections
      new Error('wrapped', { cause: new Error('Connection terminated unexpectedly') }),
    ]) expect(isDatabaseUnavailable(error), String(error)).toBe(true)
  })

  it('is not an error of the query or its values, nor anything else', () => {
    for (const error of [pgError('22P02', 'invalid input syntax'), pgError('23505', 'duplicate key'), pgError('42P01', 'relation does not exist'), new TypeError('x is undefined'), null, 'ECONNREFUSED', undefined]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false)
    }
  })
})
