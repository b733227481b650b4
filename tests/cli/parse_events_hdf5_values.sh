#!/usr/bin/env bash
# parse-events on HDF5 files whose values do not fit what parse-events writes (x u16, t i64 microseconds): each is
# an error naming the file, the dataset and the element, after the events before it, never a clamped, wrapped or
# truncated value; values that do fit convert exactly whatever their stored type. A --time window on times that are
# not in order still finds every event in it. The files are written by parse_events_h5_write ($H5_WRITE).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_events_lib.sh"
H5_WRITE=${H5_WRITE:-$RECPIPE_BIN/../../tests/cli/parse_events_h5_write}
[[ -x $H5_WRITE ]] || fail "no parse_events_h5_write at $H5_WRITE (set H5_WRITE)"

# events FILE.h5 X_TYPE XS Y_TYPE YS T_TYPE TS P_TYPE PS: an evlib file /events/{x,y,t,p}.
events() {
  "$H5_WRITE" "$1" /events/x "$2" "$3" /events/y "$4" "$5" /events/t "$6" "$7" /events/p "$8" "$9"
}
# fails_at FILE.h5 WHERE: parse-events FILE.h5 exits 1 naming FILE, then WHERE (dataset[index]: value ...), the
# same with -j1 and -j4; the events before it are written.
fails_at() {
  local file=$1 where=$2
  events_same_for_threads "${file%.h5}" --to csv "$file"
  [[ $(cat "${file%.h5}.j1.rc") == 1 ]] || fail "$file: exit $(cat "${file%.h5}.j1.rc"), not 1"
  grep -qF -- "parse-events: error: $file: $where" "${file%.h5}.j1.err" ||
    fail "$file: stderr lacks '$file: $where': $(show "${file%.h5}.j1.err")"
}

step "a u32 x of 70000 does not fit u16 (HDF5 alone would read 65535); 70 does"
events x.h5 u32 1,70000,2 u16 5,5,5 i64 10,11,12 u8 1,0,1
fails_at x.h5 "/events/x[1]: 70000 does not fit in u16"
[[ $(cat x.j1) == $'t,x,y,p\n10,1,5,1' ]] || fail "the event before the bad x: $(show x.j1)"
events x_ok.h5 u32 1,70,2 u16 5,5,5 i64 10,11,12 u8 1,0,1
expect_exit 0 "$PARSE_EVENTS" --to csv x_ok.h5
expect_stdout $'t,x,y,p\n10,1,5,1\n11,70,5,0\n12,2,5,1\n'

xs() {
  "$H5_WRITE" "$1" /events/xs i16 "$2" /events/ys i16 3,3 /events/ts "$3" "$4" /events/ps bool 1,0
}
step "an i16 xs of -3 (HDF5 alone would read 0)"
xs xs.h5 4,-3 f64 0.5,0.6
fails_at xs.h5 "/events/xs[1]: -3 does not fit in u16"

step "ts of NaN and of 1e300 seconds (HDF5 alone would read i64 extremes)"
xs nan.h5 4,5 f64 0.5,nan
fails_at nan.h5 "/events/ts[1]: nan is not a time in seconds"
xs huge.h5 4,5 f64 1e300,0.6
fails_at huge.h5 "/events/ts[0]: 1e+300 is not a time in seconds within the i64 range of microseconds"
step "ts in seconds round to the nearest microsecond; f32 ts convert from their exact value"
xs secs.h5 4,5 f64 0.000001,1.5
expect_exit 0 "$PARSE_EVENTS" --to csv secs.h5
expect_stdout $'t,x,y,p\n1,4,3,1\n1500000,5,3,0\n'
xs secs32.h5 4,5 f32 0.5,0.25
expect_exit 0 "$PARSE_EVENTS" --to csv secs32.h5
expect_stdout $'t,x,y,p\n500000,4,3,1\n250000,5,3,0\n'

step "an f32 t of 0.5 microseconds is not a whole microsecond (HDF5 alone would read 0); 3.0 is"
events tf.h5 u16 1,2 u16 5,5 f32 3,0.5 u8 1,0
fails_at tf.h5 "/events/t[1]: 0.5 is not a time in microseconds"

