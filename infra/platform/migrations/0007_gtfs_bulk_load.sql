-- Faster GTFS imports (issue #3 §7).
-- 1. Every GTFS table takes its feed_id from the importing session (SET LOCAL masar.import_feed_id), so a GTFS
--    file can be streamed into COPY … (FORMAT csv) as it is, without rewriting each row to add the column.
--    Outside an import the setting is unset, the default is NULL, and NOT NULL refuses a row without a feed.
-- 2. The two big tables lose their per-row foreign-key check on feeds: it cost 1.6 s of 3.6 s when COPY wrote
--    Halifax's 328,499 stop_times. Their rows are written only by the import, in the transaction that creates
--    their feed; deleting a feed still deletes them, by the trigger below.
DO $$
DECLARE
  gtfs_table text;
BEGIN
  FOREACH gtfs_table IN ARRAY ARRAY['gtfs_agency', 'gtfs_stops', 'gtfs_routes', 'gtfs_trips', 'gtfs_stop_times',
    'gtfs_calendar', 'gtfs_calendar_dates', 'gtfs_shapes', 'gtfs_frequencies', 'gtfs_feed_info', 'gtfs_translations']
  LOOP
    EXECUTE format($sql$ALTER TABLE %I ALTER COLUMN feed_id SET DEFAULT nullif(current_setting('masar.import_feed_id', true), '')::integer$sql$, gtfs_table);
  END LOOP;
END
$$;

ALTER TABLE gtfs_stop_times DROP CONSTRAINT gtfs_stop_times_feed_id_fkey;
ALTER TABLE gtfs_shapes DROP CONSTRAINT gtfs_shapes_feed_id_fkey;

CREATE FUNCTION masar_delete_feed_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM gtfs_stop_times WHERE feed_id = OLD.feed_id;
  DELETE FROM gtfs_shapes WHERE feed_id = OLD.feed_id;
  RETURN OLD;
END
$$;

CREATE TRIGGER feeds_delete_rows AFTER DELETE ON feeds FOR EACH ROW EXECUTE FUNCTION masar_delete_feed_rows();
