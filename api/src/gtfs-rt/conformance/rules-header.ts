import type { RuleInput } from './check-context.js'
import { isSet, rt, fieldOf, type FeedMessageLike } from './feed-fields.js'

/** The versions RULES.md E038 accepts. */
const VALID_VERSIONS = new Set(['1.0', '2.0'])

/** GTFS-rt v2.0 and later require header timestamp (E048) and incrementality (E049). */
export function isV2OrLater(message: FeedMessageLike): boolean {
  const version = Number.parseFloat(fieldOf(message.header, 'gtfsRealtimeVersion') ?? '')
  return Number.isFinite(version) && version >= 2
}

/** E038 header version, E039 is_deleted in a FULL_DATASET, E049 incrementality missing in v2.0. */
export function checkHeaderRules({ message, log }: RuleInput): void {
  const version = fieldOf(message.header, 'gtfsRealtimeVersion')
  if (version === undefined || !VALID_VERSIONS.has(version)) {
    log.add('E038', undefined, version === undefined
      ? 'header.gtfs_realtime_version is missing; it is required and must be "1.0" or "2.0"'
      : `header.gtfs_realtime_version is "${version}"; it must be "1.0" or "2.0"`)
  }
  if (isV2OrLater(message) && !isSet(message.header, 'incrementality')) {
    log.add('E049', undefined, `header.incrementality is missing; gtfs_realtime_version ${version} requires it (FULL_DATASET or DIFFERENTIAL)`)
  }
  const incrementality = fieldOf(message.header, 'incrementality') ?? rt.FeedHeader.Incrementality.FULL_DATASET
  if (incrementality !== rt.FeedHeader.Incrementality.FULL_DATASET) return
  for (const entity of message.entity ?? []) {
    if (isSet(entity, 'isDeleted')) {
      log.add('E039', entity.id ?? undefined, `entity "${entity.id}" sets is_deleted=${entity.isDeleted} in a FULL_DATASET feed; is_deleted belongs only in DIFFERENTIAL feeds`)
    }
  }
}
