import { PGlite } from '@electric-sql/pglite'
import { timescaledb } from '@electric-sql/pglite/timescaledb'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import net from 'node:net'
import { EmbeddedError } from './embedded-error.js'

/**
 * TimescaleDB embedded in this process (PGlite, PostgreSQL 17 in WebAssembly, with the timescaledb extension),
 * served over the PostgreSQL wire protocol so every service talks to it with `pg`, exactly as to a real server.
 * It serves one connection at a time: share one `pg.Pool({ max: 1 })` in the process.
 */
export interface EmbeddedDatabase {
  /** postgres://…: hand it to `pg` (database, user and password are ignored by the embedded server). */
  url: string
  db: PGlite
  close(): Promise<void>
}

export interface EmbeddedDatabaseOptions {
  /** Folder for the data; absent = in memory (tests). */
  dataDir?: string
  host?: string
  /** 0 = any free port. */
  port?: number
  /** When the port is taken (a real PostgreSQL runs here), take any free port instead of failing. */
  anyPortIfTaken?: boolean
}

/** PGLiteSocketServer.start() never settles when its port is taken, so look first. */
function isPortFree(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true)
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, host, () => probe.close(() => resolve(true)))
  })
}

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const db = await PGlite.create({ dataDir: options.dataDir, extensions: { timescaledb } })
  // Must come before anything else on every open: without it a reopened data directory silently skips
  // compressed chunks on read and inserts fail (measured, see shared/TOOLCHAIN.md).
  await db.exec(`LOAD 'timescaledb'`)
  // Four connection slots, though each process shares one pg.Pool({ max: 1 }): pg-pool destroys a client after a
  // query error and opens a new one at once (with one slot the new connection races the old one's teardown and is
  // refused); a client killed mid-query keeps its slot (pglite-socket 0.0.21 does not notice); and an operator may
  // open psql beside the services. Only one connection is busy at a time in practice, so transactions do not interleave.
  const host = options.host ?? '127.0.0.1'
  let port = options.port ?? 0
  if (!(await isPortFree(host, port))) {
    if (!options.anyPortIfTaken) {
      await db.close()
      throw new EmbeddedError('EMBEDDED_DB_PORT_TAKEN', `Port ${port} on ${host} is taken: set EMBEDDED_DB_PORT to a free port, or DATABASE_URL to use the server already there`)
    }
    port = 0
  }
  const server = new PGLiteSocketServer({ db, host, port, maxConnections: 4 })
  await server.start()
  const url = `postgres://masar@${server.getServerConn()}/masar`
  return {
    url,
    db,
    async close() {
      await server.stop()
      await db.close()
    },
  }
}
