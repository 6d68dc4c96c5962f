import { constants } from 'node:fs'
import { mkdir, open, realpath, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/**
 * Where issued tracker passwords go: a file of the operator's own, outside any repository (a build context or a
 * commit would carry it), readable by its owner only. The default is `$XDG_CONFIG_HOME/masar/tracker-credentials.jsonl`
 * (`~/.config/masar/…`), one tracker configuration a line, appended. The file is created with mode 0600 by `open`
 * itself (never loosened and tightened after), and an existing one that others may read is refused.
 */
export class CredentialsFileError extends Error {
  constructor(readonly code: 'INSIDE_REPOSITORY' | 'READABLE_BY_OTHERS', message: string) {
    super(message)
  }
}

export function defaultCredentialsPath(env: Record<string, string | undefined> = process.env, home: string = homedir()): string {
  const configHome = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config')
  return join(configHome, 'masar', 'tracker-credentials.jsonl')
}

/** The git work tree holding `path` (the nearest ancestor with a `.git` entry: a folder, or a worktree's file), or null. */
export async function gitWorkTreeOf(path: string): Promise<string | null> {
  let dir = await nearestExisting(dirname(resolve(path)))
  for (;;) {
    if (await stat(join(dir, '.git')).then(() => true, () => false)) return dir
    const parent = dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}

async function nearestExisting(dir: string): Promise<string> {
  for (;;) {
    const real = await realpath(dir).catch(() => null)
    if (real) return real
    const parent = dirname(dir)
    if (parent === dir) return dir
    dir = parent
  }
}

/** Appends lines to the credentials file: created 0600 (its folder 0700), refused inside a git work tree unless forced. */
export async function appendCredentials(path: string, lines: readonly string[], options: { allowInsideRepository?: boolean } = {}): Promise<void> {
  const workTree = await gitWorkTreeOf(path)
  if (workTree && !options.allowInsideRepository) {
    throw new CredentialsFileError('INSIDE_REPOSITORY', `${path} is inside the git work tree ${workTree}: passwords there end up in commits and images. Choose a path outside it (--out), or --force`)
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const file = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW, 0o600)
  try {
    const { mode } = await file.stat()
    if (mode & 0o077) throw new CredentialsFileError('READABLE_BY_OTHERS', `${path} may be read by others (mode ${(mode & 0o777).toString(8)}): chmod 600 it or choose another --out`)
    await file.appendFile(lines.map((line) => `${line}\n`).join(''))
  } finally {
    await file.close()
  }
}
