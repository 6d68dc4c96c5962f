import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { drawBusArrow } from './bus-arrow.js'
import { BUS_ARROW_IMAGE, BUS_LAYERS, BUS_SOURCE } from './fleet-layers.js'
import { emptyCollection, OVER_BUS_LAYERS, REPLAY_SOURCE, ROUTE_SOURCE, TRACK_SOURCE, UNDER_BUS_LAYERS } from './overlay-layers.js'

/**
 * Adds the dispatch map's sources and layers to a loaded map (FleetMap and its benchmark alike): the bus arrow,
 * the one bus source (empty: a BusSourceUpdater fills it), the route, track and replay sources, and every layer in
 * drawing order. Returns the bus source.
 */
export function addFleetLayers(map: MapLibreMap, doc: Document, pixelRatio: number): GeoJSONSource {
  map.addImage(BUS_ARROW_IMAGE, drawBusArrow(doc, pixelRatio), { pixelRatio })
  map.addSource(BUS_SOURCE, { type: 'geojson', data: emptyCollection(), promoteId: 'vehicleId' })
  for (const source of [ROUTE_SOURCE, TRACK_SOURCE, REPLAY_SOURCE]) map.addSource(source, { type: 'geojson', data: emptyCollection() })
  for (const layer of [...UNDER_BUS_LAYERS, ...BUS_LAYERS, ...OVER_BUS_LAYERS]) map.addLayer(layer)
  return map.getSource(BUS_SOURCE) as GeoJSONSource
}
