import type { RuleInput } from './check-context.js'
import { describeInstant, numberOf, rt, type FeedMessageLike } from './feed-fields.js'

/** W007: consecutive feeds should be at most this far apart. */
const MAX_REFRESH_INTERVAL_S = 35

function entityBytes(message: FeedMessageLike): Buffer {
  return Buffer.from(rt.FeedMessage.encode({ header: { gtfsRealtimeVersion: '' }, entity: message.entity ?? [] }).finish())
}

/** E017 content changed under the same header timestamp, E018 timestamp went back, W007 refresh interval too long. */
export function checkConsecutiveFeedRules({ message, context, log }: RuleInput): void {
  const { previous } = context
  const now = numberOf(message.header, 'timestamp') ?? 0
  const before = numberOf(previous?.header, 'timestamp') ?? 0
  if (!previous || now === 0 || before === 0) return
  if (now === before) {
    if (!entityBytes(message).equals(entityBytes(previous))) {
      log.add('E017', undefined, `the entities changed but header.timestamp stayed ${describeInstant(now)}`)
    }
  } else if (now < before) {
    log.add('E018', undefined, `header.timestamp ${describeInstant(now)} is earlier than the previous feed's ${describeInstant(before)}`)
  } else if (now - before > MAX_REFRESH_INTERVAL_S) {
    log.add('W007', undefined, `${now - before} s between the previous header.timestamp ${describeInstant(before)} and this one ${describeInstant(now)} (limit ${MAX_REFRESH_INTERVAL_S} s)`)
  }
}
