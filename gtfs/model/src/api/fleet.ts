import { Type, type Static } from '@sinclair/typebox'
import { IsoDateTime, Nullable, Obj, StringEnum } from './schema.js'
import { VehicleHealth, VehiclePhase, VehicleView } from './vehicle-view.js'

/** The fleet for dispatchers: vehicles, a vehicle's track, today's key figures, ghost trips. */
export const VehicleSort = StringEnum(['vehicleId', 'age', '-age', 'deviation', '-deviation'], { default: 'vehicleId' })
export const VehicleListQuery = Obj({
  route: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  health: Type.Optional(VehicleHealth),
  status: Type.Optional(StringEnum(VehiclePhase.enum as VehiclePhase[], { description: 'the phase matching gives the vehicle' })),
  offRoute: Type.Optional(Type.Boolean()),
  sort: VehicleSort,
  limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }),
})
export type VehicleListQuery = Static<typeof VehicleListQuery>
export const VehicleListResponse = Obj({ count: Type.Integer({ description: 'vehicles that pass the filter (before limit)' }), vehicles: Type.Array(VehicleView) })
export type VehicleListResponse = Static<typeof VehicleListResponse>

export const HistoryQuery = Obj({
  from: IsoDateTime(),
  to: Type.Optional(IsoDateTime()),
  bucket: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400, description: 'seconds' })),
})
export type HistoryQuery = Static<typeof HistoryQuery>
export const HistoryPoint = Obj({ at: IsoDateTime(), lat: Type.Number(), lon: Type.Number(), speedMps: Nullable(Type.Number()), bearingDeg: Nullable(Type.Number()) })
export type HistoryPoint = Static<typeof HistoryPoint>
export const HISTORY_MAX_POINTS = 20_000
export const HistoryResponse = Obj({
  vehicleId: Type.String(), from: IsoDateTime(), to: IsoDateTime(), bucketS: Nullable(Type.Integer()), count: Type.Integer(), points: Type.Array(HistoryPoint),
  truncated: Type.Boolean({ description: `the range held more than ${HISTORY_MAX_POINTS.toLocaleString('en-US')} points (fixes, or buckets): these are its first ones; ask for a later \`from\` or a coarser \`bucket\`` }),
})
export type HistoryResponse = Static<typeof HistoryResponse>

export const RouteOnTime = Obj({ routeId: Type.String(), events: Type.Integer(), onTimeShare: Type.Number(), meanDelayS: Type.Number() })
export const FleetAdherenceNow = Obj({
  schedule: Obj({ buses: Type.Integer(), onTimeShare: Nullable(Type.Number(), 'of the fresh buses on timetabled trips, the share −1/+5 min (realtime/on-time.ts)') }),
  headway: Obj({ buses: Type.Integer(), regularShare: Nullable(Type.Number(), 'of the fresh buses on trips run to a headway (frequencies.txt exact_times 0) with a bus ahead, the share with a regular gap (realtime/vehicle-adherence.ts)') }),
}, { description: 'now: timetabled buses judged by schedule deviation, buses on headway-run routes by the gap to the bus ahead' })
export type FleetAdherenceNow = Static<typeof FleetAdherenceNow>
export const KpiResponse = Obj({
  at: IsoDateTime(),
  vehicles: Obj({ fresh: Type.Integer(), stale: Type.Integer(), offline: Type.Integer() }),
  matchedShare: Nullable(Type.Number(), 'the share of fresh vehicles matched to a trip'),
  pingsPerSecond: Type.Number(),
  ghostTrips: Nullable(Type.Integer()),
  onTimeByRoute: Type.Array(RouteOnTime, { description: 'since the start of today\'s service day' }),
  adherenceNow: FleetAdherenceNow,
})
export type KpiResponse = Static<typeof KpiResponse>

export const GhostTrip = Obj({ tripId: Type.String(), routeId: Type.String(), blockId: Nullable(Type.String()), serviceDate: Type.String(), scheduledStart: IsoDateTime(), scheduledEnd: IsoDateTime() })
export type GhostTrip = Static<typeof GhostTrip>
export const GhostTripsResponse = Obj({ count: Type.Integer(), trips: Type.Array(GhostTrip) })
export type GhostTripsResponse = Static<typeof GhostTripsResponse>
