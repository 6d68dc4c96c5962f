import { Type, type Static } from '@sinclair/typebox'
import { LangQuery } from './stops.js'
import { IsoDateTime, Nullable, Obj, ServiceDate } from './schema.js'
import { VehicleHealth } from './vehicle-view.js'

/** Follow my bus (GET /api/v1/trips/:id) and a dispatcher's trip cancellations (api/src/http/prediction-routes.ts). */
export const TripQuery = Obj({ lang: LangQuery })

export const TripStop = Obj({
  stopId: Type.String(),
  name: Type.String(),
  scheduledAt: Nullable(IsoDateTime()),
  expectedAt: Nullable(IsoDateTime()),
  earliest: Nullable(IsoDateTime()),
  latest: Nullable(IsoDateTime()),
  passed: Nullable(Type.Boolean(), 'null when no bus works the trip now'),
})
export type TripStop = Static<typeof TripStop>

export const TripVehicle = Obj({
  vehicleId: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  bearingDeg: Nullable(Type.Number()),
  fixAt: IsoDateTime(),
  health: VehicleHealth,
  scheduleDeviationS: Nullable(Type.Number()),
  nextStopId: Nullable(Type.String()),
  occupancy: Nullable(Type.String()),
})

export const TripResponse = Obj({
  tripId: Type.String(),
  routeId: Type.String(),
  headsign: Nullable(Type.String()),
  serviceDate: Nullable(Type.String()),
  vehicle: Nullable(TripVehicle),
  stops: Type.Array(TripStop),
})
export type TripResponse = Static<typeof TripResponse>

export const CancellationBody = Obj({
  serviceDate: Type.Optional(Type.String({ ...ServiceDate, description: 'YYYY-MM-DD (default: the service day the trip runs now)' })),
  reason: Type.String({ minLength: 1, maxLength: 500 }),
})
export type CancellationBody = Static<typeof CancellationBody>
export const CancellationQuery = Obj({ serviceDate: Type.Optional(Type.String({ ...ServiceDate, description: 'YYYY-MM-DD (default: the service day the trip runs now)' })) })

export const TripCancellation = Obj({
  tripId: Type.String(),
  serviceDate: Type.String(),
  reason: Type.String(),
  cancelledBy: Type.String(),
  cancelledAtMs: Type.Number({ description: 'epoch ms' }),
})
export type TripCancellation = Static<typeof TripCancellation>
export const TripCancellationsResponse = Obj({ cancellations: Type.Array(TripCancellation) })
export type TripCancellationsResponse = Static<typeof TripCancellationsResponse>
