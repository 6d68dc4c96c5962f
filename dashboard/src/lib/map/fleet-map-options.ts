import type { MapOptions, StyleSpecification } from 'maplibre-gl'
import { AMMAN_CENTER, AMMAN_ZOOM } from './fleet-layers.js'

/**
 * How the dispatch map is created (FleetMap and its benchmark alike), tuned for thousands of buses on modest
 * hardware: no symbol fade (a fade keeps the map redrawing after every update), at most 2 device pixels per CSS
 * pixel, no multisampling and no preserved drawing buffer (each costs a full-canvas pass per frame on a software
 * renderer; screenshots do not need the latter).
 */
export function fleetMapOptions(container: HTMLElement | string, style: StyleSpecification | string, devicePixelRatio: number, pageUrl?: string): MapOptions {
  return {
    // The api's basemap names its tiles and glyphs by path (/map/tiles/…): made absolute against the page here, on
    // the main thread, because MapLibre's workers (blob: URLs) have no base to resolve a relative URL against.
    ...(pageUrl === undefined ? {} : { transformRequest: (url: string) => ({ url: absoluteUrl(url, pageUrl) }) }),
    container,
    style,
    center: AMMAN_CENTER,
    zoom: AMMAN_ZOOM,
    // the attribution each source of the style declares (OpenStreetMap's, for a Protomaps build), folded into an ⓘ
    attributionControl: { compact: true },
    fadeDuration: 0,
    pixelRatio: Math.min(2, devicePixelRatio || 1),
    canvasContextAttributes: { antialias: false, preserveDrawingBuffer: false },
  }
}

/** '/map/tiles/1/2/3.pbf' on https://ops.example.org/ → https://ops.example.org/map/tiles/1/2/3.pbf; absolute URLs unchanged. */
export function absoluteUrl(url: string, pageUrl: string): string {
  try {
    return new URL(url, pageUrl).href
  } catch {
    return url
  }
}
