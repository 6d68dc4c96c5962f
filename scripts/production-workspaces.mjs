// The workspaces whose code runs in production, and their npm dependencies: what the image installs.
// `node scripts/production-workspaces.mjs --prune` (the image's dependency stage, on a copy of the manifests):
// keeps only these workspaces in the root package.json and drops every devDependency, so that
// `npm ci --omit=dev` installs their production dependencies and nothing else. (npm still installs a workspace's
// devDependencies under --omit=dev, which would bring the dev-only @masar/embedded and its PGlite and aedes.)
import { readFileSync, writeFileSync } from 'node:fs'

export const PRODUCTION_WORKSPACES = ['gtfs/model', 'gtfs/loader', 'infra/platform', 'ingest', 'api']

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'))

/** npm packages (not @masar/*) the production workspaces depend on at run time. */
export function productionDependencies(root = '.') {
  const names = new Set()
  for (const workspace of PRODUCTION_WORKSPACES) {
    for (const name of Object.keys(readJson(`${root}/${workspace}/package.json`).dependencies ?? {})) {
      if (!name.startsWith('@masar/')) names.add(name)
    }
  }
  return names
}

if (process.argv.includes('--prune')) {
  const manifest = readJson('package.json')
  manifest.workspaces = PRODUCTION_WORKSPACES
  delete manifest.devDependencies
  writeFileSync('package.json', `${JSON.stringify(manifest, null, 2)}\n`)
  for (const workspace of PRODUCTION_WORKSPACES) {
    const path = `${workspace}/package.json`
    const workspaceManifest = readJson(path)
    delete workspaceManifest.devDependencies
    writeFileSync(path, `${JSON.stringify(workspaceManifest, null, 2)}\n`)
  }
}
