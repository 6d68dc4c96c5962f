import { bbox } from '@turf/bbox'
import type { AllGeoJSON } from '@turf/helpers'

/** The box around everything drawn in a GeoJSON object (turf's bbox), for fitBounds; null when there is nothing. */
export function boundsOf(geojson: AllGeoJSON): [number, number, number, number] | null {
  const [west, south, east, north] = bbox(geojson)
  return Number.isFinite(west) && Number.isFinite(south) && Number.isFinite(east) && Number.isFinite(north) ? [west, south, east, north] : null
}
