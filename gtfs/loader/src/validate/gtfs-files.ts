/**
 * The GTFS files Masar reads, the columns the GTFS reference defines for each, and those it requires whatever the
 * rows hold (conditionally required columns are checked by each file's validator). Column lists follow
 * https://gtfs.org/schedule/reference/ (google/transit gtfs/spec/en/reference.md, June 2026).
 */
export interface GtfsFileSpec {
  /** Columns the reference defines for the file; any other is reported as GTFS_UNKNOWN_COLUMN. */
  columns: readonly string[]
  /** Columns whose absence is a GTFS_MISSING_COLUMN error. */
  requiredColumns: readonly string[]
}

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const

export const READ_FILES = {
  'agency.txt': {
    columns: ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang', 'agency_phone', 'agency_fare_url', 'agency_email', 'cemv_support'],
    requiredColumns: ['agency_name', 'agency_url', 'agency_timezone'],
  },
  'stops.txt': {
    columns: ['stop_id', 'stop_code', 'stop_name', 'tts_stop_name', 'stop_desc', 'stop_lat', 'stop_lon', 'zone_id', 'stop_url', 'location_type', 'parent_station', 'stop_timezone', 'wheelchair_boarding', 'level_id', 'platform_code', 'stop_access'],
    requiredColumns: ['stop_id'],
  },
  'routes.txt': {
    columns: ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_desc', 'route_type', 'route_url', 'route_color', 'route_text_color', 'route_sort_order', 'continuous_pickup', 'continuous_drop_off', 'network_id', 'cemv_support'],
    requiredColumns: ['route_id', 'route_type'],
  },
  'calendar.txt': {
    columns: ['service_id', ...DAYS, 'start_date', 'end_date'],
    requiredColumns: ['service_id', ...DAYS, 'start_date', 'end_date'],
  },
  'calendar_dates.txt': {
    columns: ['service_id', 'date', 'exception_type'],
    requiredColumns: ['service_id', 'date', 'exception_type'],
  },
  'shapes.txt': {
    columns: ['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence', 'shape_dist_traveled'],
    requiredColumns: ['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'],
  },
  'trips.txt': {
    columns: ['route_id', 'service_id', 'trip_id', 'trip_headsign', 'trip_short_name', 'direction_id', 'block_id', 'shape_id', 'wheelchair_accessible', 'bikes_allowed', 'cars_allowed', 'safe_duration_factor', 'safe_duration_offset'],
    requiredColumns: ['route_id', 'service_id', 'trip_id'],
  },
  'stop_times.txt': {
    columns: ['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'location_group_id', 'location_id', 'stop_sequence', 'stop_headsign', 'start_pickup_drop_off_window', 'end_pickup_drop_off_window', 'pickup_type', 'drop_off_type', 'continuous_pickup', 'continuous_drop_off', 'shape_dist_traveled', 'timepoint', 'pickup_booking_rule_id', 'drop_off_booking_rule_id'],
    // arrival_time: required for the first and last stop of every trip, so the column must exist. stop_id: Masar
    // does not read GTFS-Flex (location_id / location_group_id), so every stop time needs one.
    requiredColumns: ['trip_id', 'stop_id', 'stop_sequence', 'arrival_time'],
  },
  'frequencies.txt': {
    columns: ['trip_id', 'start_time', 'end_time', 'headway_secs', 'exact_times'],
    requiredColumns: ['trip_id', 'start_time', 'end_time', 'headway_secs'],
  },
  'feed_info.txt': {
    columns: ['feed_publisher_name', 'feed_publisher_url', 'feed_lang', 'default_lang', 'feed_start_date', 'feed_end_date', 'feed_version', 'feed_contact_email', 'feed_contact_url'],
    requiredColumns: ['feed_publisher_name', 'feed_publisher_url', 'feed_lang'],
  },
  'translations.txt': {
    columns: ['table_name', 'field_name', 'language', 'translation', 'record_id', 'record_sub_id', 'field_value'],
    requiredColumns: ['table_name', 'field_name', 'language', 'translation'],
  },
} as const satisfies Record<string, GtfsFileSpec>

export type ReadFileName = keyof typeof READ_FILES

/** Files a feed must have (GTFS reference, "Dataset Files"); calendar.txt or calendar_dates.txt is checked apart. */
export const REQUIRED_FILES = ['agency.txt', 'stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt'] as const

/** Files the GTFS reference defines that Masar does not read: reported as ignored, not as strangers. */
export const UNREAD_GTFS_FILES: ReadonlySet<string> = new Set([
  'fare_attributes.txt', 'fare_rules.txt', 'timeframes.txt', 'rider_categories.txt', 'fare_media.txt', 'fare_products.txt',
  'fare_leg_rules.txt', 'fare_leg_join_rules.txt', 'fare_transfer_rules.txt', 'areas.txt', 'stop_areas.txt', 'networks.txt',
  'route_networks.txt', 'transfers.txt', 'pathways.txt', 'levels.txt', 'location_groups.txt', 'location_group_stops.txt',
  'booking_rules.txt', 'attributions.txt',
])

export function isReadFile(fileName: string): fileName is ReadFileName {
  return Object.hasOwn(READ_FILES, fileName)
}
