import { createHash } from 'node:crypto'
import pg from 'pg'
import type { Logger } from 'pino'

/**
 * One active realtime engine per key, the others on hot standby: the leader holds a PostgreSQL session advisory lock
 * on a connection of its own (not the pool's: a pooled connection may be closed when idle, and a transaction-pooling
 * proxy drops session locks). A leader that dies or loses its connection loses the lock at once, and the standby
 * that tries next takes it. A leader that loses its lock connection must stop deriving at once: `onLost` is called
 * and the process should exit (its supervisor restarts it as a standby).
 */
export interface Leadership {
  /** Resolves when this instance leads. */
  readonly acquired: Promise<void>
  readonly leading: boolean
  readonly sinceMs: number | null
  release(): Promise<void>
}

export type LeaderElection = { kind: 'advisory-lock'; connectionString: string; key: string; retryMs: number } | { kind: 'single' }

/** The lock's 64-bit key, from the engine key (the same in every instance and every release). */
export function advisoryLockKey(key: string): bigint {
  return createHash('sha256').update(`masar-realtime:${key}`).digest().readBigInt64BE(0)
}

export function electLeader(election: LeaderElection, options: { logger: Logger; now: () => number; onLost: (err: Error) => void }): Leadership {
  if (election.kind === 'single') {
    const sinceMs = options.now()
    return { acquired: Promise.resolve(), leading: true, sinceMs, release: async () => {} }
  }
  const logger = options.logger.child({ component: 'leader-election' })
  const lockKey = advisoryLockKey(election.key).toString()
  let client: pg.Client | null = null
  let leading = false
  let sinceMs: number | null = null
  let released = false
  let timer: NodeJS.Timeout | null = null

  const acquired = new Promise<void>((resolve) => {
    const attempt = async (): Promise<void> => {
      if (released) return
      try {
        if (!client) {
          const fresh = new pg.Client({ connectionString: election.connectionString, application_name: 'masar-realtime-leader', keepAlive: true })
          fresh.on('error', (err) => lost(err))
          await fresh.connect()
          client = fresh
        }
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [lockKey])
        if (rows[0]?.locked) {
          leading = true
          sinceMs = options.now()
          logger.info({ key: election.key }, 'leading: this instance is the realtime engine')
          resolve()
          return
        }
      } catch (err) {
        logger.warn({ err }, 'could not try for leadership; trying again')
        const failed = client
        client = null
        await failed?.end().catch(() => {})
      }
      timer = setTimeout(() => void attempt(), election.retryMs)
    }
    logger.info({ key: election.key }, 'standing by for leadership')
    void attempt()
  })

  const lost = (err: Error) => {
    if (released) return
    const wasLeading = leading
    leading = false
    const failed = client
    client = null
    void failed?.end().catch(() => {})
    if (wasLeading) {
      logger.error({ err }, 'lost the leadership connection: stopping')
      options.onLost(err)
    }
  }

  return {
    acquired,
    get leading() {
      return leading
    },
    get sinceMs() {
      return sinceMs
    },
    async release() {
      released = true
      if (timer) clearTimeout(timer)
      leading = false
      const held = client
      client = null
      await held?.end().catch(() => {})
    },
  }
}
