import { VectorTile } from '@mapbox/vector-tile'
import Protobuf from 'pbf'
import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { describe, expect, it } from 'vitest'
import { basemapFeaturesOf, STOPS_LAYER, STREETS_LAYER } from './basemap-features.js'
import { BasemapTiles, tileContaining, parseTileAddress } from './basemap-tiles.js'

const schedule = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
const features = basemapFeaturesOf(schedule)
const tiles = new BasemapTiles(features)

const tileAt = tileContaining

describe('the basemap of the Amman demo feed', () => {
  it('has a street line for every shape and a point for every stop, terminals marked', () => {
    expect(features.streets.features).toHaveLength(schedule.shapes.size)
    expect(features.stops.features).toHaveLength(schedule.stops.size)
    const terminals = features.stops.features.filter((stop) => stop.properties?.terminal)
    expect(terminals.length).toBeGreaterThan(0)
    expect(terminals.length).toBeLessThan(features.stops.features.length)
  })

  it('cuts a street-zoom tile over a shape into the shape\'s lines and the stops on it', () => {
    const shape = [...schedule.shapes.values()][0]!
    const middle = Math.floor(shape.lats.length / 2)
    const address = tileAt(shape.lons[middle]!, shape.lats[middle]!, 15)
    const bytes = tiles.tile(address)
    expect(bytes).not.toBeNull()
    const tile = new VectorTile(new Protobuf(bytes!))
    const streets = tile.layers[STREETS_LAYER]!
    expect(streets.length).toBeGreaterThan(0)
    const shapeIds = Array.from({ length: streets.length }, (_, i) => streets.feature(i))
      .map((feature) => { expect(feature.type).toBe(2); return feature.properties.shapeId }) // type 2: a line
    expect(shapeIds).toContain(shape.shapeId)
    // the line comes back where it was put: its points, unprojected, lie in this tile
    const line = streets.feature(shapeIds.indexOf(shape.shapeId)).toGeoJSON(address.x, address.y, address.z)
    const [lon, lat] = (line.geometry.type === 'LineString' ? line.geometry.coordinates[0] : (line.geometry as { coordinates: number[][][] }).coordinates[0]![0])!
    expect(Math.abs(lon! - shape.lons[middle]!)).toBeLessThan(0.05)
    expect(Math.abs(lat! - shape.lats[middle]!)).toBeLessThan(0.05)
  })

  it('covers the whole city at zoom 10 in a few tiles', () => {
    const [west, south, east, north] = tiles.bounds!
    const centre = tileAt((west + east) / 2, (south + north) / 2, 10)
    const tile = new VectorTile(new Protobuf(tiles.tile(centre)!))
    expect(tile.layers[STREETS_LAYER]!.length).toBeGreaterThan(10)
    expect(tile.layers[STOPS_LAYER]!.length).toBeGreaterThan(10)
  })

  it('has nothing far away (London), nor past its last zoom', () => {
    expect(tiles.tile(tileAt(-0.1276, 51.5072, 14))).toBeNull()
    const shape = [...schedule.shapes.values()][0]!
    expect(tiles.tile(tileAt(shape.lons[0]!, shape.lats[0]!, 18))).toBeNull()
  })

  it('takes only tile addresses', () => {
    expect(parseTileAddress('14', '9804', '6626')).toEqual({ z: 14, x: 9804, y: 6626 })
    expect(parseTileAddress('0', '0', '0')).toEqual({ z: 0, x: 0, y: 0 })
    expect(parseTileAddress('2', '4', '0')).toMatch(/^x "4" is not a tile column at zoom 2/)
    expect(parseTileAddress('2', '0', '-1')).toMatch(/^y "-1"/)
    expect(parseTileAddress('25', '0', '0')).toMatch(/^z "25"/)
    expect(parseTileAddress('1.5', '0', '0')).toMatch(/^z "1.5"/)
    expect(parseTileAddress('abc', '0', '0')).toMatch(/^z "abc"/)
  })
})
