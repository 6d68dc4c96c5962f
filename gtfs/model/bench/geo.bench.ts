/**
 * npm run bench --workspace @masar/model — the hand-written geometry kept on hot paths against turf, side by side in
 * one run (alternating rounds, the median of each), on a 400-point line (16 km, a long bus route) and 1,000 fixes
 * beside it; cheap-ruler (flat-earth on the WGS84 ellipsoid: another radius, so it is measured, not used) as well:
 *   (1) a fix's nearest place on a whole shape: projectPoint (flat-earth metres around the fix) vs turf's
 *       nearestPointOnLine (the loader places stops with it; the matcher projects each fix onto the few segments
 *       near it, the same code per segment)
 *   (2) a distance: haversineM vs turf's distance (ingest's and the matcher's per-fix checks, trip followers)
 * Settings: BENCH_ROUNDS (5), BENCH_MS (400, per round and side).
 */
import { distance } from '@turf/distance'
import CheapRuler from 'cheap-ruler'
import { lineString } from '@turf/helpers'
import { nearestPointOnLine } from '@turf/nearest-point-on-line'
import { haversineM, projectPoint } from '../src/geo/polyline.js'
import { windingLine } from '../src/geo/winding-line.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const ROUND_MS = Number(process.env.BENCH_MS ?? 400)
const { line, fixes } = windingLine(400, 1000)
const turfLine = lineString(Array.from(line.lats, (lat, i) => [line.lons[i]!, lat]))
const turfFixes = fixes.map((f) => [f.lon, f.lat])
const ruler = new CheapRuler(31.95, 'meters')
const rulerLine = Array.from(line.lats, (lat, i): [number, number] => [line.lons[i]!, lat])
const rulerFixes = fixes.map((f): [number, number] => [f.lon, f.lat])
let sink = 0

/** Operations per second of `op` over the fixes, run for about ROUND_MS. */
function opsPerSecond(op: (i: number) => number): number {
  let count = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ROUND_MS) {
    for (let i = 0; i < fixes.length; i++) sink += op(i)
    count += fixes.length
    elapsed = performance.now() - start
  }
  return (count / elapsed) * 1000
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

function compare(name: string, hand: (i: number) => number, turf: (i: number) => number, cheap: (i: number) => number): void {
  const rounds: [number[], number[], number[]] = [[], [], []]
  for (let round = 0; round < ROUNDS; round++) [hand, turf, cheap].forEach((op, side) => rounds[side]!.push(opsPerSecond(op)))
  const [h, t, c] = rounds.map(median) as [number, number, number]
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(11)
  console.log(`${name.padEnd(34)} hand-written ${fmt(h)} ops/s   turf ${fmt(t)} ops/s (hand ${(h / t).toFixed(1)}×)   cheap-ruler ${fmt(c)} ops/s`)
}

compare(
  'nearest place on a 400-point line',
  (i) => projectPoint(line, fixes[i]!.lat, fixes[i]!.lon).offsetM,
  (i) => nearestPointOnLine(turfLine, turfFixes[i]!, { units: 'meters' }).properties.dist,
  (i) => ruler.distance(rulerFixes[i]!, ruler.pointOnLine(rulerLine, rulerFixes[i]!).point),
)
compare(
  'distance between two points',
  (i) => haversineM(31.95, 35.91, fixes[i]!.lat, fixes[i]!.lon),
  (i) => distance([35.91, 31.95], turfFixes[i]!, { units: 'meters' }),
  (i) => ruler.distance([35.91, 31.95], rulerFixes[i]!),
)
if (sink === 42) console.log('')
