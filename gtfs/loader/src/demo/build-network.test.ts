import { describe, expect, it } from 'vitest'
import { AMMAN_PLACES } from './amman-places.js'
import { AMMAN_ROUTES } from './amman-routes.js'
import { buildNetwork } from './build-network.js'
import { createRandom } from '@masar/model/random/seeded-random'

describe('buildNetwork', () => {
  const network = buildNetwork(createRandom(206), AMMAN_ROUTES)
  const stopById = new Map(network.stops.map((s) => [s.stopId, s]))
  const patterns = (routeId: string) => network.patterns.get(routeId)!

  it.each([1, 2, 3, 206, 9999])('makes 550–650 stops whatever the seed (%i)', (seed) => {
    const count = buildNetwork(createRandom(seed), AMMAN_ROUTES).stops.length
    expect(count).toBeGreaterThanOrEqual(550)
    expect(count).toBeLessThanOrEqual(650)
  })

  it('makes one stop per place, shared by every route and direction through it', () => {
    const abdali = network.stops.filter((s) => s.nameAr === AMMAN_PLACES.abdali.nameAr)
    expect(abdali).toHaveLength(1)
    const through = AMMAN_ROUTES.filter((r) => r.places.includes('abdali'))
    for (const r of through) {
      for (const pattern of patterns(r.routeId)) expect(pattern.stops.map((s) => s.stopId)).toContain(abdali[0]!.stopId)
    }
  })

  it('shares street stops between routes going the same way, and pairs them across the street', () => {
    const [brt1Out, brt1Back] = patterns('BRT1')
    const [brt2Out] = patterns('BRT2')
    // Both BRT lines run Sweileh → University of Jordan → Sports City → Interior Ministry Circle, then part.
    const untilInterior = (stops: { stopId: string }[]) => {
      const end = stops.findIndex((s) => stopById.get(s.stopId)!.nameEn === 'Interior Ministry Circle')
      return stops.slice(0, end + 1).map((s) => s.stopId)
    }
    expect(untilInterior(brt1Out.stops).length).toBeGreaterThan(10)
    expect(untilInterior(brt2Out.stops)).toEqual(untilInterior(brt1Out.stops))
    // The way back stops across the street: other stops, the same names.
    const outIds = brt1Out.stops.map((s) => s.stopId)
    const backIds = brt1Back.stops.map((s) => s.stopId).reverse()
    expect(backIds[1]).not.toBe(outIds[1])
    expect(backIds.map((id) => stopById.get(id)!.nameAr)).toEqual(outIds.map((id) => stopById.get(id)!.nameAr))
  })

  it('measures stops along the shape from 0 to its length', () => {
    for (const pattern of [...network.patterns.values()].flat()) {
      expect(pattern.stops[0]!.distMetres).toBe(0)
      expect(pattern.stops[pattern.stops.length - 1]!.distMetres).toBeCloseTo(pattern.lengthMetres, 6)
      expect(pattern.points[pattern.points.length - 1]!.distMetres).toBeCloseTo(pattern.lengthMetres, 6)
    }
  })
})
