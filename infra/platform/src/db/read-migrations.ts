import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PlatformError } from './platform-error.js'

/** The migrations shipped with Masar: infra/platform/migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url))

const FILE_NAME = /^(\d{4})_([a-z0-9_]+?)(\.timescale)?\.sql$/

export interface Migration {
  version: number
  name: string
  /** Portable SQL: runs on plain PostgreSQL and on TimescaleDB. */
  portableSql: string
  /** Extra SQL applied only where the timescaledb extension exists (hypertables, compression, policies). */
  timescaleSql: string | null
}

/** The checksum recorded when a migration is applied; covers the variant that ran. */
export function checksumOf(migration: Migration, timescale: boolean): string {
  const hash = createHash('sha256').update(migration.portableSql)
  if (timescale && migration.timescaleSql !== null) hash.update('\0timescale\0').update(migration.timescaleSql)
  return hash.digest('hex')
}

export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const byVersion = new Map<number, { name: string; portable?: string; timescale?: string }>()
  for (const file of (await readdir(dir)).sort()) {
    if (!file.endsWith('.sql')) continue
    const match = FILE_NAME.exec(file)
    if (!match) throw new PlatformError('MIGRATION_BAD_NAME', `Migration file ${file} is not named NNNN_verb_object.sql or NNNN_verb_object.timescale.sql (in ${dir})`)
    const version = Number(match[1])
    const name = match[2] ?? ''
    const entry = byVersion.get(version) ?? { name }
    if (entry.name !== name) throw new PlatformError('MIGRATION_BAD_NAME', `Migration ${match[1]} has two names: ${entry.name} and ${name} (in ${dir})`)
    const sql = await readFile(join(dir, file), 'utf8')
    if (match[3]) entry.timescale = sql
    else entry.portable = sql
    byVersion.set(version, entry)
  }
  return [...byVersion.entries()]
    .sort(([a], [b]) => a - b)
    .map(([version, entry]) => {
      if (entry.portable === undefined) {
        throw new PlatformError('MIGRATION_BAD_NAME', `Migration ${version} has a .timescale.sql file but no portable .sql file (in ${dir}); the portable file must leave a working schema`)
      }
      return { version, name: entry.name, portableSql: entry.portable, timescaleSql: entry.timescale ?? null }
    })
}
