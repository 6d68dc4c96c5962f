import { headwayStateOf } from './headway-state.js'
import { ON_TIME_EARLIEST_S, ON_TIME_LATEST_S } from './on-time.js'

/**
 * How a bus keeps to its service, judged the way its route is run. A timetabled trip: minutes behind its
 * timetable (schedule deviation). A trip run to a headway (GTFS frequencies.txt exact_times 0, the BRT): the gap to
 * the bus ahead on its route against the scheduled headway, since a rider waits for the next bus, not for a
 * nominal time. The api computes it once per vehicle (its view); the fleet table, the map's colours and the KPIs
 * read it through `adherenceClassOf`.
 */
export type VehicleAdherence =
  | { kind: 'schedule'; deviationS: number }
  /** gapS: seconds behind the bus ahead (null: none ahead on the route, it leads). */
  | { kind: 'headway'; gapS: number | null; scheduledHeadwayS: number }

export type AdherenceClass = 'early' | 'on-time' | 'late' | 'very-late' | 'unknown'

/** Schedule: late up to this many seconds, then very late. Headway: a gap this many times the headway is late. */
export const LATE_UP_TO_S = 600
export const HEADWAY_LATE_FACTOR = 1.5

/**
 * The class a bus is shown in. Schedule: early before −1 min, on time to +5 min (on-time.ts), late to +10, then
 * very late. Headway: bunched behind the bus ahead (headway-state.ts) reads as early, a gap over 1.5 headways as
 * late and over 2 (headway-state's gap) as very late, else on time; the leading bus has no gap to judge: unknown.
 */
export function adherenceClassOf(adherence: VehicleAdherence | null): AdherenceClass {
  if (adherence === null) return 'unknown'
  if (adherence.kind === 'schedule') {
    const d = adherence.deviationS
    if (!Number.isFinite(d)) return 'unknown'
    if (d < ON_TIME_EARLIEST_S) return 'early'
    if (d <= ON_TIME_LATEST_S) return 'on-time'
    return d <= LATE_UP_TO_S ? 'late' : 'very-late'
  }
  const state = headwayStateOf(adherence.gapS, adherence.scheduledHeadwayS)
  if (state === 'leading') return 'unknown'
  if (state === 'bunched') return 'early'
  if (state === 'gap') return 'very-late'
  return adherence.gapS! > HEADWAY_LATE_FACTOR * adherence.scheduledHeadwayS ? 'late' : 'on-time'
}

/** Whether a bus counts as keeping to its service in the KPIs: on time, or a regular headway. */
export const keepsToService = (adherence: VehicleAdherence | null): boolean => adherenceClassOf(adherence) === 'on-time'
