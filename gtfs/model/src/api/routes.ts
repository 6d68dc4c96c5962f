import { Type, type Static } from '@sinclair/typebox'
import type { HeadwayState as HeadwayStateOfRule } from '../realtime/headway-state.js'
import { LangQuery } from './stops.js'
import { IsoDateTime, Lang, Nullable, Obj, StringEnum } from './schema.js'

/** Routes for riders (list, one with its GeoJSON) and for dispatchers (headways, the ladder). */
export const RouteInfo = Obj({
  routeId: Type.String(),
  shortName: Nullable(Type.String()),
  longName: Nullable(Type.String()),
  type: Type.Integer({ description: 'GTFS route_type' }),
  color: Nullable(Type.String()),
})
export type RouteInfo = Static<typeof RouteInfo>

export const RoutesQuery = Obj({ lang: LangQuery })
export const RoutesResponse = Obj({ routes: Type.Array(RouteInfo) })
export type RoutesResponse = Static<typeof RoutesResponse>

const Position = Type.Tuple([Type.Number(), Type.Number()], { description: '[lon, lat]' })
export const ShapeFeature = Obj({
  type: Type.Literal('Feature'),
  properties: Obj({ kind: Type.Literal('shape'), shapeId: Type.String() }),
  geometry: Obj({ type: Type.Literal('LineString'), coordinates: Type.Array(Position) }),
})
export const StopFeature = Obj({
  type: Type.Literal('Feature'),
  properties: Obj({ kind: Type.Literal('stop'), stopId: Type.String(), code: Nullable(Type.String()), name: Type.String(), lat: Type.Number(), lon: Type.Number() }),
  geometry: Obj({ type: Type.Literal('Point'), coordinates: Position }),
})
export const RouteFeature = Type.Union([ShapeFeature, StopFeature])
export type RouteFeature = Static<typeof RouteFeature>

/** A direction as people name it: towards the stop most of its trips end at (in ?lang), not its GTFS direction_id alone. */
export const RouteDirection = Obj({
  directionId: Type.Integer({ description: 'GTFS direction_id (0 for trips without one)' }),
  towards: Type.String({ description: 'the name of the stop most of the direction\'s trips end at, in ?lang where the feed translates it' }),
  stopIds: Type.Array(Type.String(), { description: 'the stops of the direction\'s most common stop pattern, in order (the GeoJSON\'s stop features name them)' }),
})
export type RouteDirection = Static<typeof RouteDirection>

export const RouteResponse = Obj({
  route: RouteInfo,
  directions: Type.Array(RouteDirection),
  geojson: Obj({ type: Type.Literal('FeatureCollection'), features: Type.Array(RouteFeature) }),
})
export type RouteResponse = Static<typeof RouteResponse>

/** The states of realtime/headway-state.ts (the rule), listed for the schema; a state the rule gains fails the api's build. */
const HEADWAY_STATES = ['leading', 'ok', 'bunched', 'gap'] as const satisfies readonly HeadwayStateOfRule[]
export const HeadwayState = StringEnum(HEADWAY_STATES)
export type HeadwayState = HeadwayStateOfRule
export const Headway = Obj({
  vehicleId: Type.String(),
  tripId: Type.String(),
  aheadVehicleId: Nullable(Type.String()),
  headwayS: Nullable(Type.Number()),
  scheduledHeadwayS: Nullable(Type.Number()),
  state: HeadwayState,
})
export type Headway = Static<typeof Headway>
export const HeadwaysResponse = Obj({
  routeId: Type.String(),
  at: IsoDateTime(),
  directions: Type.Record(Type.String(), Type.Array(Headway), { description: 'by direction id ("0", "1")' }),
})
export type HeadwaysResponse = Static<typeof HeadwaysResponse>

export const LadderQuery = Obj({
  minutes: Type.Integer({ minimum: 5, maximum: 240, default: 60, description: 'how far back the ladder reaches, in minutes' }),
  direction: Type.Integer({ enum: [0, 1], default: 0, description: 'GTFS direction_id' }),
  lang: Type.Optional(Lang),
})
export type LadderQuery = Static<typeof LadderQuery>

/** One bus's run on a trip: [epoch ms, metres along the shape], in time order. */
export const LadderRun = Obj({ vehicleId: Type.String(), tripId: Type.String(), serviceDate: Type.String(), points: Type.Array(Type.Tuple([Type.Number(), Type.Number()])) })
export const LadderResponse = Obj({
  routeId: Type.String(),
  directionId: Type.Integer(),
  from: IsoDateTime(),
  to: IsoDateTime(),
  shapeId: Type.String(),
  lengthM: Type.Integer(),
  stops: Type.Array(Obj({ stopId: Type.String(), name: Type.String(), distanceM: Type.Integer() }), { description: 'the route\'s stops in order, at their metres along its shape' }),
  runs: Type.Array(LadderRun),
})
export type LadderResponse = Static<typeof LadderResponse>
