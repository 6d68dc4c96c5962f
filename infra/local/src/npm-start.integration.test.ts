import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * `npm start` as a person runs it in a terminal, and Ctrl-C: the terminal signals the whole foreground process
 * group (npm, its shell, node) at once. Masar must stop once, gracefully (ingest flushes what it received, the
 * embedded database closes), not be killed half-way because a launcher relayed the signal it had already been
 * sent: under the tsx CLI, a busy Masar (the whole demo fleet, as here) took the relayed copy for a second Ctrl-C
 * and exited at once. `npm start` runs node with tsx as a loader instead: one process, one signal.
 */
const REPO = fileURLToPath(new URL('../../..', import.meta.url))
const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

describe('npm start in a terminal', () => {
  it('stops gracefully on one Ctrl-C to the whole process group', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'masar-npm-start-'))
    dirs.push(dataDir)
    const { DATABASE_URL: _database, MQTT_URL: _broker, ...env } = process.env
    const child = spawn('npm', ['start'], {
      cwd: REPO,
      detached: true, // its own process group, as a terminal's foreground job
      env: { ...env, MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve())) // every writer of its output gone
    try {
      const started = Date.now()
      while (!output.includes('Masar is running')) {
        if (child.exitCode !== null || Date.now() - started > 150_000) throw new Error(`npm start did not come up:\n${output.slice(-3000)}`)
        await new Promise((r) => setTimeout(r, 200))
      }
      process.kill(-child.pid!, 'SIGINT')
      await closed
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // the group is gone already
      }
    }
    expect(output).toContain('"msg":"stopping Masar"')
    expect(output).toContain('ingest stopping: flushing received pings')
    expect(output).toContain('Masar stopped')
    expect(output).not.toMatch(/second SIGINT/)
  }, 240_000)
})
