import { describe, expect, it } from 'vitest'
import { LABEL_FONT_STACK } from '../map/map-font.js'
import { BUS_LAYER, RIDER_LAYERS, RIDER_SOURCES, STOP_LAYER } from './rider-map-layers.js'

describe('the rider map\'s layers', () => {
  it('draw only from the rider\'s own sources, each id once, stops and buses clickable by their ids', () => {
    const ids = RIDER_LAYERS.map((l) => l.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const layer of RIDER_LAYERS) expect(RIDER_SOURCES).toContain((layer as { source: string }).source)
    expect(ids).toContain(STOP_LAYER)
    expect(ids).toContain(BUS_LAYER)
    // buses are drawn over stops, the rider over both
    expect(ids.indexOf(BUS_LAYER)).toBeGreaterThan(ids.indexOf(STOP_LAYER))
    expect(ids.at(-1)).toBe('rider-you-dot')
  })

  it('label in the dashboard\'s own font, whose glyphs are served offline', () => {
    for (const layer of RIDER_LAYERS.filter((l) => l.type === 'symbol')) expect((layer.layout as Record<string, unknown>)['text-font']).toEqual([LABEL_FONT_STACK])
  })
})
