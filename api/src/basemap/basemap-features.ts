import type { Feature, FeatureCollection, LineString, Point } from 'geojson'
import type { Schedule } from '@masar/gtfs/schedule/schedule'

/** The basemap's two layers: the streets the buses use (the feed's shapes) and its stops. */
export const STREETS_LAYER = 'streets'
export const STOPS_LAYER = 'stops'

export interface BasemapFeatures {
  streets: FeatureCollection<LineString>
  stops: FeatureCollection<Point>
}

/**
 * The active feed as map features: each shape a line (with how many routes use it, so busy corridors can be drawn
 * wider), each stop a point with its name (and Arabic/English translations) and whether a trip starts or ends there
 * (a terminal). A shape with fewer than two points draws nothing and is left out.
 */
export function basemapFeaturesOf(schedule: Schedule): BasemapFeatures {
  const routesOfShape = new Map<string, Set<string>>()
  const terminals = new Set<string>()
  for (const trip of schedule.trips.values()) {
    if (trip.shapeId !== null) {
      const routes = routesOfShape.get(trip.shapeId) ?? new Set<string>()
      routes.add(trip.routeId)
      routesOfShape.set(trip.shapeId, routes)
    }
    const first = trip.stopIds[0]
    const last = trip.stopIds[trip.stopIds.length - 1]
    if (first !== undefined) terminals.add(first)
    if (last !== undefined) terminals.add(last)
  }
  const streets: Array<Feature<LineString>> = []
  for (const shape of schedule.shapes.values()) {
    if (shape.lats.length < 2) continue
    const coordinates = Array.from(shape.lats, (lat, i) => [shape.lons[i]!, lat])
    streets.push({ type: 'Feature', properties: { shapeId: shape.shapeId, routes: routesOfShape.get(shape.shapeId)?.size ?? 0 }, geometry: { type: 'LineString', coordinates } })
  }
  const stops: Array<Feature<Point>> = []
  for (const stop of schedule.stops.values()) {
    stops.push({
      type: 'Feature',
      properties: { stopId: stop.stopId, name: stop.name, name_ar: stop.translations.ar ?? stop.name, name_en: stop.translations.en ?? stop.name, terminal: terminals.has(stop.stopId) },
      geometry: { type: 'Point', coordinates: [stop.lon, stop.lat] },
    })
  }
  return { streets: { type: 'FeatureCollection', features: streets }, stops: { type: 'FeatureCollection', features: stops } }
}
