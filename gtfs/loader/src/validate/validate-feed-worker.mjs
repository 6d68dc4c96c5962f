// Worker threads do not inherit tsx's loader on Node 20 (execArgv --import is not applied to them), so this
// plain-JS entry loads the TypeScript worker through tsx's API.
import { tsImport } from 'tsx/esm/api'

await tsImport('./validate-feed-worker.ts', import.meta.url)
