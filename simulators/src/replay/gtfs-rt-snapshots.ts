import { basename } from 'node:path'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { parseFixFields, type FixFields } from './parse-fix-fields.js'
import type { TraceRow } from './parse-trace-row.js'
import type { TraceFormat } from './trace-formats.js'

const { transit_realtime: rt } = GtfsRealtimeBindings
type FeedMessage = GtfsRealtimeBindings.transit_realtime.FeedMessage

/**
 * GTFS-Realtime VehiclePositions snapshots (binary FeedMessage, https://gtfs.org/realtime/reference/): one record
 * per vehicle entity. A vehicle's fix stays in every snapshot until it reports again: read once (repeatsFixes).
 */
export const GTFS_RT_PB_FORMAT: TraceFormat = {
  name: 'gtfs-rt-pb',
  columns: {
    vehicle: ['vehicle.vehicle.id', 'vehicle.vehicle.label'], time: ['vehicle.timestamp', 'header.timestamp'],
    lat: 'vehicle.position.latitude', lon: 'vehicle.position.longitude', bearing: 'vehicle.position.bearing', speed: 'vehicle.position.speed',
    trip: 'vehicle.trip.trip_id', route: 'vehicle.trip.route_id', startDate: 'vehicle.trip.start_date', startTime: 'vehicle.trip.start_time',
  },
  defaultTimeZone: null,
  defaultAgencyId: 'gtfs-rt',
  speedToMps: 1,
  zeroBearingIsUnknown: false,
  repeatsFixes: true,
}

/** A snapshot file's name ends like this (optionally gzipped); anything else in a folder is not read. */
export const GTFS_RT_SNAPSHOT_NAME = /\.pbf?(\.gz)?$/i

/** Throws (protobufjs's error) when the bytes are not a FeedMessage. */
export function decodeFeedMessage(bytes: Uint8Array): FeedMessage {
  return rt.FeedMessage.decode(bytes)
}

/** The feed's header timestamp in epoch seconds, or null when it has none. */
export function feedTimestampS(feed: FeedMessage): number | null {
  const seconds = Object.hasOwn(feed.header, 'timestamp') ? Number(feed.header.timestamp) : 0
  return seconds > 0 ? seconds : null
}

/** A proto2 optional field's value, or undefined when the message does not carry it (protobufjs puts defaults on the prototype). */
function own<T extends object, K extends keyof T>(message: T | null | undefined, key: K): T[K] | undefined {
  return message && Object.hasOwn(message, key) ? message[key] : undefined
}

const text = (value: unknown): string | undefined => (value === undefined || value === null || value === '' ? undefined : String(value))

/**
 * Every vehicle entity of a snapshot as a record or the reason it cannot be one; trip updates and alerts are not
 * positions and are passed over. An entity without its own timestamp takes the header's (the reference's rule).
 */
export function vehicleRowsOf(feed: FeedMessage, path: string, timeZone: string | null): TraceRow[] {
  const headerS = feedTimestampS(feed)
  const rows: TraceRow[] = []
  for (const entity of feed.entity) {
    const vehicle = own(entity, 'vehicle')
    if (!vehicle || own(entity, 'isDeleted')) continue
    const timestampS = Number(own(vehicle, 'timestamp') ?? 0)
    const position = own(vehicle, 'position')
    const trip = own(vehicle, 'trip')
    const descriptor = own(vehicle, 'vehicle')
    const fix: FixFields = {
      vehicle: text(own(descriptor, 'id')) ?? text(own(descriptor, 'label')),
      time: text(timestampS > 0 ? timestampS : headerS ?? undefined),
      lat: text(own(position, 'latitude')), lon: text(own(position, 'longitude')),
      bearing: text(own(position, 'bearing')), speed: text(own(position, 'speed')),
      trip: text(own(trip, 'tripId')), route: text(own(trip, 'routeId')),
      startDate: text(own(trip, 'startDate')), startTime: text(own(trip, 'startTime')),
    }
    const row = parseFixFields(fix, GTFS_RT_PB_FORMAT, timeZone)
    rows.push(row.ok ? row : { ...row, detail: `${basename(path)} entity ${entity.id}: ${row.detail}` })
  }
  return rows
}
