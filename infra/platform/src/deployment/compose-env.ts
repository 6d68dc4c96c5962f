import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Creates the compose deployment's secrets file, `.env` beside docker-compose.yml, from `.env.example`: readable by
 * its owner only (created with mode 0600 by `open` itself, never loosened and tightened after: issue #17), with
 * every empty password and secret filled with a long random string, the other settings as in the example. An
 * existing `.env` is never overwritten.
 */
export interface ComposeEnvResult {
  path: string
  /** The variables given a random value (names only). */
  generated: string[]
}

const SECRET_NAME = /PASSWORD|SECRET/

export async function createComposeEnv(composeDir: string, random: (bytes: number) => string = (n) => randomBytes(n).toString('base64url')): Promise<ComposeEnvResult> {
  const example = await readFile(join(composeDir, '.env.example'), 'utf8')
  const generated: string[] = []
  const text = example.split('\n').map((line) => {
    const match = /^([A-Z][A-Z0-9_]*)=$/.exec(line.trim())
    if (!match || !SECRET_NAME.test(match[1]!)) return line
    generated.push(match[1]!)
    return `${match[1]}=${random(36)}`
  }).join('\n')
  const path = join(composeDir, '.env')
  const file = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') throw Object.assign(new Error(`${path} exists already: it is never overwritten (remove it first to start over)`), { code: 'ENV_EXISTS' })
    throw err
  })
  try {
    await file.writeFile(text)
  } finally {
    await file.close()
  }
  return { path, generated }
}
