import type { LayerSpecification } from 'maplibre-gl'
import { LABEL_FONT_STACK } from './map-font.js'

/** A rider's bus: a dark dot (WCAG's 3:1 against the basemap's light ground), white text on it. */
export const RIDER_BUS_COLOUR = '#1f2937'
/** A stale bus (no fix for a while): grey, as on the dispatcher's map, its label still readable (4.8:1). */
export const RIDER_STALE_BUS_COLOUR = '#6b7280'

/**
 * How every rider's map draws buses (the home page's nearby buses, the followed bus, a stop's coming buses): a dot
 * labelled with its route, grey when stale. Features carry `stale` (boolean) and the label under `labelProperty`.
 */
export function riderBusLayers(options: { source: string; dotsLayer: string; labelsLayer: string; labelProperty: string }): LayerSpecification[] {
  return [
    {
      id: options.dotsLayer, type: 'circle', source: options.source,
      paint: {
        'circle-radius': 13,
        'circle-color': ['case', ['get', 'stale'], RIDER_STALE_BUS_COLOUR, RIDER_BUS_COLOUR],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: options.labelsLayer, type: 'symbol', source: options.source,
      layout: { 'text-field': ['get', options.labelProperty], 'text-font': [LABEL_FONT_STACK], 'text-size': 10, 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': '#ffffff' },
    },
  ]
}
