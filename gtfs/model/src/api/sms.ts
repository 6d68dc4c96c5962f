import { Type, type Static } from '@sinclair/typebox'
import { Lang, Nullable, Obj } from './schema.js'

/** The SMS gateway webhook (POST /api/v1/sms/inbound): a stop code (and a route) in, the reply text out. */
export const SmsInbound = Type.Object({ from: Type.Optional(Type.String({ maxLength: 32 })), text: Type.String({ maxLength: 480 }) }, { description: 'gateways may send more fields; they are ignored' })
export type SmsInbound = Static<typeof SmsInbound>
export const SmsReply = Obj({ to: Nullable(Type.String()), reply: Type.String(), lang: Lang, segments: Type.Integer({ description: 'SMS segments the reply takes' }) })
export type SmsReply = Static<typeof SmsReply>
