-- The next :n departures from stop :stop at or after :after on the service day the database holds (parse-gtfs
-- --date). Times are seconds since noon minus 12 h, as parse-gtfs writes them (28800 is 08:00:00). A trip listed
-- in frequencies runs every headway_secs from start_time up to, not including, end_time, each run keeping its
-- stop times' offsets from the trip's first stop; a trip's last stop is no departure. Ties go by trip_id.
WITH RECURSIVE
  trip_ends AS (
    SELECT trip_id, MIN(stop_sequence) AS first_seq, MAX(stop_sequence) AS last_seq FROM stop_times GROUP BY trip_id),
  first_times AS (
    SELECT e.trip_id, st.departure_time AS t0
    FROM trip_ends e JOIN stop_times st ON st.trip_id = e.trip_id AND st.stop_sequence = e.first_seq),
  runs(trip_id, start, end_time, headway) AS (
    SELECT trip_id, start_time, end_time, headway_secs FROM frequencies
    UNION ALL
    SELECT trip_id, start + headway, end_time, headway FROM runs WHERE start + headway < end_time),
  here AS (
    SELECT st.trip_id, st.departure_time
    FROM stop_times st JOIN trip_ends e USING (trip_id)
    WHERE st.stop_id = :stop AND st.stop_sequence < e.last_seq),
  departures AS (
    SELECT trip_id, departure_time AS t FROM here WHERE trip_id NOT IN (SELECT trip_id FROM frequencies)
    UNION ALL
    SELECT h.trip_id, r.start + h.departure_time - f.t0 FROM runs r JOIN here h USING (trip_id) JOIN first_times f USING (trip_id))
SELECT printf('%02d:%02d:%02d', d.t / 3600, d.t / 60 % 60, d.t % 60) AS departure, t.route_id, d.trip_id,
       COALESCE(t.trip_headsign, '') AS headsign
FROM departures d JOIN trips t USING (trip_id)
WHERE d.t >= :after
ORDER BY d.t, d.trip_id
LIMIT :n;
