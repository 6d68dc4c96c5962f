import { publishLoad } from '@masar/simulators/load/publish-load'
import { once } from 'node:events'
import type { LoadProcessOptions } from './publish-load-elsewhere.js'

/**
 * Entry point of the load publisher's own process (see publish-load-elsewhere.ts): says `ready` once loaded, waits
 * for stdin to close (`go`), then runs the simulators' publishLoad with the options given as JSON in argv[2],
 * vehicle ids `{idPrefix}{n}` numbered from 1, and prints its result as JSON.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as LoadProcessOptions
const { idPrefix, idDigits, ...load } = options
console.log('ready')
process.stdin.resume()
await once(process.stdin, 'end')
const result = await publishLoad({ ...load, vehicleIdOf: (index) => `${idPrefix}${String(index + 1).padStart(idDigits, '0')}` })
console.log(JSON.stringify(result))
