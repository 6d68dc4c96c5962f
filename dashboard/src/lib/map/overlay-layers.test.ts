import { describe, expect, it } from 'vitest'
import { BUS_LAYERS, BUS_SOURCE } from './fleet-layers.js'
import { LABEL_FONT_STACK } from './map-font.js'
import {
  OVER_BUS_LAYERS, REPLAY_SOURCE, ROUTE_BUS_LAYER, ROUTE_SOURCE, ROUTE_STOP_LABEL_LAYER, ROUTE_STOP_LAYER, routeBusFilter, STOP_LABELS_FROM_ZOOM,
  TRACK_SOURCE, UNDER_BUS_LAYERS,
} from './overlay-layers.js'

describe('overlay layers', () => {
  const all = [...UNDER_BUS_LAYERS, ...OVER_BUS_LAYERS]

  it('gives every layer an id of its own, none clashing with the bus layers', () => {
    const ids = [...all, ...BUS_LAYERS].map((l) => l.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('draws route, track and replay from their own sources, and rings route buses from the bus source', () => {
    const sourceOf = (id: string) => {
      const layer = all.find((l) => l.id === id)
      return layer && 'source' in layer ? layer.source : undefined
    }
    expect(new Set(all.map((l) => ('source' in l ? l.source : null)))).toEqual(new Set([ROUTE_SOURCE, TRACK_SOURCE, REPLAY_SOURCE, BUS_SOURCE]))
    expect(sourceOf(ROUTE_BUS_LAYER)).toBe(BUS_SOURCE)
    expect(OVER_BUS_LAYERS.every((l) => 'source' in l && l.source === REPLAY_SOURCE)).toBe(true)
  })

  it('names the route\'s stops from street level, in the name the api gave (the page\'s language), in the served font', () => {
    const stops = all.find((l) => l.id === ROUTE_STOP_LAYER)!
    const labels = all.find((l) => l.id === ROUTE_STOP_LABEL_LAYER)
    if (labels?.type !== 'symbol') throw new Error('the stop labels are not a symbol layer')
    expect(labels.source).toBe(ROUTE_SOURCE)
    expect(labels.filter).toEqual('filter' in stops ? stops.filter : undefined)
    expect(labels.minzoom).toBe(STOP_LABELS_FROM_ZOOM)
    expect(labels.layout?.['text-field']).toEqual(['get', 'name'])
    expect(labels.layout?.['text-font']).toEqual([LABEL_FONT_STACK])
    // drawn after the stops' circles, so a name is never hidden under its stop
    expect(all.indexOf(labels)).toBeGreaterThan(all.indexOf(stops))
  })

  it('matches no bus without a route, and the route\'s buses with one', () => {
    expect(routeBusFilter('R1')).toEqual(['==', ['get', 'routeId'], 'R1'])
    expect(routeBusFilter(null)[2]).not.toBe('')
  })
})
