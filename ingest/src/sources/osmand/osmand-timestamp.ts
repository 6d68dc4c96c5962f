import { parseZonedIsoMs, utcMs } from '../fix-time.js'
import { FieldRefusal } from '../source-fields.js'

/** Below this an integer timestamp is epoch seconds, as Traccar's OsmAnd decoder decides (Java's Integer.MAX_VALUE). */
const SECONDS_BELOW = 2_147_483_647
const INTEGER = /^[+-]?\d{1,19}$/
/** `yyyy-MM-dd HH:mm:ss`; a `+` for the space too, in case a query reaches us with it undecoded. */
const ZONELESS = /^(\d{4})-(\d{2})-(\d{2})[ +](\d{2}):(\d{2}):(\d{2})$/

/**
 * The epoch milliseconds of an OsmAnd `timestamp`, read as Traccar's OsmAndProtocolDecoder reads it: an integer is
 * seconds below 2^31 - 1 and milliseconds above; text with a `T` is ISO 8601 with an offset; else
 * `yyyy-MM-dd HH:mm:ss`. Traccar reads that last form in its own server's zone; Masar has no such zone and reads it
 * as UTC (what a Traccar server in a container runs in).
 */
export function parseOsmAndTimestamp(text: string): number | FieldRefusal {
  const trimmed = text.trim()
  if (INTEGER.test(trimmed)) {
    const value = Number(trimmed)
    return value < SECONDS_BELOW ? value * 1000 : value
  }
  if (trimmed.includes('T') || trimmed.includes('t')) {
    return parseZonedIsoMs(trimmed) ?? new FieldRefusal('invalid_timestamp', `timestamp "${text.slice(0, 40)}" is not ISO 8601 with an offset`)
  }
  const match = ZONELESS.exec(trimmed)
  const ms = match
    ? utcMs({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), hour: Number(match[4]), minute: Number(match[5]), second: Number(match[6]), ms: 0 })
    : undefined
  return ms ?? new FieldRefusal('invalid_timestamp', `timestamp "${text.slice(0, 40)}" is neither epoch seconds/milliseconds, ISO 8601 nor yyyy-MM-dd HH:mm:ss`)
}
