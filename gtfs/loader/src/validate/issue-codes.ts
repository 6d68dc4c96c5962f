/**
 * Every code the feed validator reports, with its severity and a one-line meaning. Codes are a public contract
 * (STYLE.md §6): never renamed or removed. Errors make a feed unfit to import; warnings are counted and sampled.
 * Field and file rules follow the GTFS Schedule reference (https://gtfs.org/schedule/reference/).
 */
export type IssueSeverity = 'error' | 'warning'

export const ISSUE_CODES = {
  // Errors
  GTFS_MISSING_FILE: { severity: 'error', meaning: 'a required file is absent (agency, stops, routes, trips, stop_times; calendar or calendar_dates)' },
  GTFS_EMPTY_FILE: { severity: 'error', meaning: 'a required file has a header but no rows' },
  GTFS_MISSING_COLUMN: { severity: 'error', meaning: 'a column the GTFS reference requires is not in the file header' },
  GTFS_DUPLICATE_COLUMN: { severity: 'error', meaning: 'a column name appears twice in the header' },
  GTFS_MISSING_VALUE: { severity: 'error', meaning: 'a required (or conditionally required) field is empty in a row' },
  GTFS_DUPLICATE_ID: { severity: 'error', meaning: 'a primary key (stop_id, route_id, trip_id, (trip_id, stop_sequence), …) is defined twice' },
  GTFS_UNKNOWN_REFERENCE: { severity: 'error', meaning: 'a foreign id (route_id, service_id, shape_id, trip_id, stop_id, agency_id, parent_station) names nothing' },
  GTFS_WRONG_LOCATION_TYPE: { severity: 'error', meaning: 'a reference points at a location of the wrong type (stop_times at a station, a platform whose parent is not a station)' },
  GTFS_STOP_TIMES_OUT_OF_ORDER: { severity: 'error', meaning: 'times or shape_dist_traveled decrease along stop_sequence, or departure_time is before arrival_time' },
  GTFS_RANGE_OUT_OF_ORDER: { severity: 'error', meaning: 'an end (end_date, end_time, feed_end_date) is before its start' },
  GTFS_BAD_TIME: { severity: 'error', meaning: 'a time is not H:MM:SS or HH:MM:SS' },
  GTFS_BAD_DATE: { severity: 'error', meaning: 'a date is not YYYYMMDD or is not a real calendar day' },
  GTFS_BAD_COLOR: { severity: 'error', meaning: 'route_color or route_text_color is not six hexadecimal digits' },
  GTFS_BAD_NUMBER: { severity: 'error', meaning: 'a numeric field (coordinate, sequence, distance, headway) is not a number of the required kind' },
  GTFS_BAD_ENUM: { severity: 'error', meaning: 'an enumerated field (route_type, location_type, exception_type, …) has a value GTFS does not define' },
  GTFS_BAD_TIMEZONE: { severity: 'error', meaning: 'agency_timezone or stop_timezone is not an IANA time zone' },
  GTFS_COORDINATES_OUT_OF_RANGE: { severity: 'error', meaning: 'a latitude is outside [-90, 90] or a longitude outside [-180, 180]' },
  // Warnings
  GTFS_ROW_FIELD_COUNT: { severity: 'warning', meaning: 'a row has more or fewer fields than the header has columns' },
  GTFS_UNKNOWN_COLUMN: { severity: 'warning', meaning: 'a column GTFS does not define for that file (kept out of the import)' },
  GTFS_IGNORED_FILE: { severity: 'warning', meaning: 'a file GTFS does not define, or one Masar does not read (fares, transfers, pathways, …)' },
  GTFS_SHAPES_MISSING: { severity: 'warning', meaning: 'no shapes.txt, or trips without shape_id: shapes will be derived from stop coordinates' },
  GTFS_SHAPE_DIST_MISSING: { severity: 'warning', meaning: 'stop_times without shape_dist_traveled: distances along the shape will be computed' },
  GTFS_TRIP_WITHOUT_STOP_TIMES: { severity: 'warning', meaning: 'a trip has no stop_times, so no vehicle can run it' },
  GTFS_TRIP_SINGLE_STOP_TIME: { severity: 'warning', meaning: 'a trip has one stop_time: nobody can ride it from one stop to another' },
  GTFS_UNUSED_STOP: { severity: 'warning', meaning: 'a stop (location_type 0) no stop_time visits' },
  GTFS_UNUSED_SHAPE: { severity: 'warning', meaning: 'a shape no trip uses' },
  GTFS_STOP_ZERO_COORDINATES: { severity: 'warning', meaning: 'a stop at latitude 0, longitude 0 (almost surely a placeholder)' },
  GTFS_SHAPE_NOT_SHIPPED: { severity: 'warning', meaning: 'a trip names a shape_id but the feed has no shapes.txt: its shape is derived from stop coordinates' },
  GTFS_STOP_WITHOUT_NAME: { severity: 'warning', meaning: 'a stop, station or entrance has an empty stop_name: riders are shown its stop_code (or stop_id)' },
  GTFS_UNKNOWN_PARENT_STATION: { severity: 'warning', meaning: 'parent_station names no stop in stops.txt: the stop is imported, without a station' },
  GTFS_FAST_TRAVEL: { severity: 'warning', meaning: 'a trip would travel between two stops faster than its kind of vehicle can' },
} as const satisfies Record<string, { severity: IssueSeverity; meaning: string }>

export type IssueCode = keyof typeof ISSUE_CODES
