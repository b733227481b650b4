-- Growth per directory between two nightly scans: night 1 is the main database, night 2 is ATTACHed as night2
-- (scan2db databases, see scan2db(1) DATABASE). Directories are matched by full path (the paths view of each).
-- For each directory whose tree changed: its tree's allocated bytes (total_size_r) on each night and the growth,
-- and the change in its tree's file count (file_count_r); a directory on one night only counts 0 on the other.
-- The most grown first; equal growth by path (bytewise).
WITH
  night1_dirs AS (
    SELECT p.path, s.total_size_r AS bytes, s.file_count_r AS files
    FROM main.paths p JOIN main.directory_stats s USING (dir_id)),
  night2_dirs AS (
    SELECT p.path, s.total_size_r AS bytes, s.file_count_r AS files
    FROM night2.paths p JOIN night2.directory_stats s USING (dir_id)),
  both_nights AS (
    SELECT path FROM night1_dirs UNION SELECT path FROM night2_dirs),
  growth AS (
    SELECT x.path, COALESCE(a.bytes, 0) AS bytes_night1, COALESCE(b.bytes, 0) AS bytes_night2,
           COALESCE(b.bytes, 0) - COALESCE(a.bytes, 0) AS growth,
           COALESCE(b.files, 0) - COALESCE(a.files, 0) AS new_files
    FROM both_nights x LEFT JOIN night1_dirs a USING (path) LEFT JOIN night2_dirs b USING (path))
SELECT * FROM growth
WHERE growth != 0 OR new_files != 0
ORDER BY growth DESC, path;
