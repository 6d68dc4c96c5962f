import maplibregl from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import type { VehicleView } from '@masar/model/api/vehicle-view'
import { applyLiveMessages, emptyFleet, toFeatureCollection } from '../src/lib/live/fleet-snapshot.js'
import { addFleetLayers } from '../src/lib/map/add-fleet-layers.js'
import { BusSourceUpdater } from '../src/lib/map/bus-source-updater.js'
import { fleetMapOptions } from '../src/lib/map/fleet-map-options.js'
import { AMMAN_CENTER, BUS_SOURCE, PLAIN_STYLE } from '../src/lib/map/fleet-layers.js'
import { glidePolicy, minUpdateIntervalMs } from '../src/lib/map/motion-policy.js'
import { addLegacyFleetLayers, legacyMapOptions } from './legacy-fleet-map.js'

/**
 * The dispatch map under load, in the browser. N simulated buses report through the live fleet's own code
 * (applyLiveMessages, toFeatureCollection) in batches every `updateMs`; then
 * - `now`: the dashboard's own map options, sources, layers and BusSourceUpdater (diffs, one update per frame,
 *   glides at street zoom), as FleetMap.svelte drives them;
 * - `before`: the map as it was (legacy-fleet-map.ts: setData of the whole fleet on every batch);
 * - `markers`: a DOM marker per bus (what the dashboard never does).
 * Frames counted for `seconds`; results on window.__benchResult.
 */
type Variant = 'now' | 'before' | 'markers'
export type BenchResult = {
  variant: Variant
  vehicles: number
  zoom: number
  fps: number
  mapRendersPerS: number
  updates: number
  updateToFrameMsP50: number
  updateToFrameMsP95: number
  glidingAvg: number
}
declare global {
  interface Window {
    __benchResult?: BenchResult
    /** Set when the counted seconds start (the map loaded, the fleet on it). */
    __benchStarted?: boolean
  }
}

const params = new URLSearchParams(location.search)
const variant = (params.get('variant') ?? 'now') as Variant
const vehicles = Number(params.get('vehicles') ?? 10_000)
const zoom = Number(params.get('zoom') ?? 11)
const seconds = Number(params.get('seconds') ?? 10)
const updateMs = Number(params.get('updateMs') ?? 250)
/** Each bus reports every this many ms on average (a tracker's interval): a batch carries only the buses due. */
const reportEveryMs = Number(params.get('reportEveryMs') ?? 10_000)
const reducedMotion = params.get('reducedMotion') === '1'

const STEP_DEG = 0.0005 // ~50 m between two pings 10 s apart: 18 km/h
const deviations = [-120, 60, 420, 900, Number.NaN]
const fleet = Array.from({ length: vehicles }, (_, i): VehicleView => ({
  vehicleId: `bus-${i}`, agencyId: 'bench', lon: AMMAN_CENTER[0] + (Math.random() - 0.5) * 0.3, lat: AMMAN_CENTER[1] + (Math.random() - 0.5) * 0.2,
  speedMps: 5, bearingDeg: Math.round(Math.random() * 360), fixAt: '', receivedAt: '', ageS: 0, health: i % 10 === 8 ? 'stale' : i % 10 === 9 ? 'offline' : 'fresh',
  declaredTripId: null, declaredRouteId: null, phase: 'in_service', blockId: null, tripId: null, routeId: `r${i % 40}`, directionId: 0, serviceDate: null,
  distanceAlongTripM: null, nextStopId: null, scheduleDeviationS: Number.isNaN(deviations[i % 5]!) ? null : deviations[i % 5]!, snapped: true, offRoute: false,
}))
let snapshot = applyLiveMessages(emptyFleet(), [{ type: 'snapshot', vehicles: fleet }])

/** The buses whose trackers reported since the last batch, moved on along their bearing (turning a little). */
function nextBatch(batch: number): VehicleView[] {
  const perBatch = Math.round((fleet.length * updateMs) / reportEveryMs)
  const moved: VehicleView[] = []
  for (let k = 0; k < perBatch; k++) {
    const i = (batch * perBatch + k) % fleet.length
    const v = fleet[i]!
    const bearingDeg = ((v.bearingDeg ?? 0) + (Math.random() - 0.5) * 40 + 360) % 360
    const next = { ...v, bearingDeg, lon: v.lon + Math.sin((bearingDeg * Math.PI) / 180) * STEP_DEG, lat: v.lat + Math.cos((bearingDeg * Math.PI) / 180) * STEP_DEG }
    fleet[i] = next
    moved.push(next)
  }
  return moved
}

