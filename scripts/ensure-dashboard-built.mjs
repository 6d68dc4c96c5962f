// Runs before `npm start`: builds the dashboard (dashboard/dist) when it is missing or older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { execSync } from 'node:child_process'

const built = 'dashboard/dist/index.html'
const newestIn = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
  const path = join(dir, entry.name)
  return Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs)
}, 0)
const sources = ['dashboard/src', 'dashboard/index.html', 'dashboard/vite.config.ts'].filter(existsSync)
const newestSource = Math.max(0, ...sources.map((path) => (statSync(path).isDirectory() ? newestIn(path) : statSync(path).mtimeMs)))
if (sources.length > 0 && (!existsSync(built) || statSync(built).mtimeMs < newestSource)) {
  console.log('Building the dashboard…')
  execSync('npm run build --workspace @masar/dashboard', { stdio: 'inherit' })
}
