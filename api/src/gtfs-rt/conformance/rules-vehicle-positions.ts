import type { RuleInput } from './check-context.js'
import { describeTrip, idOf, tripUpdatesOf, fieldOf, vehiclePositionsOf } from './feed-fields.js'

/** W004: the validator's VehicleValidator.MAX_REALISTIC_SPEED_METERS_PER_SECOND (about 60 mph). */
const MAX_REALISTIC_SPEED_MPS = 26

const validLatitude = (lat: number) => Number.isFinite(lat) && lat >= -90 && lat <= 90
const validLongitude = (lon: number) => Number.isFinite(lon) && lon >= -180 && lon <= 180

/** E026 position, E027 bearing, E052 duplicate vehicle.id, W002 vehicle.id missing, W004 unrealistic speed. */
export function checkVehiclePositionRules({ message, log }: RuleInput): void {
  for (const { entityId, value: tripUpdate } of tripUpdatesOf(message)) {
    if (idOf(tripUpdate.vehicle, 'id') === undefined) log.add('W002', entityId, `trip_update of ${describeTrip(tripUpdate.trip)} has no vehicle.id`)
  }
  const entityOfVehicle = new Map<string, string>()
  for (const { entityId, value: vehicle } of vehiclePositionsOf(message)) {
    const vehicleId = idOf(vehicle.vehicle, 'id')
    const name = vehicleId === undefined ? `vehicle of entity "${entityId}"` : `vehicle "${vehicleId}"`
    if (vehicleId === undefined) log.add('W002', entityId, `vehicle position of entity "${entityId}" has no vehicle.id`)
    else if (entityOfVehicle.has(vehicleId)) log.add('E052', entityId, `vehicle.id "${vehicleId}" of entity "${entityId}" is also the vehicle.id of entity "${entityOfVehicle.get(vehicleId)}"`)
    else entityOfVehicle.set(vehicleId, entityId)
    const position = fieldOf(vehicle, 'position')
    if (!position) continue
    const lat = fieldOf(position, 'latitude')
    const lon = fieldOf(position, 'longitude')
    if (lat === undefined || lon === undefined) log.add('E026', entityId, `${name} position has no ${lat === undefined ? 'latitude' : 'longitude'}`)
    else if (!validLatitude(lat) || !validLongitude(lon)) log.add('E026', entityId, `${name} position (${lat}, ${lon}) is not a WGS84 latitude/longitude`)
    const bearing = fieldOf(position, 'bearing')
    if (bearing !== undefined && !(bearing >= 0 && bearing <= 360)) log.add('E027', entityId, `${name} bearing is ${bearing}°; it must be 0..360`)
    const speed = fieldOf(position, 'speed')
    if (speed !== undefined && !(speed >= 0 && speed <= MAX_REALISTIC_SPEED_MPS)) {
      log.add('W004', entityId, `${name} speed is ${speed} m/s (${(speed * 3.6).toFixed(1)} km/h), outside 0..${MAX_REALISTIC_SPEED_MPS} m/s: is it in km/h or mph?`)
    }
  }
}
