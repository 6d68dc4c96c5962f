import { haversineM } from '@masar/model/geo/polyline'
import type { ScheduleStop } from './schedule.js'
import { METRES_PER_DEGREE_LAT, metresPerDegreeLon } from '@masar/model/geo/earth'

const CELL_DEG = 0.01 // about 1.1 km of latitude

/** Lower case, Arabic diacritics and tatweel removed, alef and yeh forms folded: how riders type names. */
export function normalizeName(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[\u0622\u0623\u0625]/g, '\u0627')
    .replace(/\u0649/g, '\u064A')
    .replace(/\u0629/g, '\u0647')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
}

/** Stops by place (a grid of ~1 km cells) and by name or code. */
export class StopIndex {
  readonly #cells = new Map<string, ScheduleStop[]>()
  readonly #byCode = new Map<string, ScheduleStop[]>()
  readonly #names: Array<{ stop: ScheduleStop; names: string[] }> = []

  constructor(stops: readonly ScheduleStop[]) {
    for (const stop of stops) {
      const key = this.#cellKey(Math.floor(stop.lat / CELL_DEG), Math.floor(stop.lon / CELL_DEG))
      const cell = this.#cells.get(key) ?? []
      cell.push(stop)
      this.#cells.set(key, cell)
      if (stop.code) this.#byCode.set(stop.code, [...(this.#byCode.get(stop.code) ?? []), stop])
      this.#names.push({ stop, names: [stop.name, ...Object.values(stop.translations)].map(normalizeName) })
    }
  }

  near(lat: number, lon: number, radiusM: number): ScheduleStop[] {
    const latCells = Math.ceil(radiusM / METRES_PER_DEGREE_LAT / CELL_DEG)
    const lonCells = Math.ceil(radiusM / Math.max(METRES_PER_DEGREE_LAT * 0.01, metresPerDegreeLon(lat)) / CELL_DEG)
    const row = Math.floor(lat / CELL_DEG)
    const column = Math.floor(lon / CELL_DEG)
    const found: Array<{ stop: ScheduleStop; d: number }> = []
    for (let r = row - latCells; r <= row + latCells; r++) {
      for (let c = column - lonCells; c <= column + lonCells; c++) {
        for (const stop of this.#cells.get(this.#cellKey(r, c)) ?? []) {
          const d = haversineM(lat, lon, stop.lat, stop.lon)
          if (d <= radiusM) found.push({ stop, d })
        }
      }
    }
    return found.sort((a, b) => a.d - b.d).map((f) => f.stop)
  }

  /**
   * Stops whose code is the query, then those whose name (any language) contains it; when none does, those with
   * a word a typo or two away (one for words up to five letters, two beyond), closest first: "Abdaly" finds Abdali.
   */
  search(query: string, limit: number): ScheduleStop[] {
    const byCode = this.#byCode.get(query.trim()) ?? []
    const needle = normalizeName(query)
    if (needle.length === 0) return byCode.slice(0, limit)
    const byName = this.#names.filter(({ stop, names }) => !byCode.includes(stop) && names.some((n) => n.includes(needle))).map((e) => e.stop)
    if (byCode.length + byName.length > 0 || needle.length < 4) return [...byCode, ...byName].slice(0, limit)
    const allowed = needle.length <= 5 ? 1 : 2
    const scored: Array<{ stop: ScheduleStop; distance: number }> = []
    for (const { stop, names } of this.#names) {
      let best = Number.POSITIVE_INFINITY
      for (const name of names) for (const word of name.split(/[\s\-–,()]+/)) if (word) best = Math.min(best, editDistance(needle, word, allowed))
      if (best <= allowed) scored.push({ stop, distance: best })
    }
    return scored.sort((a, b) => a.distance - b.distance).slice(0, limit).map((s) => s.stop)
  }

  #cellKey(row: number, column: number): string {
    return `${row}:${column}`
  }
}

/** Damerau–Levenshtein distance (adjacent swaps count one), stopping early past `max` (then max + 1). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)])
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Number.POSITIVE_INFINITY
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = d
      rowMin = Math.min(rowMin, d)
    }
    if (rowMin > max) return max + 1
  }
  return rows[a.length]![b.length]!
}
