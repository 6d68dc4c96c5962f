import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

/**
 * Issue #17: `npm run provision -- add … > trackers.jsonl` left every tracker's password in the repository folder,
 * from where commits and the image's build context took it. The CLI, run as the operator runs it (from a git
 * work tree), must write the passwords outside it, readable by the owner only, and print none of them.
 */
const CLI = fileURLToPath(new URL('./provision-cli.ts', import.meta.url))
// resolved here: the CLI runs from a checkout of the test's own, where no node_modules is
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
let root: string
let repo: string
let configHome: string

function provision(args: string[]) {
  return spawnSync(process.execPath, ['--import', TSX, CLI, ...args, '--dir', join(repo, 'mosquitto')], {
    cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: join(root, 'home'), XDG_CONFIG_HOME: configHome },
  })
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'masar-provision-'))
  repo = join(root, 'checkout')
  configHome = join(root, 'config')
  await mkdir(repo)
  execFileSync('git', ['init', '-q', repo])
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

// each case runs the CLI (tsx) up to three times: on this shared machine that can take more than vitest's 5 s
describe('npm run provision: where the passwords go', { timeout: 60_000 }, () => {
  it('writes them to a 0600 file under $XDG_CONFIG_HOME/masar, outside the repository, and prints none', async () => {
    const run = provision(['add', 'bus-0001', 'bus-0002'])
    expect(run.stderr).toMatch(/mode 0600/)
    expect(run.status).toBe(0)
    const file = join(configHome, 'masar', 'tracker-credentials.jsonl')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect((await stat(join(configHome, 'masar'))).mode & 0o777).toBe(0o700)
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { vehicleId: string; broker: { password: string } })
    expect(lines.map((l) => l.vehicleId)).toEqual(['bus-0001', 'bus-0002'])
    for (const { broker } of lines) {
      expect(broker.password.length).toBeGreaterThanOrEqual(16)
      expect(run.stdout).not.toContain(broker.password)
      expect(run.stderr).not.toContain(broker.password)
    }
    // rotating appends the new configuration to the same file
    const rotated = provision(['rotate', 'bus-0001'])
    expect(rotated.status).toBe(0)
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(3)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it('refuses an --out inside the git work tree, before issuing anything, unless forced', async () => {
    const inside = join(repo, 'trackers.jsonl')
    const run = provision(['add', 'bus-0001', '--out', inside])
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/INSIDE_REPOSITORY/)
    expect(existsSync(inside)).toBe(false)
    expect(existsSync(join(repo, 'mosquitto', 'passwd'))).toBe(false) // no login issued whose password nobody has
    const nested = provision(['add', 'bus-0001', '--out', join(repo, 'not', 'yet', 'there.jsonl')])
    expect(nested.status).toBe(2)

    const forced = provision(['add', 'bus-0001', '--out', inside, '--force'])
    expect(forced.status).toBe(0)
    expect((await stat(inside)).mode & 0o777).toBe(0o600)
  })

  it('refuses to append to an existing file that others may read', async () => {
    const loose = join(root, 'loose.jsonl')
    await writeFile(loose, '')
    await chmod(loose, 0o644)
    const run = provision(['add', 'bus-0001', '--out', loose])
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/READABLE_BY_OTHERS/)
    expect(await readFile(loose, 'utf8')).toBe('')
  })

  it('prints the configurations to stdout only when asked', () => {
    const run = provision(['add', 'bus-0001', '--stdout'])
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ vehicleId: 'bus-0001', broker: { username: 'bus-0001', password: expect.any(String) } })
    expect(existsSync(join(configHome, 'masar', 'tracker-credentials.jsonl'))).toBe(false)
  })
})
