import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The recorded traces in the shared data folder beside the repository (../shared/data/avl), for tests. */
const AVL_DIR = fileURLToPath(new URL('../../../../shared/data/avl/', import.meta.url))

export const REAL_TRACES = {
  amman: `${AVL_DIR}amman-brt-2025-11/amman_bus_pings_2025-11.csv.gz`,
  austin: `${AVL_DIR}capmetro-austin-2015-03-07/vehicle_positions_2015-03-07.csv.gz`,
  beersheva: `${AVL_DIR}israel-beersheva-siri-2017-07-19/sirisample_beersheva_2017-07-19.csv`,
}

/** Why the real-trace tests cannot run here, or null when all of them are present. */
export function missingRealTraces(): string | null {
  const missing = Object.values(REAL_TRACES).filter((path) => !existsSync(path))
  return missing.length === 0 ? null : `SKIPPED: the shared AVL traces are not on this machine (${missing.join(', ')})`
}
