import { AMMAN_ROUTES } from './amman-routes.js'
import { buildNetwork } from './build-network.js'
import { buildSchedule } from './build-schedule.js'
import {
  formatAgency,
  formatCalendar,
  formatCalendarDates,
  formatFeedInfo,
  formatRoutes,
  formatShapes,
  formatStops,
  formatTranslations,
} from './format-network-files.js'
import { formatFrequencies, formatStopTimes, formatTrips } from './format-timetable-files.js'
import { createRandom } from '@masar/model/random/seeded-random'
import { FRIDAY_SERVICE, WEEKDAY_SERVICE } from './service-days.js'

/** The Greater Amman Municipality's fleet: buses in service at the weekday peak. */
export const AMMAN_FLEET_SIZE = 206
export const DEFAULT_DEMO_SEED = 206

/**
 * The Masar demo GTFS feed of Greater Amman: file name → CSV text (UTF-8, LF). Pure and deterministic: the same
 * seed gives byte-identical files; the seed moves street bends, stop positions and names, and layovers.
 */
export function buildAmmanDemoFeed({ seed }: { seed: number }): Record<string, string> {
  const random = createRandom(seed)
  const network = buildNetwork(random, AMMAN_ROUTES)
  const routesAtStop = new Map<string, number>()
  for (const patterns of network.patterns.values()) {
    for (const stopId of new Set(patterns.flatMap((p) => p.stops.map((s) => s.stopId)))) routesAtStop.set(stopId, (routesAtStop.get(stopId) ?? 0) + 1)
  }
  const { trips } = buildSchedule(random, {
    routes: AMMAN_ROUTES,
    patternsByRoute: network.patterns,
    routesAtStop,
    serviceDays: [WEEKDAY_SERVICE, FRIDAY_SERVICE],
    peakBuses: AMMAN_FLEET_SIZE,
  })
  return {
    'agency.txt': formatAgency(),
    'feed_info.txt': formatFeedInfo(seed),
    'routes.txt': formatRoutes(AMMAN_ROUTES),
    'stops.txt': formatStops(network),
    'calendar.txt': formatCalendar(WEEKDAY_SERVICE, FRIDAY_SERVICE),
    'calendar_dates.txt': formatCalendarDates(WEEKDAY_SERVICE, FRIDAY_SERVICE),
    'shapes.txt': formatShapes(network),
    'trips.txt': formatTrips(network, trips),
    'stop_times.txt': formatStopTimes(network, trips),
    'frequencies.txt': formatFrequencies(trips),
    'translations.txt': formatTranslations(network, AMMAN_ROUTES),
  }
}
