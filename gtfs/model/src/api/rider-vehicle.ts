import { Type, type Static } from '@sinclair/typebox'
import { OCCUPANCY_STATUSES } from '../telemetry/ping.js'
import { IsoDateTime, Nullable, Obj, ServiceDate, StringEnum } from './schema.js'
import { VehicleHealth } from './vehicle-view.js'

/**
 * A vehicle as anyone may see it: what the public GTFS-Realtime VehiclePositions feed already says of it (its
 * position, bearing and speed, the trip and route it works in service with the stop it is going to, its
 * occupancy, the fix's time) plus its health and the trip's headsign. Nothing of the dispatcher's view
 * (VehicleView): no block, no phase (deadhead, at the depot), no schedule deviation, no off-route flag, no
 * progress along the trip, no tracker's own claims. A bus in no trip riders can board carries no trip.
 */
export const RiderVehicle = Obj({
  vehicleId: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  speedMps: Nullable(Type.Number()),
  bearingDeg: Nullable(Type.Number()),
  fixAt: IsoDateTime('the tracker\'s clock'),
  ageS: Type.Integer({ description: 'seconds since the fix' }),
  health: VehicleHealth,
  tripId: Nullable(Type.String(), 'the trip the bus works in service (or waits at its first stop for); null otherwise'),
  routeId: Nullable(Type.String()),
  directionId: Nullable(Type.Integer()),
  serviceDate: Nullable(ServiceDate),
  headsign: Nullable(Type.String(), 'the trip\'s headsign in the language asked for'),
  nextStopId: Nullable(Type.String(), 'the stop the bus is going to (its first, on a layover)'),
  occupancy: Nullable(StringEnum(OCCUPANCY_STATUSES), 'a GTFS-Realtime OccupancyStatus name, as the tracker reports it'),
})
export type RiderVehicle = Static<typeof RiderVehicle>
