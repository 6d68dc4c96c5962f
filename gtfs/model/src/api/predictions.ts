import { Type, type Static } from '@sinclair/typebox'
import { IsoDateTime, Nullable, Obj, StringEnum } from './schema.js'

/** Prediction accuracy for dispatchers (GET /api/v1/kpi/predictions, api/src/predictions/accuracy-table.ts). */
export const PREDICTION_METHODS = ['schedule', 'learned', 'kalman'] as const
export const HORIZON_BUCKET_LABELS = ['0-3', '3-6', '6-10', '10-15', '15-30'] as const

export const AccuracyQuery = Obj({ hours: Type.Integer({ minimum: 1, maximum: 24 * 30, default: 24 }) })
export const AccuracyRow = Obj({
  method: StringEnum(PREDICTION_METHODS),
  bucket: StringEnum(HORIZON_BUCKET_LABELS, { description: 'minutes ahead when the prediction was made' }),
  count: Type.Integer(),
  maeS: Nullable(Type.Number()),
  p50AbsErrorS: Nullable(Type.Number()),
  p90AbsErrorS: Nullable(Type.Number()),
  earlyShare: Nullable(Type.Number(), 'share of arrivals earlier than predicted'),
  benchmarkShare: Nullable(Type.Number(), 'share within the ETA Accuracy Benchmark tolerance (null for 15–30)'),
  withinRangeShare: Nullable(Type.Number(), 'share of arrivals inside the p10–p90 range given'),
})
export type AccuracyRow = Static<typeof AccuracyRow>
export const AccuracyResponse = Obj({
  since: IsoDateTime(),
  rows: Type.Array(AccuracyRow),
  benchmarkScore: Obj({
    schedule: Type.Optional(Nullable(Type.Number())), learned: Type.Optional(Nullable(Type.Number())), kalman: Type.Optional(Nullable(Type.Number())),
  }, { description: 'per method: the mean of the four benchmark buckets\' shares (null when one of them has no predictions)' }),
})
export type AccuracyResponse = Static<typeof AccuracyResponse>
