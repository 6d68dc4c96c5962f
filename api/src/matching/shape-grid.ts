import { distanceAlong, projectOntoSegment } from '@masar/model/geo/polyline'
import type { ShapeLine, ShapePlace } from './shape-line.js'
import { METRES_PER_DEGREE_LAT } from '@masar/model/geo/earth'

/**
 * A coarse grid over every shape's segments, so a fix is projected only onto the few segments near it, never onto
 * the whole network. Each segment is listed in every cell its bounding box touches once widened by `reachM`; a
 * query reads one cell. `placesNear` returns each pass of a shape by the fix (a loop's street passed twice: two).
 */
const CELL_M = 250
const KEY_SPAN = 2 ** 21

export interface ShapePass extends ShapePlace {
  shape: ShapeLine
}

export class ShapeGrid {
  readonly #cells = new Map<number, number[]>()
  readonly #shapes: ShapeLine[]
  readonly #cellDegLat = CELL_M / METRES_PER_DEGREE_LAT
  readonly #cellDegLon: number

  constructor(shapes: readonly ShapeLine[], readonly reachM: number) {
    this.#shapes = [...shapes]
    let latSum = 0
    let points = 0
    for (const shape of shapes) for (const lat of shape.line.lats) [latSum, points] = [latSum + lat, points + 1]
    const referenceLat = points === 0 ? 0 : latSum / points
    this.#cellDegLon = this.#cellDegLat / Math.max(0.01, Math.cos((referenceLat * Math.PI) / 180))
    this.#shapes.forEach((shape, index) => this.#insert(shape, index))
  }

  #key(cellLat: number, cellLon: number): number {
    return (cellLat + KEY_SPAN) * 2 * KEY_SPAN + (cellLon + KEY_SPAN)
  }

  #insert(shape: ShapeLine, index: number): void {
    const { lats, lons } = shape.line
    const padLat = this.reachM / METRES_PER_DEGREE_LAT
    const padLon = padLat * (this.#cellDegLon / this.#cellDegLat)
    for (let segment = 0; segment < lats.length - 1; segment++) {
      const south = Math.floor((Math.min(lats[segment]!, lats[segment + 1]!) - padLat) / this.#cellDegLat)
      const north = Math.floor((Math.max(lats[segment]!, lats[segment + 1]!) + padLat) / this.#cellDegLat)
      const west = Math.floor((Math.min(lons[segment]!, lons[segment + 1]!) - padLon) / this.#cellDegLon)
      const east = Math.floor((Math.max(lons[segment]!, lons[segment + 1]!) + padLon) / this.#cellDegLon)
      for (let y = south; y <= north; y++) {
        for (let x = west; x <= east; x++) {
          const key = this.#key(y, x)
          const cell = this.#cells.get(key)
          if (cell) cell.push(index, segment)
          else this.#cells.set(key, [index, segment])
        }
      }
    }
  }

  /** Every pass of a shape within maxOffsetM (≤ reachM) of the point: the nearest place of each run of segments. */
  placesNear(lat: number, lon: number, maxOffsetM: number): ShapePass[] {
    const cell = this.#cells.get(this.#key(Math.floor(lat / this.#cellDegLat), Math.floor(lon / this.#cellDegLon)))
    if (!cell) return []
    const near: Array<{ index: number; segment: number; offsetM: number; alongM: number }> = []
    for (let i = 0; i < cell.length; i += 2) {
      const shape = this.#shapes[cell[i]!]!
      const projection = projectOntoSegment(shape.line, cell[i + 1]!, lat, lon)
      if (projection.offsetM <= maxOffsetM) near.push({ index: cell[i]!, segment: cell[i + 1]!, offsetM: projection.offsetM, alongM: distanceAlong(shape.line, projection) })
    }
    near.sort((a, b) => a.index - b.index || a.segment - b.segment)
    const passes: ShapePass[] = []
    for (let i = 0; i < near.length; i++) {
      const here = near[i]!
      const previous = near[i - 1]
      const continuesRun = previous !== undefined && previous.index === here.index && previous.segment === here.segment - 1
      const last = passes[passes.length - 1]
      if (continuesRun && last) {
        if (here.offsetM < last.offsetM) Object.assign(last, { alongM: here.alongM, offsetM: here.offsetM, segment: here.segment })
      } else {
        passes.push({ shape: this.#shapes[here.index]!, alongM: here.alongM, offsetM: here.offsetM, segment: here.segment })
      }
    }
    return passes
  }
}
