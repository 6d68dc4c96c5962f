-- Every activation of a feed (gtfs:import, gtfs:activate, or any other writer of active_feed) is announced on the
-- channel masar_gtfs_activated, payload the feed id (NOTIFY payloads are short: readers fetch the feed themselves).
-- NOTIFY is transactional: it is delivered when the activation commits, and never for one that rolls back.
-- The realtime engine follows it (@masar/gtfs activation/watch-active-feed.ts) to switch schedules without a restart.
CREATE FUNCTION masar_notify_feed_activated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('masar_gtfs_activated', NEW.feed_id::text);
  RETURN NULL;
END $$;

CREATE TRIGGER active_feed_notify AFTER INSERT OR UPDATE ON active_feed
  FOR EACH ROW EXECUTE FUNCTION masar_notify_feed_activated();
