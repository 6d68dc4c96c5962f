import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createComposeEnv } from './compose-env.js'

/**
 * Issue #17: the compose deployment's secrets file was made with `cp .env.example .env`, so it got the usual 0644:
 * every user of the host could read the database, broker and token secrets. `npm run compose:env` creates it 0600.
 */
const EXAMPLE = fileURLToPath(new URL('../../../compose/.env.example', import.meta.url))
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'masar-compose-env-'))
  await copyFile(EXAMPLE, join(dir, '.env.example'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('createComposeEnv', () => {
  it('creates .env readable by its owner only, every password and secret a long random string', async () => {
    const { path, generated } = await createComposeEnv(dir)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(generated).toEqual(expect.arrayContaining(['POSTGRES_PASSWORD', 'MQTT_INGEST_PASSWORD', 'MQTT_API_PASSWORD', 'MQTT_REALTIME_PASSWORD', 'API_TOKEN_SECRET', 'API_ADMIN_PASSWORD']))
    const env = Object.fromEntries((await readFile(path, 'utf8')).split('\n').filter((l) => /^[A-Z]/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
    for (const name of generated) expect(env[name], name).toMatch(/^[A-Za-z0-9_-]{48}$/)
    expect(new Set(generated.map((n) => env[n])).size).toBe(generated.length)
    expect(env.POSITIONS_RETENTION_DAYS).toBe('30') // the other settings as in the example
  })

  it('never overwrites an existing .env', async () => {
    await writeFile(join(dir, '.env'), 'POSTGRES_PASSWORD=kept\n', { mode: 0o600 })
    await expect(createComposeEnv(dir)).rejects.toMatchObject({ code: 'ENV_EXISTS' })
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe('POSTGRES_PASSWORD=kept\n')
  })
})
