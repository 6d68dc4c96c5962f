import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Recorded GTFS-Realtime VehiclePositions in the shared data folder beside the repository (../shared/data/gtfs-rt), for tests. */
const GTFS_RT_DIR = fileURLToPath(new URL('../../../../shared/data/gtfs-rt/', import.meta.url))

export const REAL_GTFS_RT = {
  /** Two snapshots of King County Metro 36 min apart, nothing else in the folder. */
  kingCountyFolder: `${GTFS_RT_DIR}king-county-metro-2021-09-02`,
  kingCounty1: `${GTFS_RT_DIR}king-county-metro-2021-09-02/king-county-metro-1.pbf`,
  /** VehiclePositions beside TripUpdates and Alerts. */
  halifaxFolder: `${GTFS_RT_DIR}halifax-2025-11-06`,
  bullRunner: `${GTFS_RT_DIR}usf-bullrunner-2017-09-13/bullrunner-vehicle-positions.pb`,
}

/** Why the real GTFS-Realtime tests cannot run here, or null when all the samples are present. */
export function missingRealGtfsRt(): string | null {
  const missing = Object.values(REAL_GTFS_RT).filter((path) => !existsSync(path))
  return missing.length === 0 ? null : `SKIPPED: the shared GTFS-Realtime samples are not on this machine (${missing.join(', ')})`
}
