import type { PingPayload } from '@masar/model/telemetry/ping'
import type { SourceFix, SourceRejection } from '../source-fix.js'

/**
 * How a SIRI producer measures Bearing. The standard (CEN/TS 15531, SIRI 2.0 `Bearing`): compass degrees, 0 north,
 * clockwise, as Masar. MTA Bus Time (and OneBusAway's and TheTransitClock's SIRI) documents "Vehicle bearing: 0 is
 * East, increments counter-clockwise" (https://bustime.mta.info/wiki/Developers/SIRIMonitoredVehicleJourney).
 */
export type SiriBearingConvention = 'compass' | 'east-counterclockwise'

type Node = Record<string, unknown>
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The text of an element as XML (fast-xml-parser, values kept as text) and the JSON renderings give it: a string or
 * number, { value } (SIRI-lite JSON), { '#text' } (XML with attributes), or a list whose first item is one of these
 * (MTA's PublishedLineName). Undefined when absent or empty.
 */
export function textOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return textOf(value[0])
  if (isNode(value)) return textOf(value.value ?? value['#text'])
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'string') {
    const trimmed = value.trim()
    return trimmed === '' ? undefined : trimmed
  }
  return undefined
}

function childOf(node: unknown, ...path: string[]): unknown {
  let at = node
  for (const name of path) at = isNode(at) ? at[name] : undefined
  return at
}

function numberAt(node: unknown, ...path: string[]): number | undefined | null {
  const text = textOf(childOf(node, ...path))
  if (text === undefined) return undefined
  const value = Number(text)
  return Number.isFinite(value) ? value : null
}

function reject(activity: Node, reason: SourceRejection['reason'], detail: string, device?: string): SourceRejection {
  const payload = new TextEncoder().encode(JSON.stringify(activity))
  return device === undefined ? { reason, detail, payload } : { reason, detail, payload, device }
}

/**
 * One VehicleActivity as a fix named by its VehicleRef, or the reason it cannot be one: no VehicleRef, location or
 * RecordedAtTime is missing_field, a coordinate that is not a number wrong_type. RecordedAtTime is handed on as
 * written (ISO 8601 with its zone); Masar's ping validation judges it.
 */
export function fixOfVehicleActivity(activity: Node, bearing: SiriBearingConvention): SourceFix | SourceRejection {
  const journey = childOf(activity, 'MonitoredVehicleJourney')
  const device = textOf(childOf(journey, 'VehicleRef'))
  if (device === undefined) return reject(activity, 'missing_field', 'VehicleActivity without MonitoredVehicleJourney/VehicleRef')
  const ts = textOf(childOf(activity, 'RecordedAtTime'))
  if (ts === undefined) return reject(activity, 'missing_field', `vehicle ${device}: VehicleActivity without RecordedAtTime`, device)
  const lat = numberAt(journey, 'VehicleLocation', 'Latitude')
  const lon = numberAt(journey, 'VehicleLocation', 'Longitude')
  if (lat === undefined || lon === undefined) return reject(activity, 'missing_field', `vehicle ${device}: no VehicleLocation/Latitude and Longitude`, device)
  if (lat === null || lon === null) return reject(activity, 'wrong_type', `vehicle ${device}: VehicleLocation is not numeric`, device)
  const payload: PingPayload = { ts, lat, lon }
  const bearingValue = numberAt(journey, 'Bearing')
  if (typeof bearingValue === 'number') payload.bearing = bearing === 'compass' ? bearingValue : (((90 - bearingValue) % 360) + 360) % 360
  const tripId = textOf(childOf(journey, 'FramedVehicleJourneyRef', 'DatedVehicleJourneyRef'))
  if (tripId !== undefined) payload.tripId = tripId
  const routeId = textOf(childOf(journey, 'LineRef'))
  if (routeId !== undefined) payload.routeId = routeId
  return { device, payload }
}
