import type { MapOptions, StyleSpecification } from 'maplibre-gl'
import { AMMAN_CENTER, AMMAN_ZOOM } from './fleet-layers.js'

/**
 * How the dispatch map is created (FleetMap and its benchmark alike), tuned for thousands of buses on modest
 * hardware: no symbol fade (a fade keeps the map redrawing after every update), at most 2 device pixels per CSS
 * pixel, no multisampling and no preserved drawing buffer (each costs a full-canvas pass per frame on a software
 * renderer; screenshots do not need the latter).
 */
export function fleetMapOptions(container: HTMLElement | string, style: StyleSpecification | string, devicePixelRatio: number): MapOptions {
  return {
    container,
    style,
    center: AMMAN_CENTER,
    zoom: AMMAN_ZOOM,
    attributionControl: false,
    fadeDuration: 0,
    pixelRatio: Math.min(2, devicePixelRatio || 1),
    canvasContextAttributes: { antialias: false, preserveDrawingBuffer: false },
  }
}
