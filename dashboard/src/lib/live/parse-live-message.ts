import type { DispatcherLiveMessage, LiveMessage } from '@masar/model/api/live'

/**
 * A frame of /api/v1/live (api/src/live/live-plugin.ts) as a typed message, or null for one the dashboard does
 * not know (a newer server, a broken frame): ignored, never thrown out of the socket's handler.
 */
export function parseLiveMessage(text: string): LiveMessage | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const message = value as Record<string, unknown>
  switch (message.type) {
    case 'snapshot':
    case 'health':
      return Array.isArray(message.vehicles) ? (message as LiveMessage) : null
    case 'vehicle':
      return isVehicle(message.vehicle) ? (message as LiveMessage) : null
    case 'arrivals':
      return typeof message.stopId === 'string' && Array.isArray(message.arrivals) ? (message as LiveMessage) : null
    default:
      return null
  }
}

function isVehicle(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.vehicleId === 'string' && typeof v.lat === 'number' && typeof v.lon === 'number'
}

/**
 * Whether a message carries the dispatcher's view of its vehicles (VehicleView: with the phase matching gives),
 * as the stream sends a signed-in dispatcher, rather than the riders' (RiderVehicle) it sends anyone else.
 */
export function isDispatcherMessage(message: LiveMessage): message is DispatcherLiveMessage {
  switch (message.type) {
    case 'snapshot':
      return message.vehicles.every(hasPhase)
    case 'vehicle':
      return hasPhase(message.vehicle)
    default:
      return true
  }
}

const hasPhase = (vehicle: object) => typeof (vehicle as Record<string, unknown>).phase === 'string'
