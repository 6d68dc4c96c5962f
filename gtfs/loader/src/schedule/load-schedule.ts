import type pg from 'pg'
import { activeFeedId } from '../import/feeds.repository.js'
import { GtfsError } from '../read/gtfs-error.js'
import { Schedule } from './schedule.js'
import { readScheduleParts } from './schedule.repository.js'

/** The Schedule of a stored feed: the active one unless a feed id is given. */
export async function loadSchedule(db: pg.Pool, feedId?: number): Promise<Schedule> {
  const id = feedId ?? (await activeFeedId(db))
  if (id === null) throw new GtfsError('GTFS_NO_ACTIVE_FEED', 'No GTFS feed is active: import one with npm run gtfs:import -- <zip|folder|url>')
  return new Schedule(await readScheduleParts(db, id))
}
