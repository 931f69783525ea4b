#!/usr/bin/env bash
# e2e-click.sh SITMAP_EXE OUTDIR
#
# End-to-end test of the real app with the real pointer: click the Kyiv
# marker with xdotool at the position the accessibility tree gives for it,
# check that its popover opens next to it, close it with Escape, then turn
# the mouse wheel over the map and check that the map zooms.
#
# Run it under build-aux/with-xvfb (an X display without a window manager
# and a private session bus).  The app log and the screenshots are copied
# to OUTDIR at the end, pass or fail; while the test runs they live in a
# private directory, so that two runs at once (meson test --repeat) don't
# read each other's files.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 SITMAP_EXE OUTDIR" >&2
  exit 2
fi
APP=$1
OUT=$2
PY=/usr/bin/python3               # the interpreter with pyatspi
TARGET=Kyiv
STARTUP_TIMEOUT=45                # s, exec to first frame; about 1-4 s when idle
TIMEOUT=10                        # s, any other wait

mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sitmap-e2e-click.XXXXXX")
LOG=$WORK/click-app.log

app_pid=
cleanup() {
  trap '' TERM INT         # a second TERM (the wrapper sends one) must not cut this short
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  rm -f "$WORK"/*.ppm
  cp -f "$WORK"/* "$OUT"/ 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
T0=$(now_ms)
say() { printf '[%6.2fs] %s\n' "$(( $(now_ms) - T0 ))e-3" "$*"; }
fail() {
  say "FAIL: $*"
  if [ -s "$LOG" ]; then
    echo "--- app log:"
    cat "$LOG"
  fi
  exit 1
}

for tool in xdotool import compare "$PY"; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run this under build-aux/with-xvfb"

# wait_until TIMEOUT WHAT COMMAND [ARGS…]: runs COMMAND every 50 ms until
# it succeeds; fails the test after TIMEOUT seconds or if the app exits.
wait_until() {
  local timeout=$1 what=$2
  shift 2
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  until "$@"; do
    kill -0 "$app_pid" 2>/dev/null || fail "the app exited while the test waited for $what"
    [ "$(now_ms)" -lt "$deadline" ] || fail "timed out after $timeout s waiting for $what"
    sleep 0.05
  done
}

# The app's visible X windows; a popover is one more.
app_windows() { xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null || true; }
n_windows() { app_windows | wc -l; }
more_windows_than() { [ "$(n_windows)" -gt "$1" ]; }
log_count() { grep -c -F -- "$1" "$LOG" || true; }
log_count_above() { [ "$(log_count "$1")" -gt "$2" ]; }

# pixels_differ A B: how many pixels differ (compare exits 1 when some do).
pixels_differ() {
  local n
  n=$(compare -metric AE "$1" "$2" null: 2>&1 >/dev/null) || true
  [[ $n =~ ^[0-9.e+]+$ ]] || fail "compare $1 $2 failed: $n"
  printf '%.0f\n' "$n"
}

# wait_still FILE WHAT: captures the main window every 0.3 s until two
# captures in a row are the same, then saves it as FILE (PNG), and the
# last capture as $WORK/still.ppm.  PPM has no timestamps, so cmp can
# compare the captures.
wait_still() {
  local file=$1 what=$2 deadline=$(( $(now_ms) + TIMEOUT * 1000 )) n=1
  import -window "$wid" "$WORK/still.ppm"
  while :; do
    sleep 0.3                # more than the map's 120 ms settle delay
    import -window "$wid" "$WORK/next.ppm"
    n=$(( n + 1 ))
    cmp -s "$WORK/still.ppm" "$WORK/next.ppm" && break
    [ "$(now_ms)" -lt "$deadline" ] || fail "the window did not settle within $TIMEOUT s ($what)"
    mv "$WORK/next.ppm" "$WORK/still.ppm"
  done
  import -window "$wid" "$file"
  say "the window is still $what, after $n captures"
}

# Positions, in the window's coordinates, from the accessibility tree:
# prints "KX KY KW KH FW FH MX MY MW MH PX PY" for the marker named
# TARGET, the frame, the map and a point on the map clear of all markers.
# GTK 4 gives extents relative to its frame, whatever coordinate type is
# asked for.
atspi_geometry() {
  "$PY" - "$app_pid" "$TARGET" "$TIMEOUT" <<'PYEOF'
import sys, time
import gi
gi.require_version('Atspi', '2.0')
from gi.repository import GLib
import pyatspi

pid, target, timeout = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])

def kids(acc):
    try:
        return [c for c in acc if c is not None]
    except GLib.Error:
        return []

def walk(acc):
    yield acc
    for c in kids(acc):
        yield from walk(c)

def box(acc):
    e = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return e.x, e.y, e.width, e.height

def look():
    """The app and its marker, once the marker has been given an area."""
    for app in kids(pyatspi.Registry.getDesktop(0)):
        if app.get_process_id() != pid:
            continue
        for acc in walk(app):
            if acc.getRoleName() == 'push button' and acc.name == target:
                return (app, acc) if box(acc)[2] > 0 and box(acc)[3] > 0 else None
    return None

deadline = time.monotonic() + timeout
found = None
while not found:
    try:
        found = look()
    except GLib.Error:
        pass
    if not found:
        if time.monotonic() > deadline:
            sys.exit(f'no push button named {target!r} with an area on the accessibility bus')
        time.sleep(0.2)

app, marker = found
frame = next(c for c in kids(app) if c.getRoleName() == 'frame')
mp = marker.parent
markers = [box(c) for c in kids(mp) if c.getRoleName() == 'push button']
mx, my, mw, mh = box(mp)

# A point for the mouse wheel, near the map's centre but at least 40 px
# from every marker, so that no tooltip or marker hover gets in the way.
def clear(x, y):
    return all(not (bx - 40 <= x <= bx + bw + 40 and by - 40 <= y <= by + bh + 40)
               for bx, by, bw, bh in markers)
points = sorted(((mx + mw * i // 20, my + mh * j // 20) for i in range(4, 17) for j in range(4, 17)),
                key=lambda p: (p[0] - mx - mw / 2) ** 2 + (p[1] - my - mh / 2) ** 2)
px, py = next((p for p in points if clear(*p)), (mx + mw // 2, my + mh // 2))

print(*box(marker), *box(frame)[2:], mx, my, mw, mh, px, py)
PYEOF
}

# -- Start -------------------------------------------------------------------

"$APP" </dev/null >"$LOG" 2>&1 &
app_pid=$!
say "started $APP as pid $app_pid; log in $OUT/click-app.log"

first_frame() { grep -q 'first frame' "$LOG"; }
wait_until "$STARTUP_TIMEOUT" 'the "first frame" log line' first_frame
say "first frame drawn"

wid=$(timeout "$TIMEOUT" xdotool search --sync --onlyvisible --pid "$app_pid" | awk 'NR == 1') ||
  fail "no visible window of the app within $TIMEOUT s"
[ -n "$wid" ] || fail "no visible window of the app"
eval "$(xdotool getwindowgeometry --shell "$wid")"    # WINDOW X Y WIDTH HEIGHT SCREEN
win_x=$X win_y=$Y win_w=$WIDTH win_h=$HEIGHT
nwin=$(n_windows)
say "window $wid: ${win_w}x${win_h}+${win_x}+${win_y}, $nwin visible window(s)"

geometry=$(atspi_geometry) || fail "could not read positions from the accessibility tree"
read -r kx ky kw kh fw fh mx my mw mh px py <<<"$geometry"
say "AT-SPI: $TARGET marker ${kw}x${kh}+${kx}+${ky}, frame ${fw}x${fh}, map ${mw}x${mh}+${mx}+${my}"
if [ "$kw" -le 0 ] || [ "$kh" -le 0 ]; then fail "the $TARGET marker has an empty area"; fi

# Without a window manager the X window also holds GTK's client-side
# shadow/resize border around the frame, the same on each side.
bx=$(( (win_w - fw) / 2 ))
by=$(( (win_h - fh) / 2 ))
if [ "$bx" -lt 0 ] || [ "$by" -lt 0 ]; then fail "the frame (${fw}x${fh}) is larger than the X window"; fi
to_screen_x() { echo $(( win_x + bx + $1 )); }
to_screen_y() { echo $(( win_y + by + $1 )); }

# -- Click the marker -----------------------------------------------------------

cx=$(to_screen_x $(( kx + kw / 2 )))
cy=$(to_screen_y $(( ky + kh / 2 )))
shown=$(log_count "popover shown: $TARGET")
say "clicking the $TARGET marker at screen $cx,$cy (border ${bx}x${by})"
xdotool mousemove "$cx" "$cy" click 1

log_shown() { log_count_above "popover shown: $TARGET" "$shown"; }
wait_until "$TIMEOUT" "the log line 'popover shown: $TARGET'" log_shown
wait_until "$TIMEOUT" "the popover's X window" more_windows_than "$nwin"
grep 'popover shown:' "$LOG" | tail -n 1 | grep -q -F "popover shown: $TARGET" ||
  fail "another popover opened: $(grep 'popover shown:' "$LOG" | tail -n 1)"
sleep 0.3                                   # mapped is not drawn yet
import -window root "$WORK/click-kyiv-popover.png"
say "popover shown; screenshot $OUT/click-kyiv-popover.png"

# The popover is the app's largest new window (a tooltip would be small).
pop='' pop_area=0
for w in $(app_windows); do
  [ "$w" = "$wid" ] && continue
  geo=$(xdotool getwindowgeometry --shell "$w" 2>/dev/null) || continue
  eval "$geo"
  if [ $(( WIDTH * HEIGHT )) -gt "$pop_area" ]; then
    pop=$w pop_area=$(( WIDTH * HEIGHT ))
  fi
done
[ -n "$pop" ] || fail "the popover's X window went away"
# Its window (arrow and shadow margin included) must touch the marker.
eval "$(xdotool getwindowgeometry --shell "$pop")"
say "popover window ${WIDTH}x${HEIGHT}+${X}+${Y}"
slack=$(( kw + kh + 20 ))
if [ "$cx" -lt $(( X - slack )) ] || [ "$cx" -gt $(( X + WIDTH + slack )) ] ||
   [ "$cy" -lt $(( Y - slack )) ] || [ "$cy" -gt $(( Y + HEIGHT + slack )) ]; then
  fail "the popover (${WIDTH}x${HEIGHT}+${X}+${Y}) is not next to the $TARGET marker at $cx,$cy"
fi
if [ $(( X + WIDTH )) -gt $(( win_x + win_w )) ] || [ $(( Y + HEIGHT )) -gt $(( win_y + win_h )) ] ||
   [ "$X" -lt "$win_x" ] || [ "$Y" -lt "$win_y" ]; then
  say "note: the popover window reaches outside the main window (${win_w}x${win_h}+${win_x}+${win_y})"
fi

xdotool key Escape
popover_gone() { ! app_windows | grep -q -x -F "$pop"; }
wait_until "$TIMEOUT" "the popover to close after Escape" popover_gone
say "Escape closed the popover"

# -- Zoom with the mouse wheel ----------------------------------------------------

sx=$(to_screen_x "$px")
sy=$(to_screen_y "$py")
xdotool mousemove "$sx" "$sy"
wait_still "$WORK/click-before-zoom.png" "before the wheel turn"

mv "$WORK/still.ppm" "$WORK/before.ppm"
xdotool click 4                              # wheel up: zoom in
changed() {
  import -window "$wid" "$WORK/next.ppm"
  ! cmp -s "$WORK/before.ppm" "$WORK/next.ppm"
}
wait_until "$TIMEOUT" "the map to change after a wheel turn" changed
wait_still "$WORK/click-after-zoom.png" "after the wheel turn"

diff=$(pixels_differ "$WORK/click-before-zoom.png" "$WORK/click-after-zoom.png")
map_px=$(( mw * mh ))
say "wheel up at screen $sx,$sy: $diff of the map's $map_px pixels changed"
[ "$diff" -gt $(( map_px / 10 )) ] ||
  fail "the wheel turn changed only $diff pixels; the map did not zoom"

# The markers follow the zoom: the Kyiv marker moves away from the wheel
# point, by the wheel step (1.25).
geometry=$(atspi_geometry) || fail "could not read positions from the accessibility tree after zooming"
read -r kx2 ky2 _ <<<"$geometry"
d1=$(( (kx + kw / 2 - px) ** 2 + (ky + kh / 2 - py) ** 2 ))
d2=$(( (kx2 + kw / 2 - px) ** 2 + (ky2 + kh / 2 - py) ** 2 ))
say "$TARGET marker moved from $kx,$ky to $kx2,$ky2"
[ $(( d2 * 100 )) -gt $(( d1 * 120 )) ] ||
  fail "the $TARGET marker did not move away from the wheel point (distance² $d1 -> $d2)"

kill -0 "$app_pid" 2>/dev/null || fail "the app died"
say "PASS"
