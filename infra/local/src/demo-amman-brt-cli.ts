/**
 * `npm run demo:amman-brt`: Masar on Amman's real BRT buses instead of simulated ones. The feed is learned from the
 * route 99 trace's days up to 19 Nov 2025 (npm run gtfs:from-avl; Amman publishes no GTFS for it), and 20 Nov, a
 * day the feed never saw, is replayed from 07:00 as its trackers reported it, on a clock that starts there. Then
 * it is `npm start`: MASAR_FEED, MASAR_REPLAY and MASAR_REPLAY_FROM set, its own data directory.
 */
import { access } from 'node:fs/promises'
import { resolve } from 'node:path'
import { buildFeedFromAvlFiles } from '@masar/simulators/avl-feed/build-feed-from-avl-files'
import { REAL_TRACES } from '@masar/simulators/replay/real-traces'
import { AMMAN_BRT_LEARN_UNTIL, AMMAN_BRT_REPLAY_FROM } from './amman-brt-demo-days.js'

const trace = resolve(process.env.AMMAN_BRT_TRACE ?? REAL_TRACES.amman)
const dataDir = resolve(process.env.MASAR_DATA_DIR ?? './.masar-data-amman-brt')
try {
  await access(trace)
} catch {
  console.error(`demo:amman-brt: the Amman BRT trace is not at ${trace} (it comes with ../shared/data/avl/amman-brt-2025-11; AMMAN_BRT_TRACE names another place)`)
  process.exit(1)
}
const feedDir = resolve(dataDir, 'feed-amman-brt-99')
console.log(`Learning route 99's feed from the trace's days up to ${AMMAN_BRT_LEARN_UNTIL} into ${feedDir} …`)
await buildFeedFromAvlFiles({ avlPaths: [trace], untilDay: AMMAN_BRT_LEARN_UNTIL, outDir: feedDir })
Object.assign(process.env, {
  MASAR_DATA_DIR: dataDir,
  MASAR_FEED: feedDir,
  MASAR_REPLAY: trace,
  MASAR_REPLAY_FROM: process.env.MASAR_REPLAY_FROM ?? AMMAN_BRT_REPLAY_FROM,
})
await import('./main.js')
