import { describe, expect, it } from 'vitest'
import { ADHERENCES } from '../live/fleet-snapshot.js'
import { ADHERENCE_COLOURS, BUS_CIRCLE_LAYER, BUS_DENSITY_LAYER, BUS_LAYERS, BUS_SOURCE, DENSITY_UNTIL_ZOOM, PLAIN_STYLE, STALE_COLOUR } from './fleet-layers.js'

describe('fleet map style', () => {
  it('fetches nothing from the internet: no tile source or sprite, and glyphs from the dashboard\'s own origin', () => {
    expect(PLAIN_STYLE.sources).toEqual({})
    expect(PLAIN_STYLE.sprite).toBeUndefined()
    expect(PLAIN_STYLE.glyphs).toMatch(/^\/[^/].*\{fontstack\}\/\{range\}\.pbf$/)
    expect(PLAIN_STYLE.layers.map((l) => l.type)).toEqual(['background'])
  })

  it('draws every bus layer from the one GeoJSON source', () => {
    expect(new Set(BUS_LAYERS.map((l) => ('source' in l ? l.source : null)))).toEqual(new Set([BUS_SOURCE]))
  })

  it('shows a density zoomed out beyond the city, beneath the dots that take over as the map comes in', () => {
    const density = BUS_LAYERS.find((l) => l.id === BUS_DENSITY_LAYER)!
    const dots = BUS_LAYERS.find((l) => l.id === BUS_CIRCLE_LAYER)!
    expect(density.type).toBe('heatmap')
    expect(BUS_LAYERS.indexOf(density)).toBeLessThan(BUS_LAYERS.indexOf(dots))
    expect(density.maxzoom).toBeGreaterThan(dots.minzoom!) // they overlap: no zoom shows neither
    expect(dots.minzoom).toBeLessThan(DENSITY_UNTIL_ZOOM)
    expect(density.maxzoom).toBeLessThan(11) // the whole city at zoom 11 still shows every bus as a dot
  })

  it('gives each adherence class its own colour, none of them the stale grey', () => {
    const colours = ADHERENCES.map((a) => ADHERENCE_COLOURS[a])
    expect(new Set(colours).size).toBe(ADHERENCES.length)
    expect(colours).not.toContain(STALE_COLOUR)
  })
})
