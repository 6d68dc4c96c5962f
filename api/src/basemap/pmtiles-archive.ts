import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { zxyToTileId } from 'pmtiles'

/**
 * Writes a PMTiles version 3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): one file of
 * vector tiles that MapLibre reads with HTTP range requests through the `pmtiles` protocol, so a city's basemap is a
 * single static file served by Masar itself. The `pmtiles` package reads archives (and gives the Hilbert tile ids);
 * it has no writer for Node, and the format's writers (go-pmtiles, tippecanoe, planetiler) are programs, not
 * libraries, so this is the small part of the spec a writer needs: the header, directories (with leaf directories
 * when the root would pass 16 KiB), gzip-compressed metadata and tiles, identical tiles stored once, clustered.
 */
export interface ArchiveTile { z: number; x: number; y: number; data: Uint8Array }

export interface ArchiveMetadata {
  name: string
  attribution: string
  /** The layers each tile may hold (TileJSON's vector_layers), for tools that show them. */
  vectorLayers: { id: string; fields: Record<string, string> }[]
  bounds: [number, number, number, number]
  minZoom: number
  maxZoom: number
}

const HEADER_BYTES = 127
/** The header and the root directory must fit in the first 16 KiB. */
const ROOT_LIMIT_BYTES = 16_384 - HEADER_BYTES
const COMPRESSION_GZIP = 2
const TILE_TYPE_MVT = 1

interface Entry { tileId: number; offset: number; length: number; runLength: number }

export function writePmtiles(tiles: Iterable<ArchiveTile>, metadata: ArchiveMetadata): Uint8Array {
  const sorted = [...tiles].map((tile) => ({ tileId: zxyToTileId(tile.z, tile.x, tile.y), data: gzipSync(tile.data) })).sort((a, b) => a.tileId - b.tileId)
  const entries: Entry[] = []
  const contents: Buffer[] = []
  const offsetOfContent = new Map<string, { offset: number; length: number }>()
  let dataLength = 0
  for (const { tileId, data } of sorted) {
    const hash = createHash('sha256').update(data).digest('hex')
    let stored = offsetOfContent.get(hash)
    if (!stored) {
      stored = { offset: dataLength, length: data.length }
      offsetOfContent.set(hash, stored)
      contents.push(data)
      dataLength += data.length
    }
    const last = entries.at(-1)
    // a run: the next tile id with the same bytes as the entry before it
    if (last && last.offset === stored.offset && last.tileId + last.runLength === tileId) last.runLength += 1
    else entries.push({ tileId, offset: stored.offset, length: stored.length, runLength: 1 })
  }
  const { root, leaves } = directories(entries)
  const meta = gzipSync(JSON.stringify({
    name: metadata.name, attribution: metadata.attribution, format: 'pbf', type: 'baselayer',
    vector_layers: metadata.vectorLayers.map((layer) => ({ id: layer.id, fields: layer.fields, minzoom: metadata.minZoom, maxzoom: metadata.maxZoom })),
  }))
  const rootOffset = HEADER_BYTES
  const metadataOffset = rootOffset + root.length
  const leavesOffset = metadataOffset + meta.length
  const dataOffset = leavesOffset + leaves.length
  const header = Buffer.alloc(HEADER_BYTES)
  header.write('PMTiles', 0, 'ascii')
  header.writeUInt8(3, 7)
  const u64 = (value: number, at: number) => header.writeBigUInt64LE(BigInt(value), at)
  u64(rootOffset, 8); u64(root.length, 16)
  u64(metadataOffset, 24); u64(meta.length, 32)
  u64(leavesOffset, 40); u64(leaves.length, 48)
  u64(dataOffset, 56); u64(dataLength, 64)
  u64(sorted.length, 72); u64(entries.length, 80); u64(contents.length, 88)
  header.writeUInt8(1, 96) // clustered: tile data in tile id order
  header.writeUInt8(COMPRESSION_GZIP, 97)
  header.writeUInt8(COMPRESSION_GZIP, 98)
  header.writeUInt8(TILE_TYPE_MVT, 99)
  header.writeUInt8(metadata.minZoom, 100)
  header.writeUInt8(metadata.maxZoom, 101)
  const [west, south, east, north] = metadata.bounds
  const e7 = (degrees: number) => Math.round(degrees * 1e7)
  header.writeInt32LE(e7(west), 102); header.writeInt32LE(e7(south), 106)
  header.writeInt32LE(e7(east), 110); header.writeInt32LE(e7(north), 114)
  header.writeUInt8(Math.min(metadata.maxZoom, Math.max(metadata.minZoom, 12)), 118)
  header.writeInt32LE(e7((west + east) / 2), 119); header.writeInt32LE(e7((south + north) / 2), 123)
  return Buffer.concat([header, root, meta, leaves, ...contents])
}

/** The root directory, and leaf directories of growing size while the root is too large to sit in the first 16 KiB. */
function directories(entries: Entry[]): { root: Buffer; leaves: Buffer } {
  const root = serializeDirectory(entries)
  if (root.length <= ROOT_LIMIT_BYTES) return { root, leaves: Buffer.alloc(0) }
  for (let perLeaf = 4096; ; perLeaf *= 2) {
    const rootEntries: Entry[] = []
    const leafBuffers: Buffer[] = []
    let offset = 0
    for (let start = 0; start < entries.length; start += perLeaf) {
      const leaf = serializeDirectory(entries.slice(start, start + perLeaf))
      rootEntries.push({ tileId: entries[start]!.tileId, offset, length: leaf.length, runLength: 0 })
      leafBuffers.push(leaf)
      offset += leaf.length
    }
    const leafRoot = serializeDirectory(rootEntries)
    if (leafRoot.length <= ROOT_LIMIT_BYTES) return { root: leafRoot, leaves: Buffer.concat(leafBuffers) }
  }
}

/** Entries as the spec lays them out (counts, then each column: tile id deltas, run lengths, lengths, offsets), gzipped. */
function serializeDirectory(entries: Entry[]): Buffer {
  const bytes: number[] = []
  const varint = (value: number) => {
    let rest = value
    while (rest >= 0x80) {
      bytes.push((rest % 0x80) | 0x80)
      rest = Math.floor(rest / 0x80)
    }
    bytes.push(rest)
  }
  varint(entries.length)
  let lastId = 0
  for (const entry of entries) {
    varint(entry.tileId - lastId)
    lastId = entry.tileId
  }
  for (const entry of entries) varint(entry.runLength)
  for (const entry of entries) varint(entry.length)
  entries.forEach((entry, i) => {
    const previous = entries[i - 1]
    // 0: right after the entry before; otherwise the offset plus one
    varint(previous && entry.offset === previous.offset + previous.length ? 0 : entry.offset + 1)
  })
  return gzipSync(Buffer.from(bytes))
}
