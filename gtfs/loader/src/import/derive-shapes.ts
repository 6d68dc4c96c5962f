import type pg from 'pg'
import { EARTH_RADIUS_M } from '@masar/model/geo/earth'

/**
 * Trips without a shape (no shape_id, or one the feed does not ship) get one derived from their stops' coordinates: one shape per distinct stop pattern,
 * named `masar-derived-<md5 of the pattern>`, its points the stops in order with shape_dist_traveled in metres
 * (great-circle), and those distances copied onto the trips' stop_times. Runs inside the import transaction.
 * Returns how many shapes were derived.
 */
const DERIVE_SHAPES = `
WITH unshaped AS (
  SELECT t.trip_id FROM gtfs_trips t
  WHERE t.feed_id = $1 AND (t.shape_id IS NULL OR t.shape_id = ''
        OR NOT EXISTS (SELECT 1 FROM gtfs_shapes s WHERE s.feed_id = $1 AND s.shape_id = t.shape_id))
), patterns AS (
  SELECT st.trip_id, 'masar-derived-' || md5(string_agg(st.stop_id, '>' ORDER BY st.stop_sequence)) AS shape_id
  FROM gtfs_stop_times st JOIN unshaped u USING (trip_id)
  WHERE st.feed_id = $1
  GROUP BY st.trip_id
), assigned AS (
  UPDATE gtfs_trips t SET shape_id = p.shape_id FROM patterns p
  WHERE t.feed_id = $1 AND t.trip_id = p.trip_id
  RETURNING t.trip_id, p.shape_id
), representatives AS (
  SELECT DISTINCT ON (shape_id) shape_id, trip_id FROM patterns ORDER BY shape_id, trip_id
), points AS (
  SELECT r.shape_id, st.trip_id, st.stop_sequence, s.stop_lat AS lat, s.stop_lon AS lon,
         row_number() OVER (PARTITION BY r.shape_id ORDER BY st.stop_sequence) AS seq
  FROM representatives r
  JOIN gtfs_stop_times st ON st.feed_id = $1 AND st.trip_id = r.trip_id
  JOIN gtfs_stops s ON s.feed_id = $1 AND s.stop_id = st.stop_id
), legs AS (
  SELECT shape_id, seq, lat, lon,
         coalesce(2 * ${EARTH_RADIUS_M} * asin(sqrt(
           power(sin(radians(lat - lag(lat) OVER w) / 2), 2) +
           cos(radians(lag(lat) OVER w)) * cos(radians(lat)) * power(sin(radians(lon - lag(lon) OVER w) / 2), 2)
         )), 0) AS leg_m
  FROM points WINDOW w AS (PARTITION BY shape_id ORDER BY seq)
), inserted AS (
  INSERT INTO gtfs_shapes (feed_id, shape_id, shape_pt_lat, shape_pt_lon, shape_pt_sequence, shape_dist_traveled)
  SELECT $1, shape_id, lat, lon, seq, round((sum(leg_m) OVER (PARTITION BY shape_id ORDER BY seq))::numeric, 1)
  FROM legs
  RETURNING shape_id
)
SELECT count(DISTINCT shape_id)::int AS shapes FROM inserted`

const UNSHAPED_TRIP = `
SELECT 1 FROM gtfs_trips t
WHERE t.feed_id = $1 AND (t.shape_id IS NULL OR t.shape_id = ''
      OR NOT EXISTS (SELECT 1 FROM gtfs_shapes s WHERE s.feed_id = $1 AND s.shape_id = t.shape_id))
LIMIT 1`

/** For trips on a derived shape, the nth stop time's distance is the shape's nth point's. */
const FILL_DERIVED_DISTANCES = `
WITH ranked AS (
  SELECT st.trip_id, st.stop_sequence, t.shape_id,
         row_number() OVER (PARTITION BY st.trip_id ORDER BY st.stop_sequence) AS seq
  FROM gtfs_stop_times st JOIN gtfs_trips t USING (feed_id, trip_id)
  WHERE st.feed_id = $1 AND t.shape_id LIKE 'masar-derived-%' AND st.shape_dist_traveled IS NULL
)
UPDATE gtfs_stop_times st SET shape_dist_traveled = sh.shape_dist_traveled
FROM ranked r JOIN gtfs_shapes sh ON sh.feed_id = $1 AND sh.shape_id = r.shape_id AND sh.shape_pt_sequence = r.seq
WHERE st.feed_id = $1 AND st.trip_id = r.trip_id AND st.stop_sequence = r.stop_sequence`

export async function deriveMissingShapes(client: pg.PoolClient, feedId: number): Promise<number> {
  const unshaped = await client.query(UNSHAPED_TRIP, [feedId])
  if (unshaped.rowCount === 0) return 0
  const { rows } = await client.query<{ shapes: number }>(DERIVE_SHAPES, [feedId])
  await client.query(FILL_DERIVED_DISTANCES, [feedId])
  return rows[0]?.shapes ?? 0
}