const options = variant === 'before' ? legacyMapOptions('map') : fleetMapOptions('map', PLAIN_STYLE, window.devicePixelRatio)
const map = new maplibregl.Map({ ...options, zoom })
map.on('load', () => {
  const markers = new Map<string, maplibregl.Marker>()
  let updater: BusSourceUpdater | null = null
  let mayGlide = glidePolicy({ zoom, bounds: [0, 0, 0, 0], reducedMotion: false })
  if (variant === 'now') {
    updater = new BusSourceUpdater({
      source: addFleetLayers(map, document, window.devicePixelRatio || 1),
      requestFrame: (callback) => requestAnimationFrame(callback),
      cancelFrame: (handle) => cancelAnimationFrame(handle),
      now: () => performance.now(),
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      minUpdateIntervalMs: () => minUpdateIntervalMs(map.getZoom(), updater?.size ?? 0),
      mayGlide: (from, to) => mayGlide(from, to),
    })
    updater.show(toFeatureCollection(snapshot))
  } else if (variant === 'before') {
    addLegacyFleetLayers(map, document)
    ;(map.getSource(BUS_SOURCE) as maplibregl.GeoJSONSource).setData(toFeatureCollection(snapshot))
  } else {
    for (const v of fleet) markers.set(v.vehicleId, new maplibregl.Marker({ color: '#11823b', scale: 0.4 }).setLngLat([v.lon, v.lat]).addTo(map))
  }

  // An update counts as shown at the first map frame drawn after a tile of the bus source was rebuilt with it
  // (for DOM markers: the next animation frame).
  let pendingSince: number | null = null
  let tileRebuilt = false
  const latencies: number[] = []
  map.on('sourcedata', (event) => {
    if (pendingSince !== null && event.sourceId === BUS_SOURCE && event.tile) tileRebuilt = true
  })
  let renders = 0
  map.on('render', () => {
    renders += 1
    if (pendingSince !== null && tileRebuilt) {
      latencies.push(performance.now() - pendingSince)
      pendingSince = null
    }
  })
  let frames = 0
  let glidingSum = 0
  const startAt = performance.now()
  const endAt = startAt + seconds * 1000
  const frame = () => {
    frames += 1
    glidingSum += updater?.gliding ?? 0
    if (variant === 'markers' && pendingSince !== null) {
      latencies.push(performance.now() - pendingSince)
      pendingSince = null
    }
    if (performance.now() < endAt) requestAnimationFrame(frame)
  }
  let updates = 0
  const timer = setInterval(() => {
    const moved = nextBatch(updates)
    snapshot = applyLiveMessages(snapshot, moved.map((vehicle) => ({ type: 'vehicle' as const, vehicle })))
    pendingSince ??= performance.now()
    tileRebuilt = false
    if (variant === 'now') {
      const b = map.getBounds()
      mayGlide = glidePolicy({ zoom: map.getZoom(), bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], reducedMotion })
      updater!.show(toFeatureCollection(snapshot))
    } else if (variant === 'before') {
      ;(map.getSource(BUS_SOURCE) as maplibregl.GeoJSONSource).setData(toFeatureCollection(snapshot))
    } else {
      for (const v of moved) markers.get(v.vehicleId)!.setLngLat([v.lon, v.lat])
    }
    updates += 1
  }, updateMs)
  requestAnimationFrame(frame)
  window.__benchStarted = true
  setTimeout(() => {
    clearInterval(timer)
    updater?.stop()
    const elapsedS = (performance.now() - startAt) / 1000
    const sorted = latencies.sort((a, b) => a - b)
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
    const result = {
      variant, vehicles, zoom, fps: frames / elapsedS, mapRendersPerS: renders / elapsedS, updates,
      updateToFrameMsP50: q(0.5), updateToFrameMsP95: q(0.95), glidingAvg: frames ? glidingSum / frames : 0,
    }
    // reported once the map has caught up with every batch, so the CPU measured around the run is its whole cost
    const report = () => (window.__benchResult ??= result)
    if (map.loaded()) report()
    else map.once('idle', report)
    setTimeout(report, 60_000)
  }, seconds * 1000 + 50)
})
