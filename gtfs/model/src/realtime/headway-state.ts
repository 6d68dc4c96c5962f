/**
 * Bunching and gaps, the rule the dispatchers' headway chart (api) and the route ladder (dashboard) share. A bus is
 * bunched when it runs closer behind the bus ahead than a quarter of the reference headway, or than a minute
 * whatever the reference; a gap is more than twice the reference. The reference is what the caller knows: the
 * timetable's headway between the two trips, or the usual (median) spacing of the buses on the route now.
 */
export type HeadwayState = 'leading' | 'ok' | 'bunched' | 'gap'

const BUNCHED_SHARE = 0.25
const BUNCHED_FLOOR_S = 60
const GAP_FACTOR = 2

/** Below this many seconds behind the bus ahead, a bus is bunched. */
export function bunchedBelowS(referenceHeadwayS: number | null): number {
  return Math.max(BUNCHED_FLOOR_S, (referenceHeadwayS ?? 0) * BUNCHED_SHARE)
}

export function isBunched(headwayS: number, referenceHeadwayS: number | null): boolean {
  return headwayS < bunchedBelowS(referenceHeadwayS)
}

/** The state of a bus `headwayS` behind the bus ahead (null: none ahead, it leads). */
export function headwayStateOf(headwayS: number | null, referenceHeadwayS: number | null): HeadwayState {
  if (headwayS === null) return 'leading'
  if (isBunched(headwayS, referenceHeadwayS)) return 'bunched'
  return referenceHeadwayS !== null && referenceHeadwayS > 0 && headwayS > GAP_FACTOR * referenceHeadwayS ? 'gap' : 'ok'
}
