import { Type, type Static } from '@sinclair/typebox'
import { Arrival } from './arrival.js'
import { IsoDateTime, Lang, Nullable, Obj } from './schema.js'

/** Stops for riders: search, nearby, the next arrivals at one (api/src/http/rider-routes.ts). */
export const LangQuery = Type.Optional(Lang)

export const Stop = Obj({
  stopId: Type.String(),
  code: Nullable(Type.String()),
  name: Type.String({ description: 'in the rider\'s language where the feed translates it' }),
  lat: Type.Number(),
  lon: Type.Number(),
})
export type Stop = Static<typeof Stop>

export const NearbyStop = Obj({ ...Stop.properties, distanceM: Type.Integer() })
export type NearbyStop = Static<typeof NearbyStop>

export const StopSearchQuery = Obj({ q: Type.String({ minLength: 1, maxLength: 100 }), limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }), lang: LangQuery })
export type StopSearchQuery = Static<typeof StopSearchQuery>
export const StopsResponse = Obj({ stops: Type.Array(Stop) })
export type StopsResponse = Static<typeof StopsResponse>

export const NearbyStopsQuery = Obj({
  lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }), radius: Type.Number({ minimum: 10, maximum: 2000, default: 500 }), lang: LangQuery,
})
export type NearbyStopsQuery = Static<typeof NearbyStopsQuery>
export const NearbyStopsResponse = Obj({ stops: Type.Array(NearbyStop) })
export type NearbyStopsResponse = Static<typeof NearbyStopsResponse>

/** An active service alert that names the stop or a route serving it, in the rider's language. */
export const StopAlert = Obj({ alertId: Type.Integer(), cause: Nullable(Type.String()), effect: Nullable(Type.String()), header: Nullable(Type.String()), description: Nullable(Type.String()) })
export type StopAlert = Static<typeof StopAlert>

export const StopArrivalsQuery = Obj({ limit: Type.Integer({ minimum: 1, maximum: 50, default: 3, description: 'arrivals per route' }), lang: LangQuery })
export type StopArrivalsQuery = Static<typeof StopArrivalsQuery>
export const StopArrivalsResponse = Obj({ stop: Stop, at: IsoDateTime('the server\'s clock when it answered'), arrivals: Type.Array(Arrival), alerts: Type.Array(StopAlert) })
export type StopArrivalsResponse = Static<typeof StopArrivalsResponse>

/** A path parameter `id`. */
export const IdParams = (maxLength: number) => Obj({ id: Type.String({ minLength: 1, maxLength }) })
