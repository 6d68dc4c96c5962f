import type { GeoJSONSourceDiff } from 'maplibre-gl'
import type { BusFeature, BusFeatureCollection } from '../live/fleet-snapshot.js'
import { isGlideDone, poseAt, shouldGlide, startGlide, type BusPose, type Glide } from './bus-motion.js'

/** The part of MapLibre's GeoJSONSource the updater uses (a fake in tests). */
export interface BusSource {
  setData(data: BusFeatureCollection): unknown
  updateData(diff: GeoJSONSourceDiff): unknown
}

export interface BusSourceUpdaterDeps {
  source: BusSource
  requestFrame: (callback: (nowMs: number) => void) => number
  cancelFrame: (handle: number) => void
  /** The clock of the frames' timestamps (performance.now) and a timer on it. */
  now: () => number
  setTimer: (callback: () => void, ms: number) => unknown
  clearTimer: (timer: unknown) => void
  /**
   * At least this long between two updates of the source (0: every frame). Zoomed out, a bus moves less than a
   * pixel between pings while every update re-tiles the whole fleet: the map asks for fewer updates there.
   */
  minUpdateIntervalMs: () => number
  /** Whether this bus may glide from `from` to `to` now (zoom, view, reduced motion: the map decides). */
  mayGlide: (from: BusPose, to: BusPose) => boolean
  /** At most this many buses glide at once; the others jump. */
  maxGlides?: number
  glideMs?: number
}

export const MAX_GLIDES = 1000

/**
 * Keeps the map's one bus source in step with the live fleet, cheaply: the first fleet with setData, then only
 * the buses that changed (a GeoJSON diff, `updateData`), at most once per animation frame however many batches
 * arrive (and no more often than `minUpdateIntervalMs`); and while some buses glide between pings, their
 * in-between positions each frame until they arrive.
 */
export class BusSourceUpdater {
  readonly #deps: BusSourceUpdaterDeps
  /** The latest reported state of each bus. */
  readonly #reported = new Map<string, BusFeature>()
  /** What the map shows of each bus (mid-glide, a position between two pings). */
  readonly #shown = new Map<string, BusFeature>()
  readonly #glides = new Map<string, Glide>()
  readonly #changed = new Set<string>()
  readonly #removed = new Set<string>()
  #sentOnce = false
  #frame: number | null = null
  #timer: unknown = null
  #lastFrameMs = 0
  #lastUpdateMs = Number.NEGATIVE_INFINITY

  constructor(deps: BusSourceUpdaterDeps) {
    this.#deps = deps
  }

  /** How many buses the map shows. */
  get size(): number {
    return this.#reported.size
  }

  /** How many buses are gliding now. */
  get gliding(): number {
    return this.#glides.size
  }

  /** The fleet as last reported; the map catches up on the next animation frame. */
  show(buses: BusFeatureCollection): void {
    const present = new Set<string>()
    for (const bus of buses.features) {
      present.add(bus.id)
      const before = this.#reported.get(bus.id)
      if (before && sameBus(before, bus)) continue
      this.#reported.set(bus.id, bus)
      this.#changed.add(bus.id)
      this.#planGlide(bus)
    }
    for (const id of this.#reported.keys()) {
      if (present.has(id)) continue
      this.#reported.delete(id)
      this.#shown.delete(id)
      this.#glides.delete(id)
      this.#changed.delete(id)
      this.#removed.add(id)
    }
    this.#schedule()
  }

  stop(): void {
    if (this.#frame !== null) this.#deps.cancelFrame(this.#frame)
    if (this.#timer !== null) this.#deps.clearTimer(this.#timer)
    this.#frame = null
    this.#timer = null
  }

  #planGlide(bus: BusFeature): void {
    const shown = this.#shown.get(bus.id)
    const glide = this.#glides.get(bus.id)
    const from = glide ? shownPose(glide, this.#lastFrameMs) : shown ? poseOf(shown) : null
    const to = poseOf(bus)
    const room = this.#glides.size < (this.#deps.maxGlides ?? MAX_GLIDES) || glide !== undefined
    if (from && room && shouldGlide(from, to) && this.#deps.mayGlide(from, to)) this.#glides.set(bus.id, startGlide(from, to, Number.NaN, this.#deps.glideMs))
    else this.#glides.delete(bus.id)
  }

  #schedule(): void {
    if (this.#frame !== null || this.#timer !== null) return
    const waitMs = this.#lastUpdateMs + this.#deps.minUpdateIntervalMs() - this.#deps.now()
    if (waitMs > 0) {
      this.#timer = this.#deps.setTimer(() => {
        this.#timer = null
        this.#schedule()
      }, waitMs)
      return
    }
    this.#frame = this.#deps.requestFrame((nowMs) => this.#draw(nowMs))
  }

  #draw(nowMs: number): void {
    this.#frame = null
    this.#lastFrameMs = nowMs
    this.#lastUpdateMs = nowMs
    if (!this.#sentOnce) {
      this.#sentOnce = true
      this.#glides.clear()
      for (const [id, bus] of this.#reported) this.#shown.set(id, bus)
      this.#deps.source.setData({ type: 'FeatureCollection', features: [...this.#reported.values()] })
      this.#changed.clear()
      this.#removed.clear()
      return
    }
    const add: BusFeature[] = []
    for (const id of this.#changed) {
      if (this.#glides.has(id)) continue
      const bus = this.#reported.get(id)!
      this.#shown.set(id, bus)
      add.push(bus)
    }
    for (const [id, glide] of this.#glides) {
      // a glide starts at the first frame after its ping, so a slow frame does not eat into it
      if (Number.isNaN(glide.startMs)) glide.startMs = nowMs
      const bus = this.#reported.get(id)!
      const shown = isGlideDone(glide, nowMs) ? bus : withPose(bus, poseAt(glide, nowMs))
      if (shown === bus) this.#glides.delete(id)
      this.#shown.set(id, shown)
      add.push(shown)
    }
    const remove = [...this.#removed]
    this.#changed.clear()
    this.#removed.clear()
    if (add.length || remove.length) this.#deps.source.updateData({ add, remove })
    if (this.#glides.size) this.#schedule()
  }
}

/** Where the map shows a gliding bus: a glide not started yet (its ping came after the last frame) is at its start. */
function shownPose(glide: Glide, lastFrameMs: number): BusPose {
  return Number.isNaN(glide.startMs) ? glide.from : poseAt(glide, lastFrameMs)
}

function poseOf(bus: BusFeature): BusPose {
  const [lon, lat] = bus.geometry.coordinates
  return { lon, lat, bearingDeg: bus.properties.bearing }
}

function withPose(bus: BusFeature, pose: BusPose): BusFeature {
  return {
    ...bus,
    geometry: { type: 'Point', coordinates: [pose.lon, pose.lat] },
    properties: { ...bus.properties, bearing: pose.bearingDeg < 0 ? pose.bearingDeg : Math.round(pose.bearingDeg) },
  }
}

function sameBus(a: BusFeature, b: BusFeature): boolean {
  if (a === b) return true
  const [aLon, aLat] = a.geometry.coordinates
  const [bLon, bLat] = b.geometry.coordinates
  if (aLon !== bLon || aLat !== bLat) return false
  const p: Record<string, unknown> = a.properties
  const q: Record<string, unknown> = b.properties
  for (const key in q) if (p[key] !== q[key]) return false
  return Object.keys(p).length === Object.keys(q).length
}
