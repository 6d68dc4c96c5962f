import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { OCCUPANCY_STATUSES, type OccupancyStatus, type PingPayload } from '@masar/model/telemetry/ping'
import type { DecodedFixes, SourceFix, SourceRejection } from '../source-fix.js'
import { firstCharOf, rejectBody } from './body-rejection.js'

const rt = GtfsRealtimeBindings.transit_realtime
type FeedEntity = GtfsRealtimeBindings.transit_realtime.IFeedEntity
type VehiclePosition = GtfsRealtimeBindings.transit_realtime.IVehiclePosition

export type DecodedGtfsRtFeed = DecodedFixes & { feedTimestampMs: number | null }

/**
 * A proto2 optional field's value, or undefined when the feed did not set it: protobufjs's decoded messages carry
 * only the fields present as own properties and put the defaults (0, '', null) on the prototype.
 */
function own<T extends object, K extends keyof T>(message: T | null | undefined, key: K): T[K] | undefined {
  return message != null && Object.hasOwn(message, key) ? message[key] : undefined
}

function idText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** uint64 seconds (a Long once decoded) as epoch ms; 0 or unset as undefined (the reference says 0 is "not set"). */
function secondsToMs(value: unknown): number | undefined {
  const seconds = value == null ? 0 : Number(value)
  return seconds > 0 ? seconds * 1000 : undefined
}

const OCCUPANCY_NAMES = new Set<string>(OCCUPANCY_STATUSES)

function occupancyOf(vehicle: VehiclePosition): OccupancyStatus | undefined {
  const value = own(vehicle, 'occupancyStatus')
  const name = value == null ? undefined : rt.VehiclePosition.OccupancyStatus[value]
  return name !== undefined && OCCUPANCY_NAMES.has(name) ? (name as OccupancyStatus) : undefined
}

function rejectEntity(entity: FeedEntity, detail: string, device?: string): SourceRejection {
  const payload = rt.FeedEntity.encode(entity).finish()
  return device === undefined ? { reason: 'missing_field', detail, payload } : { reason: 'missing_field', detail, payload, device }
}

/** One vehicle entity as a fix, or the reason it cannot be one. */
function fixOf(entity: FeedEntity, vehicle: VehiclePosition, headerMs: number | undefined): SourceFix | SourceRejection {
  const descriptor = own(vehicle, 'vehicle')
  // The device: the feed's vehicle id (stable, the spec's "internal system identification"), else its label (what
  // is painted on the bus, used by feeds that leave id out), else the entity id (required by the spec; feeds such as
  // King County's use the vehicle's id there, but some number entities per snapshot, so it is the last resort).
  const device = idText(own(descriptor, 'id')) ?? idText(own(descriptor, 'label')) ?? idText(entity.id)
  if (device === undefined) return rejectEntity(entity, 'vehicle entity without vehicle id, label or entity id')
  const position = own(vehicle, 'position')
  if (!position) return rejectEntity(entity, `entity ${entity.id}: vehicle ${device} has no position`, device)
  // The fix's own time, else the feed's (the spec: a vehicle without a timestamp is as of the header's).
  const tsMs = secondsToMs(own(vehicle, 'timestamp')) ?? headerMs
  if (tsMs === undefined) return rejectEntity(entity, `entity ${entity.id}: vehicle ${device} has no timestamp and the feed header none`, device)
  const payload: PingPayload = { ts: tsMs, lat: position.latitude, lon: position.longitude }
  const speedMps = own(position, 'speed')
  if (speedMps != null) payload.speed = speedMps
  const bearingDeg = own(position, 'bearing')
  if (bearingDeg != null) payload.bearing = bearingDeg
  const odometerM = own(position, 'odometer')
  if (odometerM != null) payload.odometer = odometerM
  const trip = own(vehicle, 'trip')
  const tripId = idText(own(trip, 'tripId'))
  if (tripId !== undefined) payload.tripId = tripId
  const routeId = idText(own(trip, 'routeId'))
  if (routeId !== undefined) payload.routeId = routeId
  const occupancy = occupancyOf(vehicle)
  if (occupancy !== undefined) payload.occupancy = occupancy
  return { device, payload }
}

function noFeed(rejection: SourceRejection): DecodedGtfsRtFeed {
  return { fixes: [], rejections: [rejection], feedTimestampMs: null }
}

/**
 * A GTFS-Realtime VehiclePositions feed (binary FeedMessage, https://gtfs.org/realtime/reference/) as fixes named by
 * the feed's vehicle ids. Entities that are not vehicle positions (trip updates, alerts, mixed feeds) and deleted
 * ones are passed over; a vehicle entity without device, position or time is refused (missing_field). Speed is m/s
 * in GTFS-RT as in Masar. Ranges, null island and clock checks are left to Masar's ping validation.
 */
export function decodeGtfsRtVehiclePositions(body: Uint8Array): DecodedGtfsRtFeed {
  if (body.length === 0) return noFeed(rejectBody('unexpected_content', 'empty body where a GTFS-Realtime feed was expected', body))
  let feed: GtfsRealtimeBindings.transit_realtime.FeedMessage
  try {
    feed = rt.FeedMessage.decode(body)
  } catch (error) {
    // Decoded first, sniffed only on failure: a real FeedMessage's first bytes (0x0a, then the header's length)
    // can read as white space and '<' or '{'. Text there is a web page, XML or JSON answer, not a broken feed.
    const first = firstCharOf(body)
    if (first === '' || first === '<' || first === '{') {
      return noFeed(rejectBody('unexpected_content', `text (${first === '' ? 'blank' : `starting with '${first}'`}) where a GTFS-Realtime feed was expected`, body))
    }
    return noFeed(rejectBody('malformed_body', `not a GTFS-Realtime FeedMessage: ${(error as Error).message}`, body))
  }
  const headerMs = secondsToMs(own(feed.header, 'timestamp'))
  const fixes: SourceFix[] = []
  const rejections: SourceRejection[] = []
  for (const entity of feed.entity) {
    const vehicle = own(entity, 'vehicle')
    if (!vehicle || own(entity, 'isDeleted') === true) continue
    const fix = fixOf(entity, vehicle, headerMs)
    if ('reason' in fix) rejections.push(fix)
    else fixes.push(fix)
  }
  return { fixes, rejections, feedTimestampMs: headerMs ?? null }
}
