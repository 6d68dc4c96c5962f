import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { openFeedSource } from '../read/feed-source.js'
import { validateFeed } from './validate-feed.js'
import type { ValidationReport } from './validation-report.js'

const BAD_ROWS = fileURLToPath(new URL('../fixtures/bad-rows', import.meta.url))

let report: ValidationReport

beforeAll(async () => {
  const source = await openFeedSource(BAD_ROWS)
  try {
    report = await validateFeed(source, { warningSamplesPerCode: 100 })
  } finally {
    await source.close()
  }
})

const issue = (code: string, file: string, line: number | null, message?: RegExp) =>
  expect.objectContaining({ code, file, line, ...(message ? { message: expect.stringMatching(message) } : {}) })

describe('validateFeed on bad-rows/: each kind of row error, at its file and line', () => {
  it('reports exactly the planted errors', () => {
    expect(report.ok).toBe(false)
    expect(report.errorCount).toBe(35)
    expect(report.errors).toHaveLength(35)
    expect(new Set(report.errors.map((e) => e.severity))).toEqual(new Set(['error']))
  })

  it('agency.txt: a time zone that is not an IANA zone', () => {
    // GTFS field types, Timezone: "TZ timezone from the https://www.iana.org/time-zones".
    expect(report.errors).toContainEqual(issue('GTFS_BAD_TIMEZONE', 'agency.txt', 3, /^agency\.txt line 3: agency_timezone "Mars\/Olympus" is not an IANA time zone/))
  })

  it('stops.txt: duplicate id, coordinates, parent station, name, location_type', () => {
    expect(report.errors).toContainEqual(issue('GTFS_DUPLICATE_ID', 'stops.txt', 6, /stop_id "S1" is already defined on line 2/))
    // GTFS field types, Latitude: "must be greater than or equal to -90.0 and less than or equal to 90.0".
    expect(report.errors).toContainEqual(issue('GTFS_COORDINATES_OUT_OF_RANGE', 'stops.txt', 7, /stop_lat "95\.0"/))
    // A stop whose station is not in the feed, and one without a name, can still be served: warnings (see below).
    expect(report.errors.filter((e) => e.file === 'stops.txt' && (e.line === 9 || e.line === 10))).toEqual([])
    // GTFS stops.txt parent_station: for a stop/platform it "contains the ID of a station".
    expect(report.errors).toContainEqual(issue('GTFS_WRONG_LOCATION_TYPE', 'stops.txt', 11, /parent_station "S2" is a stop\/platform/))
    expect(report.errors).toContainEqual(issue('GTFS_BAD_ENUM', 'stops.txt', 12, /location_type "9"/))
  })

  it('routes.txt: agency, color, route_type, duplicate id, agency_id required with several agencies', () => {
    expect(report.errors).toContainEqual(issue('GTFS_UNKNOWN_REFERENCE', 'routes.txt', 3, /agency_id "XXX" is not in agency\.txt/))
    // GTFS field types, Color: "six-digit hexadecimal number … (the leading "#" must not be included)".
    expect(report.errors).toContainEqual(issue('GTFS_BAD_COLOR', 'routes.txt', 4, /route_color "#00FF00"/))
    expect(report.errors).toContainEqual(issue('GTFS_BAD_ENUM', 'routes.txt', 5, /route_type "42"/))
    expect(report.errors).toContainEqual(issue('GTFS_DUPLICATE_ID', 'routes.txt', 6, /route_id "R1"/))
    // GTFS routes.txt agency_id: "Required if multiple agencies are defined in agency.txt".
    expect(report.errors).toContainEqual(issue('GTFS_MISSING_VALUE', 'routes.txt', 7, /agency_id is empty but agency\.txt defines 2 agencies/))
  })

  it('calendar.txt and calendar_dates.txt: impossible date, reversed range, duplicate service, exception_type', () => {
    expect(report.errors).toContainEqual(issue('GTFS_BAD_DATE', 'calendar.txt', 3, /start_date "20250230"/))
    expect(report.errors).toContainEqual(issue('GTFS_RANGE_OUT_OF_ORDER', 'calendar.txt', 4, /end_date 20250101 is before start_date 20251231/))
    expect(report.errors).toContainEqual(issue('GTFS_DUPLICATE_ID', 'calendar.txt', 5, /service_id "WK"/))
    // GTFS calendar_dates.txt exception_type: "1 - Service has been added … 2 - Service has been removed".
    expect(report.errors).toContainEqual(issue('GTFS_BAD_ENUM', 'calendar_dates.txt', 3, /exception_type "3" is not one of 1, 2/))
  })

  it('shapes.txt: a sequence that is not a number, a duplicate (shape_id, shape_pt_sequence)', () => {
    expect(report.errors).toContainEqual(issue('GTFS_BAD_NUMBER', 'shapes.txt', 4, /shape_pt_sequence "x"/))
    expect(report.errors).toContainEqual(issue('GTFS_DUPLICATE_ID', 'shapes.txt', 5, /\(shape_id "SH1", shape_pt_sequence 2\) is already defined on line 3/))
  })

  it('trips.txt: unknown route, service and shape, duplicate trip_id', () => {
    expect(report.errors).toContainEqual(issue('GTFS_UNKNOWN_REFERENCE', 'trips.txt', 3, /route_id "R9" is not in routes\.txt/))
    // GTFS trips.txt service_id: "Foreign ID referencing calendar.service_id or calendar_dates.service_id".
    expect(report.errors).toContainEqual(issue('GTFS_UNKNOWN_REFERENCE', 'trips.txt', 4, /service_id "NOPE" is in neither calendar\.txt nor calendar_dates\.txt/))
    expect(report.errors).toContainEqual(issue('GTFS_UNKNOWN_REFERENCE', 'trips.txt', 5, /shape_id "SH9" is not in shapes\.txt/))
    expect(report.errors).toContainEqual(issue('GTFS_DUPLICATE_ID', 'trips.txt', 6, /trip_id "T1"/))
  })

  it('stop_times.txt: bad time, unknown stop and trip, a station, duplicate sequence, times out of order', () => {
    // GTFS field types, Time: "HH:MM:SS format (H:MM:SS is also accepted)": 8:10 is neither.
    expect(report.errors).toContainEqual(issue('GTFS_BAD_TIME', 'stop_times.txt', 4, /arrival_time "8:10"/))
    expect(report.errors).toContainEqual(issue('GTFS_UNKNOWN_REFERENCE', 'stop_times.txt', 5, /^stop_times\.txt line 5: stop_id "S99" is not in stops\.txt/))
    expect(report.errors).toContainEqual(issue('GTFS_UNKNOWN_REFERENCE', 'stop_times.txt', 6, /trip_id "TX" is not in trips\.txt/))
    // GTFS stop_times.txt stop_id: "Referenced locations must be stops/platforms".
    expect(report.errors).toContainEqual(issue('GTFS_WRONG_LOCATION_TYPE', 'stop_times.txt', 7, /stop_id "ST1" is a location of location_type 1/))
    expect(report.errors).toContainEqual(issue('GTFS_DUPLICATE_ID', 'stop_times.txt', 8, /\(trip_id "T1", stop_sequence 5\) is already defined on line 7/))
    expect(report.errors).toContainEqual(issue('GTFS_STOP_TIMES_OUT_OF_ORDER', 'stop_times.txt', 11, /trip "T8" reaches stop_sequence 2 at 09:55:00, before it leaves stop_sequence 1 \(line 10\) at 10:00:00/))
    expect(report.errors).toContainEqual(issue('GTFS_STOP_TIMES_OUT_OF_ORDER', 'stop_times.txt', 12, /departure_time 10:05:00 is before arrival_time 10:10:00/))
    expect(report.errors).toContainEqual(issue('GTFS_BAD_ENUM', 'stop_times.txt', 13, /pickup_type "7"/))
    // GTFS stop_times.txt shape_dist_traveled: "Non-negative float".
    expect(report.errors).toContainEqual(issue('GTFS_BAD_NUMBER', 'stop_times.txt', 15, /shape_dist_traveled "-1"/))
  })

  it('frequencies.txt and feed_info.txt: unknown trip, reversed ranges, duplicate key, zero headway, missing value', () => {
    expect(report.errors).toContainEqual(issue('GTFS_UNKNOWN_REFERENCE', 'frequencies.txt', 3, /trip_id "TX"/))
    expect(report.errors).toContainEqual(issue('GTFS_RANGE_OUT_OF_ORDER', 'frequencies.txt', 4, /end_time 10:00:00 is before start_time 12:00:00/))
    // GTFS frequencies.txt: "Primary key (trip_id, start_time)".
    expect(report.errors).toContainEqual(issue('GTFS_DUPLICATE_ID', 'frequencies.txt', 5, /\(trip_id "T1", start_time 06:00:00\)/))
    // GTFS frequencies.txt headway_secs: "Positive integer".
    expect(report.errors).toContainEqual(issue('GTFS_BAD_NUMBER', 'frequencies.txt', 6, /headway_secs "0" is not a positive integer/))
    expect(report.errors).toContainEqual(issue('GTFS_MISSING_VALUE', 'feed_info.txt', 2, /feed_lang is empty/))
    expect(report.errors).toContainEqual(issue('GTFS_RANGE_OUT_OF_ORDER', 'feed_info.txt', 2, /feed_end_date 20241231 is before feed_start_date 20250101/))
  })

  it('counts the warnings by code and samples them with their lines', () => {
    expect(report.warningCountsByCode).toEqual({
      GTFS_IGNORED_FILE: 2,
      GTFS_STOP_ZERO_COORDINATES: 1,
      GTFS_UNKNOWN_COLUMN: 1,
      GTFS_ROW_FIELD_COUNT: 1,
      GTFS_SHAPES_MISSING: 1,
      GTFS_SHAPE_DIST_MISSING: 1,
      GTFS_FAST_TRAVEL: 1,
      GTFS_UNUSED_STOP: 5,
      GTFS_TRIP_WITHOUT_STOP_TIMES: 5,
      GTFS_TRIP_SINGLE_STOP_TIME: 1,
      GTFS_UNUSED_SHAPE: 1,
      GTFS_UNKNOWN_PARENT_STATION: 1,
      GTFS_STOP_WITHOUT_NAME: 1,
    })
    const warnings = report.warningSamples
    expect(warnings).toContainEqual(issue('GTFS_IGNORED_FILE', 'fare_rules.txt', null, /GTFS file Masar does not read/))
    expect(warnings).toContainEqual(issue('GTFS_IGNORED_FILE', 'notes.txt', null, /not a file GTFS defines/))
    expect(report.ignoredFiles).toEqual(['fare_rules.txt', 'notes.txt'])
    expect(warnings).toContainEqual(issue('GTFS_STOP_ZERO_COORDINATES', 'stops.txt', 8))
    expect(warnings).toContainEqual(issue('GTFS_UNKNOWN_PARENT_STATION', 'stops.txt', 9, /parent_station "ST9" is not a stop_id in stops\.txt: the stop is imported without its station/))
    // GTFS stops.txt stop_name: "Required for locations which are stops (location_type=0)"; riders are shown the code
    expect(warnings).toContainEqual(issue('GTFS_STOP_WITHOUT_NAME', 'stops.txt', 10, /has no stop_name/))
    expect(warnings).toContainEqual(issue('GTFS_UNKNOWN_COLUMN', 'routes.txt', 1, /"route_fare_class"/))
    expect(warnings).toContainEqual(issue('GTFS_ROW_FIELD_COUNT', 'trips.txt', 9, /6 fields but the header has 5 columns/))
    expect(warnings).toContainEqual(issue('GTFS_FAST_TRAVEL', 'stop_times.txt', 15, /trip "T9" covers 284\.\d km .* 150 km\/h/))
    expect(warnings).toContainEqual(issue('GTFS_UNUSED_STOP', 'stops.txt', 7, /stop "S4"/))
    expect(warnings).toContainEqual(issue('GTFS_UNUSED_SHAPE', 'shapes.txt', 6, /shape "SH2"/))
    // MobilityData gtfs-validator unusable_trip (a WARNING): a trip must visit more than one stop to be usable.
    expect(warnings).toContainEqual(issue('GTFS_TRIP_WITHOUT_STOP_TIMES', 'trips.txt', 7, /trip "T5" has no stop_times/))
    expect(warnings).toContainEqual(issue('GTFS_TRIP_SINGLE_STOP_TIME', 'trips.txt', 8, /trip "T6" has one stop_time/))
    expect(report.derived).toEqual({ shapesDerived: true, shapeDistComputed: true })
  })
})
