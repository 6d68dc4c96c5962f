import { Type, type Static } from '@sinclair/typebox'
import { Arrival } from './arrival.js'
import { Obj, StringEnum } from './schema.js'
import { VehicleHealth, VehicleView } from './vehicle-view.js'

/**
 * WebSocket /api/v1/live: a snapshot of the fleet on connect, then each vehicle's new state as its fix arrives, the
 * vehicles whose health changed with time alone, and (with ?stops=) the next arrivals at those stops every 15 s.
 * Messages are JSON text frames, one of LiveMessage.
 */
export const LiveQuery = Obj({
  route: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  bbox: Type.Optional(Type.String({ pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$', description: 'minLon,minLat,maxLon,maxLat' })),
  stops: Type.Optional(Type.String({ pattern: '^[^,]{1,64}(,[^,]{1,64}){0,19}$', description: 'stop ids whose arrivals to push' })),
  lang: Type.Optional(StringEnum(['ar', 'en'], { description: 'the language of the arrivals\' headsigns (the feed\'s own by default)' })),
})
export type LiveQuery = Static<typeof LiveQuery>

export const LiveSnapshot = Obj({ type: Type.Literal('snapshot'), vehicles: Type.Array(VehicleView) })
export const LiveVehicle = Obj({ type: Type.Literal('vehicle'), vehicle: VehicleView })
export const LiveHealth = Obj({ type: Type.Literal('health'), vehicles: Type.Array(Obj({ vehicleId: Type.String(), health: VehicleHealth })) })
export const LiveArrivals = Obj({ type: Type.Literal('arrivals'), stopId: Type.String(), arrivals: Type.Array(Arrival) })

export const LiveMessage = Type.Union([LiveSnapshot, LiveVehicle, LiveHealth, LiveArrivals])
export type LiveMessage = Static<typeof LiveMessage>
