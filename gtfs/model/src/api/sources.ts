import { Type, type Static } from '@sinclair/typebox'
import { IsoDateTime, Nullable, Obj, StringEnum } from './schema.js'

/**
 * GET /api/v1/sources, for dispatchers: the vendor feeds ingest polls (GTFS-Realtime VehiclePositions, SIRI-VM), each
 * from its row of `source_health` with a status derived when asked, and the public URL phones (Traccar Client,
 * OsmAnd) and Traccar's forwarders send to.
 *
 * - `failing`: the last poll failed (consecutive errors ≥ 1, or the last error is newer than the last success)
 * - `silent`: no failure to show, but no success for more than `silentAfterS` either (never one, or the poller stopped)
 * - `ok`: otherwise
 */
export const SOURCE_STATUSES = ['ok', 'failing', 'silent'] as const
export type SourceStatus = (typeof SOURCE_STATUSES)[number]

export const SourceFeedHealth = Obj({
  sourceId: Type.String(),
  kind: Type.String({ description: 'gtfs-rt or siri-vm' }),
  url: Type.String({ description: 'the feed\'s URL, without credentials' }),
  instance: Type.String({ description: 'the ingest instance that polls it' }),
  status: StringEnum(SOURCE_STATUSES),
  lastSuccessAt: Nullable(IsoDateTime()),
  lastErrorAt: Nullable(IsoDateTime()),
  lastError: Nullable(Type.String()),
  polls: Type.Integer({ minimum: 0 }),
  errors: Type.Integer({ minimum: 0 }),
  consecutiveErrors: Type.Integer({ minimum: 0 }),
  errorRate: Nullable(Type.Number({ minimum: 0, maximum: 1 }), 'errors / polls; null before the first poll'),
  fixes: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0 }),
  rejected: Type.Integer({ minimum: 0 }),
  updatedAt: IsoDateTime('when ingest last wrote the row'),
})
export type SourceFeedHealth = Static<typeof SourceFeedHealth>

export const SourcesResponse = Obj({
  at: IsoDateTime(),
  sourcesUrl: Nullable(Type.String(), 'the listener phones and Traccar send to (SOURCES_PUBLIC_URL); null when not configured'),
  silentAfterS: Type.Integer({ description: 'a feed without a success for longer than this is silent' }),
  feeds: Type.Array(SourceFeedHealth, { description: 'failing first, then silent, then ok; by source id within each' }),
})
export type SourcesResponse = Static<typeof SourcesResponse>
