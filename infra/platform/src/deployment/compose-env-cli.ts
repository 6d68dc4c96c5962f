import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createComposeEnv } from './compose-env.js'

/** `npm run compose:env [-- --dir infra/compose]`: the compose deployment's .env, 0600, secrets generated. */
const { values } = parseArgs({ args: process.argv.slice(2), options: { dir: { type: 'string', default: 'infra/compose' } } })
createComposeEnv(resolve(values.dir)).then(({ path, generated }) => {
  console.error(`${path} created (mode 0600) from .env.example; random values for ${generated.join(', ')}. Edit it for the rest (${'$'}EDITOR ${path}).`)
}, (err: Error & { code?: string }) => {
  console.error(`compose:env failed${err.code ? ` (${err.code})` : ''}: ${err.message}`)
  process.exit(err.code === 'ENV_EXISTS' ? 2 : 1)
})