step "DSEC: t + /t_offset beyond i64 (it used to wrap)"
"$H5_WRITE" dsec.h5 /events/x u16 1,2 /events/y u16 5,5 /events/t u32 0,1000 /events/p u8 1,0 \
  /t_offset scalar:i64 9223372036854775000
fails_at dsec.h5 "/events/t[1]: 1000 + /t_offset 9223372036854775000 is beyond the i64 range"
"$H5_WRITE" dsec_ok.h5 /events/x u16 1,2 /events/y u16 5,5 /events/t u32 0,4000000000 /events/p u8 1,0 \
  /t_offset scalar:i64 -7
expect_exit 0 "$PARSE_EVENTS" --to csv dsec_ok.h5
expect_stdout $'t,x,y,p\n-7,1,5,1\n3999999993,2,5,0\n'

step "Prophesee /CD/events with doubles: exact ones convert, 1.5 does not (HDF5 alone would read 1)"
"$H5_WRITE" cd_ok.h5 /CD/events '{x:f64,y:f64,p:f64,t:f64}' '1,2,1,10;3,4,0,11'
expect_exit 0 "$PARSE_EVENTS" --to csv cd_ok.h5
expect_stdout $'t,x,y,p\n10,1,2,1\n11,3,4,0\n'
"$H5_WRITE" cd.h5 /CD/events '{x:f64,y:f64,p:f64,t:f64}' '1,2,1,10;1.5,4,0,11'
fails_at cd.h5 "/CD/events[1].x: 1.5 does not fit in u16"
"$H5_WRITE" cd_t.h5 /CD/events '{t:f64,x:u16,y:u16,p:i16}' '10,1,2,1;1e300,3,4,0'
fails_at cd_t.h5 "/CD/events[1].t: 1e+300 is not a time in microseconds"
step "--time-origin first: a time minus the first one beyond i64 (it used to wrap)"
"$H5_WRITE" cd_far.h5 /CD/events '{x:u16,y:u16,p:i16,t:i64}' '1,2,1,-9223372036854775807;3,4,0,9223372036854775000'
expect_exit 0 "$PARSE_EVENTS" --to csv cd_far.h5
events_same_for_threads cd_far --time-origin first --to csv cd_far.h5
[[ $(cat cd_far.j1.rc) == 1 ]] || fail "cd_far.h5 --time-origin first: exit $(cat cd_far.j1.rc), not 1"
grep -qF "cd_far.h5: /CD/events[1].t: 9223372036854775000 minus the first event's time -9223372036854775807 is beyond" \
  cd_far.j1.err || fail "cd_far.h5 --time-origin first: $(show cd_far.j1.err)"
step "a trigger id of 300 does not fit u8 (it used to wrap to 44)"
"$H5_WRITE" trig.h5 /CD/events '{x:u16,y:u16,p:i16,t:i64}' '1,2,1,10' \
  /EXT_TRIGGER/events '{p:i16,t:i64,id:i16}' '1,10,3;0,12,300'
fails_at trig.h5 "/EXT_TRIGGER/events[1].id: 300 does not fit in u8"

step "--time on times that are not in order finds every event in the window (it used to find none)"
events unsorted.h5 u16 1,2,3,4,5 u16 0,0,0,0,0 i64 10,20,30,5,15 u8 1,1,1,1,1
expect_exit 0 "$PARSE_EVENTS" --time 12:18 --to csv unsorted.h5
expect_stdout $'t,x,y,p\n15,5,0,1\n'
expect_exit 0 "$PARSE_EVENTS" --time 0:12 --to csv unsorted.h5
expect_stdout $'t,x,y,p\n10,1,0,1\n5,4,0,1\n'
step "--time on times in order: the window only"
events sorted.h5 u16 1,2,3,4,5 u16 0,0,0,0,0 i64 5,10,15,20,30 u8 1,1,1,1,1
expect_exit 0 "$PARSE_EVENTS" --time 10:20 --to csv sorted.h5
expect_stdout $'t,x,y,p\n10,2,0,1\n15,3,0,1\n'
expect_exit 0 "$PARSE_EVENTS" --time :6 --to csv sorted.h5
expect_stdout $'t,x,y,p\n5,1,0,1\n'
expect_exit 0 "$PARSE_EVENTS" --time 31: --to csv sorted.h5
expect_stdout $'t,x,y,p\n'
finish
