/** The GTFS files Masar stores, in the order they are written, and the table each goes to. */
export const GTFS_TABLES = [
  { file: 'agency.txt', table: 'gtfs_agency' },
  { file: 'stops.txt', table: 'gtfs_stops' },
  { file: 'routes.txt', table: 'gtfs_routes' },
  { file: 'trips.txt', table: 'gtfs_trips' },
  { file: 'stop_times.txt', table: 'gtfs_stop_times' },
  { file: 'calendar.txt', table: 'gtfs_calendar' },
  { file: 'calendar_dates.txt', table: 'gtfs_calendar_dates' },
  { file: 'shapes.txt', table: 'gtfs_shapes' },
  { file: 'frequencies.txt', table: 'gtfs_frequencies' },
  { file: 'feed_info.txt', table: 'gtfs_feed_info' },
  { file: 'translations.txt', table: 'gtfs_translations' },
] as const

export type GtfsTable = (typeof GTFS_TABLES)[number]
