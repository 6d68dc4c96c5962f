import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { TcpProxy } from '@masar/platform/testing/tcp-proxy'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activateFeed, insertFeed } from '../import/feeds.repository.js'
import { importFeed } from '../import/import-feed.js'
import { FEED_ACTIVATED_CHANNEL, WATCH_APPLICATION_NAME, watchActiveFeed, type ActiveFeedSource, type WatchActiveFeedOptions } from './watch-active-feed.js'

const CLI = fileURLToPath(new URL('../cli/gtfs-cli.ts', import.meta.url))
const FEED = fileURLToPath(new URL('../fixtures/valid-minimal', import.meta.url))
const NEVER_MS = 3_600_000

let database: TestDatabase
/** On a server the watcher listens; on the embedded database it polls (NOTIFY reaches only the sending connection). */
let onServer: boolean

beforeAll(async () => {
  database = await createTestDatabase()
  onServer = !database.embedded
  for (const name of ['one', 'two', 'three', 'four', 'five']) await insertFeed(database.pool, name, 'ready')
  await activateFeed(database.pool, 1)
})
afterAll(async () => {
  await database?.close()
})

/** The watcher's reports, in order, as promises a test awaits (no sleeps). */
function reports(): { onActivated: (feedId: number) => void; next: () => Promise<number>; seen: number[] } {
  const seen: number[] = []
  const waiting: ((feedId: number) => void)[] = []
  let read = 0
  return {
    seen,
    onActivated(feedId) {
      seen.push(feedId)
      waiting.shift()?.(feedId)
    },
    next() {
      const index = read++
      if (index < seen.length) return Promise.resolve(seen[index]!)
      return new Promise((resolve) => waiting.push(resolve))
    },
  }
}

function sourceFor(connectionString = database.url): ActiveFeedSource {
  return onServer ? { kind: 'listen', connectionString } : { kind: 'poll', pool: database.pool }
}

function watch(options: Omit<WatchActiveFeedOptions, 'source' | 'checkIntervalMs'> & { source?: ActiveFeedSource }): ReturnType<typeof watchActiveFeed> {
  // Listening: never re-check by timer, so what arrives came by NOTIFY (or by the check at (re)connection).
  return watchActiveFeed({ source: sourceFor(), checkIntervalMs: onServer ? NEVER_MS : 50, reconnectDelayMs: 20, ...options })
}

describe('the activation NOTIFY (migration 0013)', () => {
  it('is sent when the activation commits, with the feed id, and never for one rolled back', async () => {
    // One connection both listens and activates: a session hears its own NOTIFY, on a server and embedded alike.
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    const heard: string[] = []
    client.on('notification', (message) => heard.push(`${message.channel}:${message.payload}`))
    try {
      await client.query(`LISTEN ${FEED_ACTIVATED_CHANNEL}`)
      await client.query('LISTEN test_marker')
      await client.query('BEGIN')
      expect(await activateFeed(client, 4)).toBe(true)
      await client.query('ROLLBACK')
      await client.query('BEGIN')
      expect(await activateFeed(client, 2)).toBe(true)
      await client.query(`NOTIFY test_marker, 'before commit'`)
      expect(heard).toEqual([]) // nothing is delivered before the commit
      await client.query('COMMIT')
      await client.query(`NOTIFY test_marker, 'after commit'`)
      expect(heard).toEqual([`${FEED_ACTIVATED_CHANNEL}:2`, 'test_marker:before commit', 'test_marker:after commit'])
    } finally {
      await client.end()
    }
  })
})

describe(`watchActiveFeed (${process.env.DATABASE_URL ? 'LISTEN on PostgreSQL' : 'polling the embedded database'})`, () => {
  it('reports the active feed at the start when it is not the one the caller has, then each activation once', async () => {
    await activateFeed(database.pool, 2)
    const seen = reports()
    const watcher = watch({ knownFeedId: 1, onActivated: seen.onActivated })
    try {
      await watcher.ready
      expect(await seen.next()).toBe(2)
      await activateFeed(database.pool, 3)
      expect(await seen.next()).toBe(3)
      await activateFeed(database.pool, 3) // the same feed again: nothing to switch
      await activateFeed(database.pool, 2)
      expect(await seen.next()).toBe(2)
      expect(seen.seen).toEqual([2, 3, 2])
    } finally {
      await watcher.close()
    }
  })

  it('reports nothing while the known feed stays active, and calls again after a failed switch', async () => {
    const seen = reports()
    let failures = 1
    const watcher = watch({
      knownFeedId: 2,
      onActivated(feedId) {
        if (failures-- > 0) throw new Error('schedule did not load')
        seen.onActivated(feedId)
      },
    })
    try {
      await watcher.ready
      await activateFeed(database.pool, 1) // the first call throws; a later one (next check, next notification) succeeds
      if (onServer) await activateFeed(database.pool, 1)
      expect(await seen.next()).toBe(1)
      expect(seen.seen).toEqual([1])
    } finally {
      await watcher.close()
    }
  })

  it('follows an import that activates its feed', async () => {
    const seen = reports()
    const watcher = watch({ knownFeedId: 1, onActivated: seen.onActivated })
    try {
      await watcher.ready
      const imported = await importFeed({ pool: database.pool, path: FEED, writeMethod: onServer ? 'copy' : 'insert' })
      expect(imported.ok).toBe(true)
      expect(await seen.next()).toBe(imported.feedId)
    } finally {
      await watcher.close()
    }
  })
})

describe.runIf(process.env.DATABASE_URL)('watchActiveFeed listening on a PostgreSQL server', () => {
  it('hears `gtfs:activate` run by another process', async () => {
    const seen = reports()
    const watcher = watch({ knownFeedId: null, onActivated: seen.onActivated })
    try {
      await watcher.ready
      await seen.next() // the feed active now
      const activated = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, 'activate', '5'], { env: { ...process.env, DATABASE_URL: database.url } })
      expect(activated.stdout).toContain('Feed 5 is now active.')
      expect(await seen.next()).toBe(5)
    } finally {
      await watcher.close()
    }
  })

  it('reconnects after losing its connection and reports a feed activated while it was away', async () => {
    const target = new URL(database.url)
    const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
    await proxy.start()
    const viaProxy = new URL(database.url)
    viaProxy.hostname = '127.0.0.1'
    viaProxy.port = String(proxy.port)
    const seen = reports()
    const warnings: string[] = []
    const watcher = watch({
      source: { kind: 'listen', connectionString: viaProxy.toString() }, knownFeedId: 5, onActivated: seen.onActivated,
      log: { info: () => {}, warn: (_details, message) => warnings.push(message) },
    })
    try {
      await watcher.ready
      await proxy.cut() // the listening connection is reset and reconnecting is refused
      await activateFeed(database.pool, 4) // its NOTIFY reaches nobody listening
      await activateFeed(database.pool, 3)
      await proxy.restore()
      expect(await seen.next()).toBe(3)
      expect(seen.seen).toEqual([3])
      expect(warnings).toContain('active feed watch lost its connection; reconnecting')
      const { rows } = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [WATCH_APPLICATION_NAME])
      expect(rows[0]?.n).toBeGreaterThanOrEqual(1)
    } finally {
      await watcher.close()
      await proxy.cut()
    }
  })
})
