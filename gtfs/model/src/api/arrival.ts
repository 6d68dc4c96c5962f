import { Type, type Static } from '@sinclair/typebox'
import { IsoDateTime, Nullable, Obj } from './schema.js'

/**
 * One arrival at a stop as the api serves it (GET /api/v1/stops/:id/arrivals, the live stream's `arrivals`) and
 * the dashboard reads it: predicted where a bus works the trip, the timetable's otherwise.
 */
export const Arrival = Obj({
  routeId: Type.String(),
  routeShortName: Nullable(Type.String()),
  tripId: Type.String(),
  headsign: Nullable(Type.String()),
  at: IsoDateTime(),
  minutes: Type.Number(),
  earliest: Nullable(IsoDateTime(), 'the p10 of a realtime prediction (null for the timetable\'s)'),
  latest: Nullable(IsoDateTime(), 'the p90 of a realtime prediction'),
  minutesRange: Nullable(Type.Tuple([Type.Number(), Type.Number()])),
  realtime: Type.Boolean(),
  stale: Type.Boolean({ description: 'the bus has not been heard from for a while: its prediction runs on from its last fix' }),
  cancelled: Type.Boolean(),
  vehicleId: Nullable(Type.String()),
  occupancy: Nullable(Type.String()),
  scheduledAt: IsoDateTime(),
  headwayMinutes: Nullable(Type.Number(), 'a run of a headway-based trip no bus is predicted for: riders are told "every N min" (one such entry per trip pattern)'),
})
export type Arrival = Static<typeof Arrival>
