/**
 * npm run bench:feeds — decoding a 10,000-vehicle GTFS-Realtime VehiclePositions feed (synthetic, encoded with
 * gtfs-realtime-bindings: every vehicle with id, label, trip, route, position, speed, bearing, time, occupancy) to
 * Masar's DecodedFixes, beside the bindings' bare FeedMessage.decode of the same bytes as the floor. Figures, not a
 * timed test. The target (< 1 s per poll including storage) leaves storage to the gateway's bench.
 */
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { decodeGtfsRtVehiclePositions } from '../src/sources/feeds/gtfs-rt-vehicle-positions.js'

const rt = GtfsRealtimeBindings.transit_realtime
const VEHICLES = 10_000
const ROUNDS = 20
const nowS = Math.floor(Date.now() / 1000)

const feed = rt.FeedMessage.encode(rt.FeedMessage.create({
  header: { gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp: nowS },
  entity: Array.from({ length: VEHICLES }, (_, i) => ({
    id: `e${i}`,
    vehicle: {
      vehicle: { id: `veh-${i}`, label: String(1000 + i) },
      trip: { tripId: `trip-${i % 2000}`, routeId: `route-${i % 120}`, startDate: '20250101' },
      position: { latitude: 31.9 + (i % 100) / 1000, longitude: 35.9 + (i % 97) / 1000, bearing: i % 360, speed: (i % 25) * 0.7 },
      timestamp: nowS - (i % 30),
      occupancyStatus: i % 7,
    },
  })),
})).finish()

function timeMs(run: () => unknown): number[] {
  const times: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint()
    run()
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return times
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

// Warm both paths up before measuring (JIT), then measure them alternately in the same run.
for (let i = 0; i < 5; i++) {
  rt.FeedMessage.decode(feed)
  decodeGtfsRtVehiclePositions(feed)
}
const bare = timeMs(() => rt.FeedMessage.decode(feed))
const ours = timeMs(() => decodeGtfsRtVehiclePositions(feed))
const decoded = decodeGtfsRtVehiclePositions(feed)
if (decoded.fixes.length !== VEHICLES || decoded.rejections.length !== 0) throw new Error(`decoded ${decoded.fixes.length} fixes, ${decoded.rejections.length} rejections`)

const line = (name: string, times: number[]) =>
  `${name.padEnd(40)} median ${median(times).toFixed(1).padStart(7)} ms  min ${Math.min(...times).toFixed(1).padStart(7)} ms  ${Math.round(VEHICLES / (median(times) / 1000)).toLocaleString('en-US').padStart(12)} fixes/s`
console.log(`GTFS-RT VehiclePositions, ${VEHICLES.toLocaleString('en-US')} vehicles, ${(feed.length / 1024).toFixed(0)} KiB, ${ROUNDS} rounds each`)
console.log(line('FeedMessage.decode (bindings, floor)', bare))
console.log(line('decodeGtfsRtVehiclePositions', ours))
console.log(`decode to DecodedFixes costs ${(median(ours) / median(bare)).toFixed(2)}× the bare decode; target < 1,000 ms per poll including storage`)
