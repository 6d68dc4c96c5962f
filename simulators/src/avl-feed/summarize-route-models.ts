import type { RouteModels } from './build-route-models.js'

const clock = (seconds: number) => `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}`

/** A few lines a person reads after a build: what was learned from how much, and what was left out. */
export function summarizeRouteModels(models: RouteModels, records: number): string {
  const { dropped, staleRepeats } = models.cleaning
  const lines = [
    `${records} records over ${models.serviceDates.length} service days (${models.serviceDates[0]} … ${models.serviceDates.at(-1)}); dropped ${dropped.farFromFleet} far from the fleet, ${dropped.impossibleSpeed} impossible jumps; ${staleRepeats} stale repeats kept for timing only`,
  ]
  for (const route of models.routes) {
    for (const d of route.directions) {
      const headways = d.bands.map((b) => `${clock(b.startS)}–${clock(b.endS)} ${Math.round(b.headwayS / 6) / 10} min`).join(', ')
      lines.push(`route ${route.routeId} direction ${d.direction}: ${d.stations.length} stations ${d.stations[0]!.stopId} → ${d.stations.at(-1)!.stopId}, ${d.trips} trips (${d.completeTrips} end to end), ${Math.round(d.times.arrivalS.at(-1)! / 60)} min end to end, shape ${d.shape.length} points; headways ${headways}`)
    }
  }
  for (const reason of models.skipped) lines.push(`left out: ${reason}`)
  return lines.join('\n')
}
