import { Type, type Static } from '@sinclair/typebox'
import { IsoDateTime, Obj, StringEnum } from './schema.js'

/** The GTFS-Realtime feeds checked against the validator rules (GET /gtfs-rt/status). */
export const FeedFormatQuery = Obj({ format: Type.Optional(StringEnum(['json', 'pb'], { description: 'json: the feed as JSON, for people' })) })

export const ConformanceIssue = Obj({
  rule: Type.String({ description: 'the rule id of the GTFS-Realtime validator (E001…, W001…)' }),
  severity: StringEnum(['error', 'warning']),
  entityId: Type.Optional(Type.String()),
  message: Type.String(),
})
export type ConformanceIssue = Static<typeof ConformanceIssue>
export const FeedConformance = Obj({
  ok: Type.Boolean({ description: 'no errors (warnings allowed)' }),
  errors: Type.Array(ConformanceIssue, { description: 'samples, a few per rule' }),
  warnings: Type.Array(ConformanceIssue),
  countsByRule: Type.Record(Type.String(), Type.Integer()),
  rulesChecked: Type.Integer(),
  rulesNotCheckable: Type.Array(Obj({ rule: Type.String(), why: Type.String() })),
  entities: Type.Integer(),
})
export type FeedConformance = Static<typeof FeedConformance>
export const FeedStatus = Obj({
  checkedAt: IsoDateTime(),
  ok: Type.Boolean(),
  feeds: Obj({ vehiclePositions: FeedConformance, tripUpdates: FeedConformance, alerts: FeedConformance }),
})
export type FeedStatus = Static<typeof FeedStatus>
