import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { FleetAdherenceNow } from '@masar/model/api/fleet'
import { keepsToService } from '@masar/model/realtime/vehicle-adherence'
import type { FleetState } from '../fleet/fleet-state.js'
import { vehicleAdherenceOf } from '../fleet/vehicle-adherence.js'

/**
 * The fleet's adherence now, for the KPIs: of the fresh buses on a trip, the share on time among those on
 * timetabled trips (schedule deviation −1/+5 min), and the share with a regular headway among those on trips run to
 * a headway (the BRT; a leading bus has no gap to judge and is left out). Each bus judged as its view is.
 */
export function fleetAdherenceNow(fleet: FleetState, schedule: Schedule | null, nowMs: number): FleetAdherenceNow {
  const schedule_ = { buses: 0, kept: 0 }
  const headway = { buses: 0, kept: 0 }
  for (const vehicle of fleet.all()) {
    if (vehicle.match?.status !== 'in-service' || fleet.healthOf(vehicle, nowMs) !== 'fresh') continue
    const adherence = vehicleAdherenceOf(fleet, vehicle, nowMs, schedule)
    if (!adherence || (adherence.kind === 'headway' && adherence.gapS === null)) continue
    const tally = adherence.kind === 'schedule' ? schedule_ : headway
    tally.buses += 1
    if (keepsToService(adherence)) tally.kept += 1
  }
  const share = (t: { buses: number; kept: number }) => (t.buses ? Math.round((t.kept / t.buses) * 1000) / 1000 : null)
  return { schedule: { buses: schedule_.buses, onTimeShare: share(schedule_) }, headway: { buses: headway.buses, regularShare: share(headway) } }
}
