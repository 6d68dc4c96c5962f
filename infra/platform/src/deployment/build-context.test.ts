import dockerignoreModule from '@balena/dockerignore'
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * Issue #17: tracker passwords (`trackers.jsonl`), `.env` files and keys must never reach the image's build context,
 * wherever an operator leaves them, an allowed source folder included. The repository's `.dockerignore` is judged
 * with Docker's own matching rules (@balena/dockerignore, the port of moby's pattern matcher that docker-modem, under
 * dockerode, builds contexts with), so what passes here is what `docker build` would send.
 */
// CommonJS (`module.exports = factory`); its typings declare a `default` export it does not have at run time
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default
const ROOT = fileURLToPath(new URL('../../../..', import.meta.url))
const rules = dockerignore({ ignorecase: false }).add(readFileSync(`${ROOT}.dockerignore`, 'utf8').split('\n'))
const inContext = (path: string) => !rules.ignores(path)

const PLANTED_SECRETS = [
  'trackers.jsonl', 'tracker-credentials.jsonl', '.env', '.env.local', 'secrets/db-password',
  'api/src/trackers.jsonl', 'api/src/.env', 'api/src/.env.production', 'api/src/secrets/token-secret',
  'ingest/src/server.pem', 'ingest/src/server.key', 'infra/platform/src/trackers/trackers.jsonl',
  'infra/platform/migrations/out.jsonl', 'gtfs/model/src/telemetry/client.p12', 'dashboard/src/.env',
  'infra/compose/.env', 'infra/compose/certs/server.key', 'infra/compose/mosquitto/passwd',
  'infra/compose/mosquitto/trackers.json', 'scripts/.env', 'gtfs/loader/src/id_rsa', 'api/src/server.crt',
]

describe('.dockerignore, read as Docker reads it', () => {
  it('keeps every planted secret file out of the build context, in allowed folders too', () => {
    expect(PLANTED_SECRETS.filter(inContext)).toEqual([])
  })

  it('and git ignores them, so that no commit carries them either', () => {
    const gitIgnores = (path: string) => spawnSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: ROOT }).status === 0
    const committable = ['trackers.jsonl', 'api/src/trackers.jsonl', '.env', 'api/src/.env.production', 'secrets/db-password', 'ingest/src/server.pem', 'ingest/src/server.key', 'infra/compose/.env']
    expect(committable.filter((path) => !gitIgnores(path))).toEqual([])
    expect(gitIgnores('infra/compose/.env.example')).toBe(false)
  })

  it('still sends what the image is built from', () => {
    for (const needed of ['package.json', 'package-lock.json', 'api/package.json', 'api/src/main.ts', 'ingest/src/start-ingest.ts', 'infra/platform/migrations/0003_create_ping_rejects.sql', 'scripts/build.mjs', 'dashboard/index.html']) {
      expect(inContext(needed), needed).toBe(true)
    }
  })

  it('sends no file of the repository that looks like a secret, test or fixture', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean)
    const sent = files.filter(inContext)
    expect(sent.length).toBeGreaterThan(100)
    expect(sent.filter((f) => /(^|\/)(\.env[^/]*|secrets|[^/]*\.(jsonl|pem|key|crt|p12))$|\.test\.ts$|\/fixtures\//.test(f))).toEqual([])
  })
})
