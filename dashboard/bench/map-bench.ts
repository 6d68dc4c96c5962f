import maplibregl from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import { drawBusArrow } from '../src/lib/map/bus-arrow.js'
import { AMMAN_CENTER, BUS_ARROW_IMAGE, BUS_LAYERS, BUS_SOURCE, PLAIN_STYLE } from '../src/lib/map/fleet-layers.js'

/**
 * The dispatch map under load, in the browser: N buses in the dashboard's own source and layers, all moved every
 * `updateMs` (as the live fleet applies its batches), frames counted for `seconds`; or, for comparison, N DOM
 * markers (what the dashboard never does) moved the same way. Results on window.__benchResult.
 */
type Mode = 'geojson' | 'markers'
declare global {
  interface Window {
    __benchResult?: { mode: Mode; vehicles: number; fps: number; updates: number; updateToFrameMsP50: number; updateToFrameMsP95: number }
  }
}

const params = new URLSearchParams(location.search)
const mode = (params.get('mode') ?? 'geojson') as Mode
const vehicles = Number(params.get('vehicles') ?? 10_000)
const seconds = Number(params.get('seconds') ?? 10)
const updateMs = Number(params.get('updateMs') ?? 250)
/** Each bus reports every this many ms on average (a tracker's interval): a batch moves only the buses due. */
const reportEveryMs = Number(params.get('reportEveryMs') ?? 10_000)
const diff = params.get('diff') !== '0'

const adherence = ['early', 'on-time', 'late', 'very-late', 'unknown'] as const
const health = ['fresh', 'fresh', 'fresh', 'stale', 'offline'] as const
const buses = Array.from({ length: vehicles }, (_, i) => ({
  vehicleId: `bus-${i}`, lon: AMMAN_CENTER[0] + (Math.random() - 0.5) * 0.3, lat: AMMAN_CENTER[1] + (Math.random() - 0.5) * 0.2,
  bearing: Math.random() * 360, adherence: adherence[i % 5]!, health: health[i % 5]!,
}))
const collection = () => ({
  type: 'FeatureCollection' as const,
  features: buses.map((b) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [b.lon, b.lat] }, properties: { vehicleId: b.vehicleId, bearing: b.bearing, adherence: b.adherence, health: b.health } })),
})

const map = new maplibregl.Map({ container: 'map', style: PLAIN_STYLE, center: AMMAN_CENTER, zoom: 11, attributionControl: false })
map.on('load', () => {
  const markers: maplibregl.Marker[] = []
  if (mode === 'geojson') {
    map.addImage(BUS_ARROW_IMAGE, drawBusArrow(document, 1), { pixelRatio: 1 })
    map.addSource(BUS_SOURCE, { type: 'geojson', data: collection(), promoteId: 'vehicleId' })
    for (const layer of BUS_LAYERS) map.addLayer(layer)
  } else {
    for (const b of buses) markers.push(new maplibregl.Marker({ color: '#0b5', scale: 0.4 }).setLngLat([b.lon, b.lat]).addTo(map))
  }
  let frames = 0
  let pendingSince: number | null = null
  const latencies: number[] = []
  const frame = () => {
    frames += 1
    if (pendingSince !== null) {
      latencies.push(performance.now() - pendingSince)
      pendingSince = null
    }
    if (performance.now() < endAt) requestAnimationFrame(frame)
  }
  // an update counts as shown at the first frame the map renders after it
  map.on('render', () => {
    if (pendingSince !== null) {
      latencies.push(performance.now() - pendingSince)
      pendingSince = null
    }
  })
  const startAt = performance.now()
  const endAt = startAt + seconds * 1000
  let updates = 0
  const timer = setInterval(() => {
    // the buses whose tracker reported since the last batch
    const due = buses.filter((_, i) => (i + updates * Math.round((buses.length * updateMs) / reportEveryMs)) % buses.length < Math.round((buses.length * updateMs) / reportEveryMs))
    for (const b of due) {
      b.lon += Math.sin((b.bearing * Math.PI) / 180) * 0.0005
      b.lat += Math.cos((b.bearing * Math.PI) / 180) * 0.0005
    }
    pendingSince = performance.now()
    const source = map.getSource(BUS_SOURCE) as maplibregl.GeoJSONSource | undefined
    if (mode === 'geojson' && diff) source!.updateData({ update: due.map((b) => ({ id: b.vehicleId, newGeometry: { type: 'Point', coordinates: [b.lon, b.lat] } })) })
    else if (mode === 'geojson') source!.setData(collection())
    else for (const b of due) markers[buses.indexOf(b)]!.setLngLat([b.lon, b.lat])
    updates += 1
  }, updateMs)
  requestAnimationFrame(frame)
  setTimeout(() => {
    clearInterval(timer)
    const sorted = latencies.sort((a, b) => a - b)
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
    window.__benchResult = { mode, vehicles, fps: frames / ((performance.now() - startAt) / 1000), updates, updateToFrameMsP50: q(0.5), updateToFrameMsP95: q(0.95) }
  }, seconds * 1000 + 50)
})
