import type { BusPose } from './bus-motion.js'
import { ARROWS_FROM_ZOOM } from './fleet-layers.js'

/** What the map shows when a batch arrives: its zoom and its bounds, west, south, east, north. */
export type MapView = {
  zoom: number
  bounds: readonly [number, number, number, number]
  reducedMotion: boolean
}

/**
 * How much motion the map pays for, by what it shows. Which buses glide between pings: none when the dispatcher asked for reduced motion, none
 * zoomed out over the city (dots a few pixels wide, where a jump of a few pixels reads the same and every glide
 * would re-tile the whole fleet each frame), and from street zoom only those in view at either end of the move.
 */
export const GLIDE_FROM_ZOOM = ARROWS_FROM_ZOOM

export function glidePolicy(view: MapView): (from: BusPose, to: BusPose) => boolean {
  if (view.reducedMotion || view.zoom < GLIDE_FROM_ZOOM) return () => false
  const [west, south, east, north] = view.bounds
  const inView = (p: BusPose) => p.lon >= west && p.lon <= east && p.lat >= south && p.lat <= north
  return (from, to) => inView(from) || inView(to)
}

/**
 * How often the map takes the fleet's changes. Each update of the source re-tiles the whole fleet on the map's
 * worker (its cost grows with the fleet, not with the change). Zoomed out over the city a pixel is some 60 m, about
 * what a bus covers between two pings: once a second is enough there. At street zoom every frame, so buses glide,
 * but for a large fleet at most ten times a second.
 */
export const ZOOMED_OUT_UPDATE_MS = 1000
export const LARGE_FLEET = 2000
export const LARGE_FLEET_UPDATE_MS = 100

export function minUpdateIntervalMs(zoom: number, fleetSize: number): number {
  if (zoom < GLIDE_FROM_ZOOM) return ZOOMED_OUT_UPDATE_MS
  return fleetSize > LARGE_FLEET ? LARGE_FLEET_UPDATE_MS : 0
}
