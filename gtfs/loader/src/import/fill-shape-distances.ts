import type pg from 'pg'
import { projectStopsAlong } from '@masar/model/geo/polyline'
import { EARTH_RADIUS_M } from '@masar/model/geo/earth'

/**
 * Computes the shape_dist_traveled a feed leaves out, inside the import transaction:
 * - a shape with no distances, used by no trip that gives distances, gets cumulative metres (great-circle);
 * - a trip with no distances on a shape that has them gets each stop projected onto the shape in order
 *   (a loop's second visit to a stop on the second pass), in the shape's own units.
 * Trips that give some distances keep them as they are; so do shapes whose trips give distances in a unit
 * Masar cannot know.
 */
export interface ComputedDistances {
  shapes: number
  trips: number
}

const FILL_SHAPES = `
WITH unmeasured AS (
  SELECT shape_id FROM gtfs_shapes WHERE feed_id = $1
  GROUP BY shape_id HAVING bool_and(shape_dist_traveled IS NULL)
  EXCEPT
  SELECT DISTINCT t.shape_id FROM gtfs_trips t JOIN gtfs_stop_times st USING (feed_id, trip_id)
  WHERE t.feed_id = $1 AND st.shape_dist_traveled IS NOT NULL
), legs AS (
  SELECT sh.shape_id, sh.shape_pt_sequence,
         coalesce(2 * ${EARTH_RADIUS_M} * asin(sqrt(
           power(sin(radians(sh.shape_pt_lat - lag(sh.shape_pt_lat) OVER w) / 2), 2) +
           cos(radians(lag(sh.shape_pt_lat) OVER w)) * cos(radians(sh.shape_pt_lat)) *
           power(sin(radians(sh.shape_pt_lon - lag(sh.shape_pt_lon) OVER w) / 2), 2)
         )), 0) AS leg_m
  FROM gtfs_shapes sh JOIN unmeasured u USING (shape_id)
  WHERE sh.feed_id = $1
  WINDOW w AS (PARTITION BY sh.shape_id ORDER BY sh.shape_pt_sequence)
), cumulative AS (
  SELECT shape_id, shape_pt_sequence,
         round((sum(leg_m) OVER (PARTITION BY shape_id ORDER BY shape_pt_sequence))::numeric, 1) AS distance
  FROM legs
), updated AS (
  UPDATE gtfs_shapes sh SET shape_dist_traveled = c.distance FROM cumulative c
  WHERE sh.feed_id = $1 AND sh.shape_id = c.shape_id AND sh.shape_pt_sequence = c.shape_pt_sequence
  RETURNING sh.shape_id
)
SELECT count(DISTINCT shape_id)::int AS shapes FROM updated`

/** Trips with no distances at all whose shape is measured: their stops in order, with coordinates. */
const UNMEASURED_TRIPS = `
WITH unmeasured AS MATERIALIZED (
  SELECT trip_id FROM gtfs_stop_times WHERE feed_id = $1
  GROUP BY trip_id HAVING bool_and(shape_dist_traveled IS NULL)
), measured_shapes AS MATERIALIZED (
  SELECT shape_id FROM gtfs_shapes WHERE feed_id = $1 GROUP BY shape_id HAVING bool_and(shape_dist_traveled IS NOT NULL)
), candidates AS MATERIALIZED (
  SELECT t.trip_id, t.shape_id FROM unmeasured u
  JOIN gtfs_trips t ON t.feed_id = $1 AND t.trip_id = u.trip_id
  JOIN measured_shapes m ON m.shape_id = t.shape_id
)
SELECT c.trip_id, c.shape_id,
       array_agg(st.stop_sequence ORDER BY st.stop_sequence) AS sequences,
       string_agg(st.stop_id, E'\\x1f' ORDER BY st.stop_sequence) AS pattern,
       array_agg(s.stop_lat ORDER BY st.stop_sequence) AS lats,
       array_agg(s.stop_lon ORDER BY st.stop_sequence) AS lons
FROM candidates c
JOIN gtfs_stop_times st ON st.feed_id = $1 AND st.trip_id = c.trip_id
JOIN gtfs_stops s ON s.feed_id = $1 AND s.stop_id = st.stop_id
GROUP BY c.trip_id, c.shape_id
HAVING bool_and(s.stop_lat IS NOT NULL)`

