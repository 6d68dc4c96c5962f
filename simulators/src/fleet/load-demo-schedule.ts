import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { importFeed } from '@masar/gtfs/import/import-feed'
import { loadSchedule } from '@masar/gtfs/schedule/load-schedule'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { migrate } from '@masar/platform/db/migrate'
import { startEmbeddedDatabase } from '@masar/platform/embedded/embedded-database'
import pg from 'pg'

/** The Amman demo feed's schedule, by way of a throwaway embedded database (for the simulator without a server). */
export async function loadDemoSchedule(): Promise<{ schedule: Schedule; close: () => Promise<void> }> {
  const database = await startEmbeddedDatabase({ port: 0 }) // in memory
  const pool = new pg.Pool({ connectionString: database.url, max: 1 })
  try {
    await migrate(pool, { timescale: 'off', policies: { positionsRetentionDays: 30, positionsCompressAfterDays: 2, rejectsRetentionDays: 14 } })
    const imported = await importFeed({ pool, path: AMMAN_DEMO_FEED_PATH, writeMethod: 'insert' })
    if (!imported.ok) throw new Error('the Amman demo feed did not import')
    return { schedule: await loadSchedule(pool, imported.feedId), close: async () => undefined }
  } finally {
    await pool.end()
    await database.close()
  }
}
