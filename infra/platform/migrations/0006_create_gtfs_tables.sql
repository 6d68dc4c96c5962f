-- Static GTFS schedules, versioned: every import is a feed (feeds.feed_id) and every GTFS row carries its feed_id.
-- A new import is written beside the active one and becomes active in one UPDATE of active_feed, so readers never
-- see a half-imported schedule; earlier feeds stay for rollback (gtfs:activate) and history queries.
-- Columns mirror the GTFS reference verbatim (https://gtfs.org/schedule/reference/). Times are intervals: they
-- count from noon minus 12 h of the service day and may pass 24:00:00. Dates are dates.
CREATE TABLE feeds (
  feed_id      integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source       text        NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  status       text        NOT NULL CHECK (status IN ('importing', 'ready', 'failed')),
  row_counts   jsonb       NOT NULL DEFAULT '{}',
  report       jsonb       NOT NULL DEFAULT '{}'
);

CREATE TABLE active_feed (
  singleton    boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
  feed_id      integer     NOT NULL REFERENCES feeds,
  activated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE gtfs_agency (
  feed_id integer NOT NULL REFERENCES feeds ON DELETE CASCADE,
  agency_id text NOT NULL DEFAULT '', agency_name text NOT NULL, agency_url text NOT NULL, agency_timezone text NOT NULL,
  agency_lang text, agency_phone text, agency_fare_url text, agency_email text,
  PRIMARY KEY (feed_id, agency_id)
);

CREATE TABLE gtfs_stops (
  feed_id integer NOT NULL REFERENCES feeds ON DELETE CASCADE,
  stop_id text NOT NULL, stop_code text, stop_name text, tts_stop_name text, stop_desc text,
  stop_lat double precision CHECK (stop_lat BETWEEN -90 AND 90), stop_lon double precision CHECK (stop_lon BETWEEN -180 AND 180),
  zone_id text, stop_url text,
  location_type smallint, -- 0 stop, 1 station, 2 entrance, 3 generic node, 4 boarding area
  parent_station text, stop_timezone text, wheelchair_boarding smallint, level_id text, platform_code text,
  PRIMARY KEY (feed_id, stop_id)
);

CREATE TABLE gtfs_routes (
  feed_id integer NOT NULL REFERENCES feeds ON DELETE CASCADE,
  route_id text NOT NULL, agency_id text, route_short_name text, route_long_name text, route_desc text,
  route_type integer NOT NULL, route_url text, route_color text, route_text_color text, route_sort_order integer,
  continuous_pickup smallint, continuous_drop_off smallint, network_id text,
  PRIMARY KEY (feed_id, route_id)
);

CREATE TABLE gtfs_trips (
  feed_id integer NOT NULL REFERENCES feeds ON DELETE CASCADE,
  route_id text NOT NULL, service_id text NOT NULL, trip_id text NOT NULL, trip_headsign text, trip_short_name text,
  direction_id smallint, block_id text, shape_id text, wheelchair_accessible smallint, bikes_allowed smallint,
  PRIMARY KEY (feed_id, trip_id)
);
CREATE INDEX gtfs_trips_block_idx ON gtfs_trips (feed_id, block_id);

CREATE TABLE gtfs_stop_times (
  feed_id integer NOT NULL REFERENCES feeds ON DELETE CASCADE,
  trip_id text NOT NULL, arrival_time interval, departure_time interval, stop_id text NOT NULL,
  stop_sequence integer NOT NULL, stop_headsign text, pickup_type smallint, drop_off_type smallint,
  continuous_pickup smallint, continuous_drop_off smallint, shape_dist_traveled double precision, timepoint smallint,
  PRIMARY KEY (feed_id, trip_id, stop_sequence)
);

CREATE TABLE gtfs_calendar (
  feed_id integer NOT NULL REFERENCES feeds ON DELETE CASCADE,
  service_id text NOT NULL,
  monday smallint NOT NULL, tuesday smallint NOT NULL, wednesday smallint NOT NULL, thursday smallint NOT NULL,
  friday smallint NOT NULL, saturday smallint NOT NULL, sunday smallint NOT NULL,
  start_date date NOT NULL, end_date date NOT NULL,
  PRIMARY KEY (feed_id, service_id)
);

CREATE TABLE gtfs_calendar_dates (
  feed_id integer NOT NULL REFERENCES feeds ON DELETE CASCADE,
  service_id text NOT NULL, date date NOT NULL,
  exception_type smallint NOT NULL CHECK (exception_type IN (1, 2)), -- 1 service added, 2 service removed
  PRIMARY KEY (feed_id, service_id, date)
);

CREATE TABLE gtfs_shapes (
  feed_id integer NOT NULL REFERENCES feeds ON DELETE CASCADE,
  shape_id text NOT NULL, shape_pt_lat double precision NOT NULL, shape_pt_lon double precision NOT NULL,
  shape_pt_sequence integer NOT NULL, shape_dist_traveled double precision,
  PRIMARY KEY (feed_id, shape_id, shape_pt_sequence)
);

CREATE TABLE gtfs_frequencies (
  feed_id integer NOT NULL REFERENCES feeds ON DELETE CASCADE,
  trip_id text NOT NULL, start_time interval NOT NULL, end_time interval NOT NULL, headway_secs integer NOT NULL,
  exact_times smallint, -- 0 or absent: frequency-based; 1: schedule-based, exactly every headway_secs
  PRIMARY KEY (feed_id, trip_id, start_time)
);

CREATE TABLE gtfs_feed_info (
  feed_id integer NOT NULL REFERENCES feeds ON DELETE CASCADE,
  feed_publisher_name text, feed_publisher_url text, feed_lang text, default_lang text, feed_start_date date,
  feed_end_date date, feed_version text, feed_contact_email text, feed_contact_url text
);

CREATE TABLE gtfs_translations (
  feed_id integer NOT NULL REFERENCES feeds ON DELETE CASCADE,
  table_name text NOT NULL, field_name text NOT NULL, language text NOT NULL, translation text NOT NULL,
  record_id text, record_sub_id text, field_value text
);
CREATE INDEX gtfs_translations_record_idx ON gtfs_translations (feed_id, table_name, record_id);
