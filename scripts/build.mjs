// npm run build: the services as plain JavaScript for production (dist/), one bundle per entry point, run with
// `node dist/<name>.js` — no tsx, no TypeScript at run time.
//
// Why a bundler (esbuild, already here under tsx) and not `tsc -b`: the workspace packages export their TypeScript
// source ("./*": "./src/*.ts") so that tests, tsx and the type checker need no build; compiling them with tsc would
// need a dist export beside every source export, declaration output and project references in every package.
// esbuild bundles our own packages (@masar/*) from source into each entry point and leaves every npm package
// external (imported from node_modules at run time, as from source), so the image needs only dist/, the
// production node_modules and the files the code reads (migrations, the demo feed, the dashboard).
import { build } from 'esbuild'
import { existsSync, readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { rm, writeFile } from 'node:fs/promises'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { productionDependencies } from './production-workspaces.mjs'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const OUT_DIR = resolve(ROOT, 'dist')

/** Every production entry point, in one place: dist/<name>.js. An entry whose source does not exist is skipped (and said). */
const ENTRY_POINTS = {
  api: 'api/src/main.ts', // the api reader (HTTP, feeds, WebSocket, the dashboard)
  realtime: 'api/src/realtime/main.ts', // the realtime engine (leader + standby)
  ingest: 'ingest/src/main.ts',
  migrate: 'infra/platform/src/db/migrate-cli.ts',
  gtfs: 'gtfs/loader/src/cli/gtfs-cli.ts', // gtfs import | list | activate
  provision: 'infra/platform/src/trackers/provision-cli.ts',
  'validate-feed-worker': 'gtfs/loader/src/validate/validate-feed-worker.ts', // the gtfs CLI's worker thread
}

/**
 * Modules the compiled build replaces. From source, the feed validator's worker thread starts from a plain-JS file
 * that loads its TypeScript through tsx (worker threads do not inherit tsx's loader); compiled, it is the bundled
 * worker beside the bundle (import.meta.url here is the bundle's own).
 */
const REPLACED = {
  'gtfs/loader/src/validate/validate-feed-worker-url.ts': `export const VALIDATE_FEED_WORKER_URL = new URL('./validate-feed-worker.js', import.meta.url)`,
}

/** Development-only packages: never bundled, never in the image (the gtfs CLI imports one only when DATABASE_URL is unset). */
const DEV_ONLY = ['@masar/embedded']

/**
 * `import.meta.url` keeps meaning "where this source file is": code finds the files it reads beside its source
 * (infra/platform/migrations, gtfs/loader/demo-feed, dashboard/dist), and a bundle in dist/ is elsewhere. Each
 * module's import.meta.url becomes its source file's URL, computed from the bundle's own at run time, so the image
 * keeps those folders where they are in the repository (and need not contain the sources).
 */
const sourceLocations = {
  name: 'source-locations',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (DEV_ONLY.some((name) => args.path === name || args.path.startsWith(`${name}/`))) return { external: true }
      if (args.path.startsWith('@masar/')) return undefined // bundled from source
      return { external: true } // npm packages and node: built-ins, from node_modules at run time
    })
    esbuild.onLoad({ filter: /\.ts$/ }, (args) => {
      const path = relative(ROOT, args.path)
      if (path in REPLACED) return { contents: REPLACED[path], loader: 'ts' }
      const source = readFileSync(args.path, 'utf8')
      if (!source.includes('import.meta.url')) return undefined
      const fromBundle = JSON.stringify(relative(OUT_DIR, args.path).split('\\').join('/'))
      return { contents: source.replaceAll('import.meta.url', `new URL(${fromBundle}, import.meta.url).href`), loader: 'ts' }
    })
  },
}

const entries = Object.entries(ENTRY_POINTS).filter(([, source]) => existsSync(resolve(ROOT, source)))
await rm(OUT_DIR, { recursive: true, force: true })
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: Object.fromEntries(entries),
  outdir: OUT_DIR,
  bundle: true,
  splitting: false,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
  plugins: [sourceLocations],
})
// The bundles are ES modules; dist/ says so itself, wherever it is copied.
await writeFile(resolve(OUT_DIR, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`)

// Every npm package a bundle imports must be a dependency of a production workspace, or the image (which installs
// only those) would fail where the repository, with every devDependency hoisted, works.
// A development-only package may be imported only dynamically, where its absence is handled.
const installed = productionDependencies(ROOT)
const missing = new Set()
const devOnlyStatic = new Set()
for (const output of Object.values(result.metafile.outputs)) {
  for (const { path, kind, external } of output.imports) {
    if (!external || isBuiltin(path)) continue
    const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]
    if (DEV_ONLY.includes(name)) {
      if (kind !== 'dynamic-import') devOnlyStatic.add(name)
    } else if (!installed.has(name)) missing.add(name)
  }
}
if (missing.size > 0 || devOnlyStatic.size > 0) {
  if (missing.size > 0) console.error(`Imported by the bundles but not a dependency of a production workspace: ${[...missing].join(', ')}`)
  if (devOnlyStatic.size > 0) console.error(`Development-only packages imported statically by production code: ${[...devOnlyStatic].join(', ')}`)
  process.exit(1)
}

for (const [name, source] of entries) {
  const bytes = result.metafile.outputs[relative(ROOT, resolve(OUT_DIR, `${name}.js`))]?.bytes ?? 0
  console.log(`${`dist/${name}.js`.padEnd(32)} ${(bytes / 1024).toFixed(0).padStart(5)} KiB  from ${source}`)
}
const skipped = Object.entries(ENTRY_POINTS).filter(([name]) => !entries.some(([built]) => built === name))
for (const [name, source] of skipped) console.log(`dist/${name}.js  not built: no ${source} yet`)
