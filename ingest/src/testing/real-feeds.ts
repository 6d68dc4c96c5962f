import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The recorded feeds in the shared data folder beside the repository (../shared/data), read by tests, never copied. */
const DATA_DIR = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
const GTFS_RT = `${DATA_DIR}gtfs-rt/`

export const REAL_FEEDS = {
  /** 14 vehicles, trip and route ids, no per-vehicle timestamp (the header's applies). */
  caltrainVp: `${GTFS_RT}caltrain-2023-11-07/ct-vehicle-positions.pb`,
  caltrainTripUpdates: `${GTFS_RT}caltrain-2023-11-07/ct-trip-updates.pb`,
  /** 291 vehicles: speed (m/s), bearing, per-vehicle timestamp, id and label, occupancy_status. */
  halifaxVp: `${GTFS_RT}halifax-2025-11-06/VehiclePositions.pb`,
  halifaxTripUpdates: `${GTFS_RT}halifax-2025-11-06/TripUpdates.pb`,
  /** 627 then 570 vehicles 36 min apart; 420 vehicle ids in both. */
  kingCounty1: `${GTFS_RT}king-county-metro-2021-09-02/king-county-metro-1.pbf`,
  kingCounty2: `${GTFS_RT}king-county-metro-2021-09-02/king-county-metro-2.pbf`,
  /** 10 vehicles, route only, occupancy_status, an unknown header extension (field 1000). */
  bullRunnerVp: `${GTFS_RT}usf-bullrunner-2017-09-13/bullrunner-vehicle-positions.pb`,
  /** 2,500 SIRI observations of Dan Be'er Sheva line 4 from 1,034 server calls (CSV of the SIRI fields). */
  beershevaSiri: `${DATA_DIR}avl/israel-beersheva-siri-2017-07-19/sirisample_beersheva_2017-07-19.csv`,
}

/** Why the real-feed tests cannot run here, or null when every sample is present. */
export function missingRealFeeds(): string | null {
  const missing = Object.values(REAL_FEEDS).filter((path) => !existsSync(path))
  return missing.length === 0 ? null : `SKIPPED: the shared real feeds are not on this machine (${missing.join(', ')})`
}
