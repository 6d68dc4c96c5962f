import { Type, type Static } from '@sinclair/typebox'
import { Obj } from './schema.js'

/** Probes and the api's clock. */
export const HealthResponse = Obj({ status: Type.Literal('ok') })
export const ReadyResponse = Obj({ ready: Type.Boolean(), reasons: Type.Array(Type.String(), { description: 'why not ready (empty when ready)' }) })
export type ReadyResponse = Static<typeof ReadyResponse>
export const TimeResponse = Obj({ serverTimeMs: Type.Integer({ description: 'the api\'s clock, epoch ms (a demo clock when `npm start` runs the demo at another hour)' }) })
export type TimeResponse = Static<typeof TimeResponse>
