import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { Compression, PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles'
import { describe, expect, it } from 'vitest'
import { basemapFeaturesOf } from './basemap-features.js'
import { BasemapTiles } from './basemap-tiles.js'
import { writePmtiles, type ArchiveMetadata } from './pmtiles-archive.js'

/** The archive read back by the `pmtiles` package, MapLibre's reader, from memory. */
class BytesSource implements Source {
  readonly requests: { offset: number; length: number }[] = []
  constructor(private readonly bytes: Uint8Array) {}
  getKey = () => 'memory'
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    this.requests.push({ offset, length })
    const copy = new Uint8Array(Math.max(0, Math.min(length, this.bytes.length - offset)))
    copy.set(this.bytes.subarray(offset, offset + copy.length))
    return { data: copy.buffer }
  }
}

const META: ArchiveMetadata = {
  name: 'test', attribution: 'test data', vectorLayers: [{ id: 'streets', fields: { routes: 'Number' } }],
  bounds: [35.8, 31.9, 36.0, 32.1], minZoom: 0, maxZoom: 16,
}

describe('a PMTiles archive', () => {
  it('is read back by the pmtiles package: header, metadata, every tile, identical tiles stored once', async () => {
    const tiles = [
      { z: 0, x: 0, y: 0, data: new Uint8Array([1, 2, 3]) },
      { z: 14, x: 9826, y: 6656, data: new Uint8Array([9, 9, 9, 9]) },
      { z: 14, x: 9827, y: 6656, data: new Uint8Array([9, 9, 9, 9]) },
      { z: 10, x: 614, y: 416, data: new Uint8Array(Array.from({ length: 500 }, (_, i) => i % 251)) },
    ]
    const archive = new PMTiles(new BytesSource(writePmtiles(tiles, META)))
    const header = await archive.getHeader()
    expect(header).toMatchObject({
      specVersion: 3, clustered: true, internalCompression: Compression.Gzip, tileCompression: Compression.Gzip, tileType: TileType.Mvt,
      minZoom: 0, maxZoom: 16, minLon: 35.8, minLat: 31.9, maxLon: 36, maxLat: 32.1, numAddressedTiles: 4, numTileContents: 3,
    })
    expect(await archive.getMetadata()).toMatchObject({ name: 'test', attribution: 'test data', vector_layers: [{ id: 'streets', fields: { routes: 'Number' } }] })
    for (const tile of tiles) {
      const read = await archive.getZxy(tile.z, tile.x, tile.y)
      expect(new Uint8Array(read!.data), `${tile.z}/${tile.x}/${tile.y}`).toEqual(tile.data)
    }
    expect(await archive.getZxy(14, 9828, 6656)).toBeUndefined()
  })

  it('puts a large directory into leaf directories so the root stays in the first 16 KiB', async () => {
    // 20,000 distinct tiles scattered over zoom 16: far more entries than a root directory can hold
    const seen = new Set<string>()
    const tiles = Array.from({ length: 20_000 }, (_, i) => ({ z: 16, x: (i * 7919) % 65_536, y: (i * 104_729) % 65_536, data: new Uint8Array([i & 255, i >> 8, 7]) }))
      .filter((tile) => !seen.has(`${tile.x}/${tile.y}`) && seen.add(`${tile.x}/${tile.y}`))
    const bytes = writePmtiles(tiles, META)
    const source = new BytesSource(bytes)
    const archive = new PMTiles(source)
    const header = await archive.getHeader()
    expect(header.rootDirectoryOffset + header.rootDirectoryLength).toBeLessThanOrEqual(16_384)
    expect(header.leafDirectoryLength).toBeGreaterThan(0)
    for (const i of [0, 1, 4321, tiles.length - 1]) {
      const tile = tiles[i]!
      expect(new Uint8Array((await archive.getZxy(tile.z, tile.x, tile.y))!.data)).toEqual(tile.data)
    }
    // a reader fetches only ranges, never the whole file
    expect(Math.max(...source.requests.map((request) => request.length))).toBeLessThan(bytes.length / 4)
  })

  it('holds the whole offline basemap of the Amman demo feed', async () => {
    const basemap = new BasemapTiles(basemapFeaturesOf(await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)))
    const tiles = [...basemap.everyTile()]
    expect(tiles.length).toBeGreaterThan(100)
    const archive = new PMTiles(new BytesSource(writePmtiles(tiles, { ...META, bounds: basemap.bounds! })))
    for (const tile of [tiles[0]!, tiles[Math.floor(tiles.length / 2)]!, tiles.at(-1)!]) {
      expect(new Uint8Array((await archive.getZxy(tile.z, tile.x, tile.y))!.data)).toEqual(tile.data)
    }
  }, 60_000)
})
