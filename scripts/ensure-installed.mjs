// Runs before `npm start` and `npm test`: installs the workspace when node_modules is missing or older than the lockfile.
import { existsSync, statSync } from 'node:fs'
import { execSync } from 'node:child_process'

const marker = 'node_modules/.package-lock.json'
const stale = !existsSync(marker) || (existsSync('package-lock.json') && statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000)
if (stale) {
  console.log('Installing dependencies (first run)…')
  execSync(existsSync('package-lock.json') ? 'npm ci' : 'npm install', { stdio: 'inherit' })
}
