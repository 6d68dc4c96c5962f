import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { candidateServiceDates, instantOfGtfsTime } from '@masar/model/gtfs/service-day'

const runsByTemplate = new WeakMap<Schedule, Map<string, ScheduleTrip[]>>()

/** The runs of each frequency-based trip (frequencies.txt), by the template's id: built once per schedule. */
function runsOf(schedule: Schedule, templateTripId: string): ScheduleTrip[] {
  let index = runsByTemplate.get(schedule)
  if (!index) {
    index = new Map()
    for (const trip of schedule.trips.values()) {
      if (trip.templateTripId === undefined) continue
      const runs = index.get(trip.templateTripId) ?? []
      runs.push(trip)
      index.set(trip.templateTripId, runs)
    }
    runsByTemplate.set(schedule, index)
  }
  return index.get(templateTripId) ?? []
}

/**
 * The trip a rider's link names. A timetabled trip by its id. A trip that frequencies.txt drives is named as
 * GTFS-Realtime and the riders' arrivals name it, by its template's id (`BRT1-WD-0021`; its runs are
 * `BRT1-WD-0021@07:47:00`): the run a bus works now when one does (`workedRunIds`, from the predictions), else the
 * run of today's service that has not ended yet, else today's last; a run's own id also works.
 */
export function tripById(schedule: Schedule, id: string, options: { nowMs: number; workedRunIds: ReadonlySet<string> }): ScheduleTrip | undefined {
  const exact = schedule.trips.get(id)
  if (exact) return exact
  const runs = runsOf(schedule, id)
  if (runs.length === 0) return undefined
  const worked = runs.find((run) => options.workedRunIds.has(run.tripId))
  if (worked) return worked
  const serviceDate = candidateServiceDates(options.nowMs, schedule.timeZone).filter((date) => schedule.servicesOn(date).has(runs[0]!.serviceId)).at(-1)
  if (serviceDate === undefined) return runs[0]
  const endMs = (run: ScheduleTrip) => instantOfGtfsTime(serviceDate, run.arrivals.at(-1)!, schedule.timeZone)
  const byStart = [...runs].sort((a, b) => a.departures[0]! - b.departures[0]!)
  return byStart.find((run) => endMs(run) >= options.nowMs) ?? byStart.at(-1)
}
