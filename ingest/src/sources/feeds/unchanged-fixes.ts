import type { SourceFix } from '../source-fix.js'

/** A fix's time as a comparable key: epoch ms for numbers and parseable ISO text, the text itself otherwise. */
function timeKeyOf(fix: SourceFix): string {
  const { ts } = fix.payload
  if (typeof ts === 'number') return String(ts)
  const ms = Date.parse(ts)
  return Number.isNaN(ms) ? ts : String(ms)
}

export interface UnchangedSplit {
  /** Fixes whose vehicle reports a time other than the one handed on in the previous poll. */
  changed: SourceFix[]
  unchanged: number
  /** Each vehicle's fix time in this poll, to compare the next poll with once this one is handed on. */
  seen: Map<string, string>
}

/**
 * A polled feed repeats a vehicle's last fix until the vehicle reports again: a fix whose vehicle had the same time in
 * the previous poll (or earlier in this one) was handed on already and is dropped, so it is stored once.
 */
export function splitUnchanged(fixes: readonly SourceFix[], previous: ReadonlyMap<string, string>): UnchangedSplit {
  const changed: SourceFix[] = []
  const seen = new Map<string, string>()
  let unchanged = 0
  for (const fix of fixes) {
    const key = timeKeyOf(fix)
    if (previous.get(fix.device) === key || seen.get(fix.device) === key) unchanged++
    else changed.push(fix)
    seen.set(fix.device, key)
  }
  return { changed, unchanged, seen }
}
