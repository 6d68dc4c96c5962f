import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Arrival } from './arrival.js'
import { RiderVehicle } from './rider-vehicle.js'
import { Obj, StringEnum } from './schema.js'
import { VehicleHealth, VehicleView } from './vehicle-view.js'

/**
 * WebSocket /api/v1/live: a snapshot of the fleet on connect, then each vehicle's new state as its fix arrives, the
 * vehicles whose health changed with time alone, and (with ?stops=) the next arrivals at those stops every 15 s.
 * Messages are JSON text frames. Anyone gets the riders' view of each vehicle (RiderLiveMessage, vehicles as
 * RiderVehicle); a dispatcher or admin who offers a valid bearer token (LIVE_BEARER_PROTOCOL_PREFIX) gets the
 * dispatcher's (DispatcherLiveMessage, vehicles as VehicleView).
 */
export const LiveQuery = Obj({
  route: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  bbox: Type.Optional(Type.String({ pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$', description: 'minLon,minLat,maxLon,maxLat' })),
  stops: Type.Optional(Type.String({ pattern: '^[^,]{1,64}(,[^,]{1,64}){0,19}$', description: 'stop ids whose arrivals to push' })),
  lang: Type.Optional(StringEnum(['ar', 'en'], { description: 'the language of the arrivals\' and vehicles\' headsigns (the feed\'s own by default)' })),
})
export type LiveQuery = Static<typeof LiveQuery>

// The stream's subprotocols and close codes live apart from its schemas (no TypeBox): a rider page imports them.
export { LIVE_BEARER_PROTOCOL_PREFIX, LIVE_PROTOCOL, LIVE_REVOKED_CLOSE_CODE, liveProtocolsOf } from './live-protocol.js'

const liveMessagesOf = <V extends TSchema>(vehicle: V) => {
  const snapshot = Obj({ type: Type.Literal('snapshot'), vehicles: Type.Array(vehicle) })
  const update = Obj({ type: Type.Literal('vehicle'), vehicle })
  return Type.Union([snapshot, update, LiveHealth, LiveArrivals])
}

export const LiveHealth = Obj({ type: Type.Literal('health'), vehicles: Type.Array(Obj({ vehicleId: Type.String(), health: VehicleHealth })) })
export const LiveArrivals = Obj({ type: Type.Literal('arrivals'), stopId: Type.String(), arrivals: Type.Array(Arrival) })

/** What an anonymous client (a rider's page, a third-party app) is sent. */
export const RiderLiveMessage = liveMessagesOf(RiderVehicle)
export type RiderLiveMessage = Static<typeof RiderLiveMessage>
/** What a dispatcher or admin with a valid token is sent. */
export const DispatcherLiveMessage = liveMessagesOf(VehicleView)
export type DispatcherLiveMessage = Static<typeof DispatcherLiveMessage>
/** Any message of the stream. */
export const LiveMessage = Type.Union([RiderLiveMessage, DispatcherLiveMessage])
export type LiveMessage = Static<typeof LiveMessage>
