import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { existsSync, createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CLI = fileURLToPath(new URL('./gtfs-cli.ts', import.meta.url))
const FEED = fileURLToPath(new URL('../../../../../shared/data/gtfs/usf-bullrunner/bullrunner-gtfs.zip', import.meta.url))
const BAD_ROWS = fileURLToPath(new URL('../fixtures/bad-rows', import.meta.url))

let dataDir: string
let database: TestDatabase | null = null
let server: Server

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'masar-gtfs-cli-'))
  // With DATABASE_URL the CLI talks to a fresh database on that server; without it, to its own embedded database.
  if (process.env.DATABASE_URL) database = await createTestDatabase()
  server = createServer((request, response) => {
    if (request.url !== '/feed.zip') return response.writeHead(404).end()
    response.writeHead(200, { 'content-type': 'application/zip' })
    createReadStream(FEED).pipe(response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
})
afterAll(async () => {
  server?.close()
  await database?.close()
  await rm(dataDir, { recursive: true, force: true })
})

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, MASAR_DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) }
  if (!database) delete env.DATABASE_URL
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args], { env })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe.skipIf(!existsSync(FEED))('gtfs:import, gtfs:list, gtfs:activate', () => {
  it('imports from a file and from a URL, lists the versions and switches back', async () => {
    const first = await cli('import', FEED)
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/Feed 1 imported and active\./)
    expect(first.stdout).toMatch(/stop_times\.txt\s+473\s/)
    expect(first.stderr).toMatch(/stop_times\.txt\s+\[█{24}\] 100 %\s+473 rows\s+[\d,]+ rows\/s\s+done/)

    const second = await cli('import', `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.zip`)
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/Feed 2 imported and active\./)

    expect((await cli('activate', '1')).stdout).toContain('Feed 1 is now active.')
    const list = await cli('list')
    expect(list.stdout).toMatch(/^\* +1 +ready .* 2,160 rows .*bullrunner-gtfs\.zip$/m)
    expect(list.stdout).toMatch(/^ {2,}2 +ready .* 2,160 rows  http:\/\/127\.0\.0\.1:\d+\/feed\.zip$/m)
  })

  it('refuses a feed with errors, says which, and leaves the active feed', async () => {
    const refused = await cli('import', BAD_ROWS)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^Feed \d+ was refused \(35 errors\): the active feed is unchanged\.$/m)
    expect(refused.stderr).toMatch(/^ {2}GTFS_DUPLICATE_ID {2}stops\.txt line \d+: stop_id "S1" is already defined on line 2/m)
    expect(refused.stderr).toMatch(/… and 15 more \(gtfs:list keeps the whole report\)/)
    expect((await cli('list')).stdout).toMatch(/^ +\d+ +failed /m)
  })

  it('says what is wrong in one line, with a code, and exits non-zero', async () => {
    const missing = await cli('import', '/nonexistent/feed.zip')
    expect(missing.code).toBe(1)
    expect(missing.stderr.trim()).toBe('GTFS_NOT_FOUND: No GTFS feed at /nonexistent/feed.zip: give a .zip file or a folder of .txt files')
    expect((await cli('activate', '99')).code).toBe(1)
    expect((await cli('frobnicate')).code).toBe(2)
  })
})
