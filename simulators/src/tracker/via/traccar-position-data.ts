import { fixTimeMsOf, knotsFromMps, roundTo, type SimulatedFix } from './simulated-fix.js'

/**
 * What Traccar's forwarders send for a position (forward.type=json POSTs it, forward.type=mqtt publishes it): its
 * PositionData `{ position, device }` serialised by Jackson (traccar/traccar src/main/java/org/traccar/forward/
 * PositionData.java, PositionForwarderJson.java, PositionForwarderMqtt.java; the fields of model/Position.java,
 * Message.java, ExtendedModel.java, BaseModel.java, Device.java, GroupedModel.java; the ObjectMapper of
 * MainModule.provideObjectMapper: dates as ISO 8601 text, not timestamps). Position: speed in knots, course and
 * coordinates in degrees, altitude and accuracy in metres; null fields written as null. Written by hand from those
 * files; nothing copied.
 */
export interface TraccarPosition {
  id: number
  attributes: Record<string, string | number | boolean>
  deviceId: number
  protocol: string
  serverTime: string
  deviceTime: string
  fixTime: string
  valid: boolean
  latitude: number
  longitude: number
  altitude: number
  /** Knots. */
  speed: number
  course: number
  address: string | null
  accuracy: number
  network: null
  geofenceIds: number[] | null
}

export interface TraccarDevice {
  id: number
  attributes: Record<string, string | number | boolean>
  groupId: number
  calendarId: number
  name: string
  uniqueId: string
  status: 'online' | 'offline' | 'unknown'
  lastUpdate: string | null
  positionId: number
  phone: string | null
  model: string | null
  contact: string | null
  category: string | null
  disabled: boolean
  expirationTime: string | null
}

export interface TraccarPositionData {
  position: TraccarPosition
  device: TraccarDevice
}

export interface TraccarPositionOptions {
  /** Traccar's database ids: the position's and its device's. */
  positionId: number
  deviceId: number
  /** When Traccar received the fix (its serverTime, the device's lastUpdate). */
  serverTimeMs: number
  /** The protocol the device spoke to Traccar (default `osmand`; `teltonika` for a bus's Teltonika FMB…). */
  protocol?: string
}

/** A Java Date as Jackson's StdDateFormat writes it (ISO 8601, milliseconds, `+00:00`). */
export function formatJacksonDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+00:00')
}

export function toTraccarPositionData(fix: SimulatedFix, options: TraccarPositionOptions): TraccarPositionData {
  const { ping } = fix
  const fixTime = formatJacksonDate(fixTimeMsOf(ping))
  const serverTime = formatJacksonDate(options.serverTimeMs)
  const speedKnots = ping.speed === undefined ? 0 : roundTo(knotsFromMps(ping.speed), 6)
  const attributes: TraccarPosition['attributes'] = { motion: speedKnots > 0 }
  if (ping.odometer !== undefined) attributes.odometer = ping.odometer // Position.KEY_ODOMETER, metres
  return {
    position: {
      id: options.positionId, attributes, deviceId: options.deviceId, protocol: options.protocol ?? 'osmand',
      serverTime, deviceTime: fixTime, fixTime, valid: true,
      latitude: ping.lat, longitude: ping.lon, altitude: 0, speed: speedKnots, course: ping.bearing ?? 0,
      address: null, accuracy: ping.accuracy ?? 0, network: null, geofenceIds: null,
    },
    device: {
      id: options.deviceId, attributes: {}, groupId: 0, calendarId: 0, name: fix.vehicleId, uniqueId: fix.vehicleId,
      status: 'online', lastUpdate: serverTime, positionId: options.positionId,
      phone: null, model: null, contact: null, category: null, disabled: false, expirationTime: null,
    },
  }
}

/** The body of forward.type=json and the payload of forward.type=mqtt. */
export function formatTraccarJson(data: TraccarPositionData): string {
  return JSON.stringify(data)
}
