import { Type, type Static } from '@sinclair/typebox'
import { ALERT_CAUSES, ALERT_EFFECTS } from './alert-kinds.js'
import { IsoDateTime, Obj, StringEnum } from './schema.js'

export { ALERT_CAUSES, ALERT_EFFECTS, isCause, isEffect, type AlertCause, type AlertEffect } from './alert-kinds.js'

/**
 * Service alerts as dispatchers write them and the api stores and serves them (api/src/alerts/alerts-routes.ts);
 * they feed alerts.pb.
 */
export const AlertCauseSchema = StringEnum(ALERT_CAUSES)
export const AlertEffectSchema = StringEnum(ALERT_EFFECTS)

const text = { minLength: 1, maxLength: 2000 }
export const AlertText = Obj({ ar: Type.Optional(Type.String(text)), en: Type.Optional(Type.String(text)) })
export type AlertText = Static<typeof AlertText>

export const ActivePeriod = Obj({ start: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch s' })), end: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch s' })) })
export type ActivePeriod = Static<typeof ActivePeriod>

/** GTFS-Realtime EntitySelector: what the alert is about. */
export const InformedEntity = Obj({
  agencyId: Type.Optional(Type.String({ minLength: 1 })),
  routeId: Type.Optional(Type.String({ minLength: 1 })),
  routeType: Type.Optional(Type.Integer()),
  directionId: Type.Optional(Type.Integer({ enum: [0, 1] })),
  stopId: Type.Optional(Type.String({ minLength: 1 })),
  trip: Type.Optional(Obj({
    tripId: Type.Optional(Type.String({ minLength: 1 })),
    routeId: Type.Optional(Type.String({ minLength: 1 })),
    startDate: Type.Optional(Type.String({ pattern: '^\\d{8}$' })),
    startTime: Type.Optional(Type.String()),
  }, { minProperties: 1 })),
}, { minProperties: 1 })
export type InformedEntity = Static<typeof InformedEntity>

/** What a dispatcher sends to create or change an alert. The header must be given in Arabic and English. */
export const AlertBody = Obj({
  cause: StringEnum(ALERT_CAUSES, { default: 'UNKNOWN_CAUSE' }),
  effect: StringEnum(ALERT_EFFECTS, { default: 'UNKNOWN_EFFECT' }),
  activePeriods: Type.Array(ActivePeriod, { maxItems: 50, default: [] }),
  informedEntities: Type.Array(InformedEntity, { minItems: 1, maxItems: 200 }),
  headerText: Obj({ ar: Type.String(text), en: Type.String(text) }),
  descriptionText: Obj(AlertText.properties, { default: {} }),
  url: Obj(AlertText.properties, { default: {} }),
})
export type AlertBody = Static<typeof AlertBody>

/** An alert as stored and served: its body, its id and the version this is. */
export const StoredAlert = Obj({
  alertId: Type.Integer(),
  version: Type.Integer(),
  cause: AlertCauseSchema,
  effect: AlertEffectSchema,
  activePeriods: Type.Array(ActivePeriod),
  informedEntities: Type.Array(InformedEntity),
  headerText: AlertText,
  descriptionText: AlertText,
  url: AlertText,
  createdAt: IsoDateTime(),
  updatedAt: IsoDateTime(),
  updatedBy: Type.String(),
})
export type StoredAlert = Static<typeof StoredAlert>

export const AlertIdParams = Obj({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'alert_id is a 32-bit serial' }) })
export const AlertsResponse = Obj({ alerts: Type.Array(StoredAlert) })
export type AlertsResponse = Static<typeof AlertsResponse>
export const AlertVersion = Obj({ version: Type.Integer(), savedAt: IsoDateTime(), savedBy: Type.String(), alert: StoredAlert })
export const AlertVersionsResponse = Obj({ versions: Type.Array(AlertVersion) })
export type AlertVersionsResponse = Static<typeof AlertVersionsResponse>
