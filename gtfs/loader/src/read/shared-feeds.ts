import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The real feeds beside the repository (../shared/data/gtfs), for tests; absent in a user's clone. */
export const SHARED_GTFS = fileURLToPath(new URL('../../../../../shared/data/gtfs', import.meta.url))

/** Row counts as each feed's PROVENANCE.md states them. */
export const SHARED_FEED_ROWS: Record<string, Record<string, number>> = {
  'bart-2019-08': { 'agency.txt': 1, 'routes.txt': 8, 'trips.txt': 2641, 'stop_times.txt': 32185, 'stops.txt': 48, 'shapes.txt': 34578, 'calendar.txt': 3, 'calendar_dates.txt': 12, 'frequencies.txt': 0 },
  'cairo-metro-tfc-2016': { 'agency.txt': 1, 'routes.txt': 3, 'trips.txt': 6, 'stop_times.txt': 128, 'stops.txt': 189, 'shapes.txt': 510, 'frequencies.txt': 6, 'calendar.txt': 1, 'calendar_dates.txt': 1 },
  'cairo-tfc-2018': { 'agency.txt': 7, 'routes.txt': 217, 'trips.txt': 736, 'stop_times.txt': 16722, 'stops.txt': 1490, 'frequencies.txt': 748, 'calendar.txt': 2, 'calendar_dates.txt': 2 },
  'caltrain-2023-11': { 'agency.txt': 1, 'routes.txt': 9, 'trips.txt': 176, 'stop_times.txt': 3498, 'stops.txt': 109, 'shapes.txt': 12027, 'calendar.txt': 2, 'calendar_dates.txt': 20 },
  'halifax-transit-2025-08': { 'agency.txt': 1, 'routes.txt': 80, 'trips.txt': 9472, 'stop_times.txt': 328499, 'stops.txt': 2386, 'shapes.txt': 105788, 'calendar.txt': 10, 'calendar_dates.txt': 72 },
  'israel-dan-beersheva-2017-07': { 'agency.txt': 1, 'routes.txt': 57, 'trips.txt': 5172, 'stop_times.txt': 153021, 'stops.txt': 551, 'shapes.txt': 32580, 'calendar.txt': 152 },
  'israel-mot-yavne-2019-03': { 'agency.txt': 28, 'routes.txt': 3, 'trips.txt': 505, 'stop_times.txt': 11870, 'stops.txt': 52, 'shapes.txt': 1251, 'calendar.txt': 28 },
  'trimet-portland-streetcar-2021-10': { 'agency.txt': 2, 'routes.txt': 2, 'trips.txt': 2341, 'stop_times.txt': 43813, 'stops.txt': 103, 'shapes.txt': 18286, 'calendar.txt': 18, 'calendar_dates.txt': 168, 'transfers.txt': 57 },
  'usf-bullrunner': { 'agency.txt': 1, 'routes.txt': 6, 'trips.txt': 15, 'stop_times.txt': 473, 'stops.txt': 125, 'shapes.txt': 1522, 'frequencies.txt': 15, 'calendar.txt': 3 },
}

export async function sharedFeedZip(feed: string): Promise<string> {
  const zip = (await readdir(join(SHARED_GTFS, feed))).find((f) => f.endsWith('.zip'))
  if (!zip) throw new Error(`no zip in ${feed}`)
  return join(SHARED_GTFS, feed, zip)
}

