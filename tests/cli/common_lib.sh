# shellcheck shell=bash
# For the tests of the options every command shares (common_*.sh), after lib.sh: one small input of each kind,
# written into the current folder so that these tests do not depend on examples/: in.csv, in.rec, in.rpk (a CSV of
# 3 rows as stream and container), ev.txt (text events), feed/ (a GTFS folder with a time past 24:00), reads.sam
# (one read) and scan.list (a GPFS key=value listing of a directory and its file).
write_common_inputs() {
  printf 'id,name\n1,a\n2,b\n1,c\n' >in.csv
  "$CHUNK" in.csv -o in.rec
  "$PACK" in.rec -o in.rpk
  printf '%s\n' '1 2 3 1' '5 6 7 0' >ev.txt
  mkdir feed
  printf 'agency_id,agency_name,agency_url,agency_timezone\nA,Ag,http://a.example,Europe/Berlin\n' >feed/agency.txt
  printf 'stop_id,stop_name,stop_lat,stop_lon\nS1,One,52.5,13.4\nS2,Two,52.6,13.5\n' >feed/stops.txt
  printf 'route_id,agency_id,route_short_name,route_type\nR,A,1,3\n' >feed/routes.txt
  printf 'route_id,service_id,trip_id\nR,W,T\n' >feed/trips.txt
  printf 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT,08:00:00,08:00:00,S1,1\nT,25:10:00,25:10:00,S2,2\n' >feed/stop_times.txt
  printf 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nW,1,1,1,1,1,0,0,20240101,20241231\n' >feed/calendar.txt
  printf '@SQ\tSN:c1\tLN:1000\nr1\t0\tc1\t5\t60\t4M\t*\t0\t0\tACGT\tIIII\n' >reads.sam
  {
    echo '9 1 0  s=10 a=16 u=1 g=2 m=FAu p=drwxr-xr-x ac=2025-06-01 18:07:52 mt=2025-05-31 10:13:46 cr=2024-09-27 16:26:58 nl=2 -- /fs/d'
    echo '10 1 0  s=5 a=8 u=1 g=2 m=FAu p=-rw-r--r-- ac=2025-06-01 18:07:52 mt=2025-05-31 10:13:46 cr=2024-09-27 16:26:58 nl=1 -- /fs/d/f'
  } >scan.list
}
