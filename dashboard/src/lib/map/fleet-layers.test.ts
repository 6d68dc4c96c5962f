import { describe, expect, it } from 'vitest'
import { ADHERENCES } from '../live/fleet-snapshot.js'
import { ADHERENCE_COLOURS, BUS_LAYERS, BUS_SOURCE, PLAIN_STYLE, STALE_COLOUR } from './fleet-layers.js'

describe('fleet map style', () => {
  it('fetches nothing: no tile source, sprite or glyphs in the plain style', () => {
    expect(PLAIN_STYLE.sources).toEqual({})
    expect(PLAIN_STYLE.sprite).toBeUndefined()
    expect(PLAIN_STYLE.glyphs).toBeUndefined()
    expect(PLAIN_STYLE.layers.map((l) => l.type)).toEqual(['background'])
  })

  it('draws every bus layer from the one GeoJSON source', () => {
    expect(new Set(BUS_LAYERS.map((l) => ('source' in l ? l.source : null)))).toEqual(new Set([BUS_SOURCE]))
  })

  it('gives each adherence class its own colour, none of them the stale grey', () => {
    const colours = ADHERENCES.map((a) => ADHERENCE_COLOURS[a])
    expect(new Set(colours).size).toBe(ADHERENCES.length)
    expect(colours).not.toContain(STALE_COLOUR)
  })
})