const SHAPE_POINTS = `
SELECT shape_id, array_agg(shape_pt_lat ORDER BY shape_pt_sequence) AS lats, array_agg(shape_pt_lon ORDER BY shape_pt_sequence) AS lons,
       array_agg(shape_dist_traveled ORDER BY shape_pt_sequence) AS distances
FROM gtfs_shapes WHERE feed_id = $1 AND shape_id = ANY($2::text[]) GROUP BY shape_id`

const WRITE_STOP_DISTANCES = `
UPDATE gtfs_stop_times st SET shape_dist_traveled = d.distance
FROM unnest($2::text[], $3::int[], $4::float8[]) AS d(trip_id, stop_sequence, distance)
WHERE st.feed_id = $1 AND st.trip_id = d.trip_id AND st.stop_sequence = d.stop_sequence`

interface UnmeasuredTrip {
  trip_id: string
  shape_id: string
  sequences: number[]
  pattern: string
  lats: number[]
  lons: number[]
}

const WRITE_CHUNK_ROWS = 20_000

async function fillStopDistances(client: pg.PoolClient, feedId: number): Promise<number> {
  const { rows: trips } = await client.query<UnmeasuredTrip>(UNMEASURED_TRIPS, [feedId])
  if (trips.length === 0) return 0
  const shapeIds = [...new Set(trips.map((t) => t.shape_id))]
  const { rows: shapes } = await client.query<{ shape_id: string; lats: number[]; lons: number[]; distances: number[] }>(SHAPE_POINTS, [feedId, shapeIds])
  const lines = new Map(shapes.map((s) => [s.shape_id, { lats: Float64Array.from(s.lats), lons: Float64Array.from(s.lons), distances: Float64Array.from(s.distances.map(Number)) }]))
  const byPattern = new Map<string, Float64Array>()
  let batch: { tripIds: string[]; sequences: number[]; distances: number[] } = { tripIds: [], sequences: [], distances: [] }
  const flush = async () => {
    if (batch.tripIds.length) await client.query(WRITE_STOP_DISTANCES, [feedId, batch.tripIds, batch.sequences, batch.distances])
    batch = { tripIds: [], sequences: [], distances: [] }
  }
  for (const trip of trips) {
    const key = `${trip.shape_id}\u0000${trip.pattern}`
    let along = byPattern.get(key)
    if (!along) {
      along = projectStopsAlong(lines.get(trip.shape_id)!, trip.lats.map((lat, i) => ({ lat, lon: trip.lons[i]! })))
      byPattern.set(key, along)
    }
    trip.sequences.forEach((sequence, i) => {
      batch.tripIds.push(trip.trip_id)
      batch.sequences.push(sequence)
      batch.distances.push(along[i]!)
    })
    if (batch.tripIds.length >= WRITE_CHUNK_ROWS) await flush()
  }
  await flush()
  return trips.length
}

/**
 * Most feeds measure everything, or leave out only a first stop's 0: then there is nothing to compute. A trip
 * with no distance at all has no distance at its last stop, which the primary key finds without a sort.
 */
const ANYTHING_UNMEASURED = `
SELECT EXISTS (SELECT 1 FROM gtfs_shapes WHERE feed_id = $1 AND shape_dist_traveled IS NULL)
    OR EXISTS (SELECT 1 FROM gtfs_stop_times st WHERE st.feed_id = $1 AND st.shape_dist_traveled IS NULL
               AND NOT EXISTS (SELECT 1 FROM gtfs_stop_times later
                               WHERE later.feed_id = $1 AND later.trip_id = st.trip_id AND later.stop_sequence > st.stop_sequence)) AS unmeasured`

export async function fillMissingShapeDistances(client: pg.PoolClient, feedId: number): Promise<ComputedDistances> {
  const { rows: [check] } = await client.query<{ unmeasured: boolean }>(ANYTHING_UNMEASURED, [feedId])
  if (!check?.unmeasured) return { shapes: 0, trips: 0 }
  const { rows } = await client.query<{ shapes: number }>(FILL_SHAPES, [feedId])
  const trips = await fillStopDistances(client, feedId)
  return { shapes: rows[0]?.shapes ?? 0, trips }
}
