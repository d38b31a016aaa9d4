#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Screenshot of the Wireshark Qt GUI with the build-tree sipadvisor plugin:
# opens CAPTURE under Xvfb, selects FRAME, expands its (last) sipadvisor tree
# and saves the window as a PNG.
#
#   tests/gui/screenshot.sh [options] CAPTURE FRAME OUT.png
#     --filter FILTER   display filter for the packet list (default: sip)
#     --size WxH        window and screen size (default: 1400x900)
#     --list-height PX  height of the packet list pane (default: 170)
#     --font FONT       Qt font for list/details, e.g. "DejaVu Sans Mono,10"
#     --expand MODE     subtrees: expand all of the sipadvisor tree (default),
#                       children: one level only, none: leave it collapsed
#     --keep-dir        keep the temporary HOME/config dir (for debugging)
#   e.g. tests/gui/screenshot.sh testdata/421-tcp.pcap 8 docs/gui-421.png
#
# Needs: wireshark-qt, xvfb, xdotool, imagemagick (Debian package names) and
# a build (build/plugins/<ver>/epan/sipadvisor.so; SIPADVISOR_BUILD=DIR picks
# another build tree). Wireshark runs with a fresh temporary HOME, so no user
# profile interferes; as root it runs in a user namespace (or as nobody), as
# tests/tshark-dev does, because root ignores WIRESHARK_PLUGIN_DIR.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="${SIPADVISOR_BUILD:-$here/build}"

filter=sip
size=1400x900
list_height=170
font=""
expand=subtrees
keep_dir=0
while [ $# -gt 0 ]; do
    case "$1" in
    --filter) filter=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --list-height) list_height=$2; shift 2 ;;
    --font) font=$2; shift 2 ;;
    --expand) expand=$2; shift 2 ;;
    --keep-dir) keep_dir=1; shift ;;
    -h | --help) sed -n '4,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) echo "screenshot.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
if [ $# -ne 3 ]; then
    echo "usage: tests/gui/screenshot.sh [options] CAPTURE FRAME OUT.png (--help)" >&2
    exit 2
fi
capture=$(realpath "$1")
frame=$2
out=$(realpath -m "$3")
case "$expand" in subtrees | children | none) ;; *)
    echo "screenshot.sh: --expand subtrees|children|none" >&2; exit 2 ;;
esac
width=${size%x*}
height=${size#*x}

for tool in wireshark Xvfb xdotool import; do
    if ! command -v "$tool" >/dev/null; then
        echo "screenshot.sh: $tool not found (apt-get install wireshark-qt xvfb xdotool imagemagick)" >&2
        exit 2
    fi
done
if [ ! -f "$build/plugins/"*/epan/sipadvisor.so ] 2>/dev/null; then
    echo "screenshot.sh: no $build/plugins/*/epan/sipadvisor.so (build first)" >&2
    exit 2
fi
[ -f "$capture" ] || { echo "screenshot.sh: no capture $capture" >&2; exit 2; }

tmp=$(mktemp -d /tmp/sipadvisor-gui.XXXXXX)
xvfb_pid=""
ws_pid=""
cleanup() {
    local pid
    for pid in $ws_pid $xvfb_pid; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $ws_pid $xvfb_pid; do
        # bounded wait, then force
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [ "$keep_dir" = 1 ]; then
        echo "screenshot.sh: kept $tmp" >&2
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- a fresh Wireshark configuration: layout, window geometry, columns ---
conf="$tmp/home/.config/wireshark"
mkdir -p "$conf" "$tmp/runtime"
chmod 700 "$tmp/runtime"
{
    echo "# sipadvisor screenshot profile"
    echo "gui.layout_type: 5"           # panes stacked vertically, full width
    echo "gui.layout_content_1: PLIST"
    echo "gui.layout_content_2: PDETAILS"
    echo "gui.layout_content_3: NONE"   # no bytes pane
    echo "gui.packet_list_show_minimap: FALSE"
    echo "gui.ask_unsaved: FALSE"
    echo "gui.update.enabled: FALSE"
    [ -z "$font" ] || echo "gui.qt.font_name: $font"
} >"$conf/preferences"
{
    echo "gui.geometry_main_x: 0"
    echo "gui.geometry_main_y: 0"
    echo "gui.geometry_main_width: $width"
    echo "gui.geometry_main_height: $height"
    echo "gui.geometry_main_maximized: FALSE"
    echo "privs.warn_if_elevated: FALSE"
    echo "sys.warn_if_no_capture: FALSE"
} >"$conf/recent_common"
{
    echo "gui.byte_view_show: FALSE"
    echo "gui.packet_diagram_show: FALSE"
    echo "gui.geometry_main_upper_pane: $list_height"
    # No. Time Source Destination Protocol Length Info
    echo "column.width: %m, 50, %t, 90, %s, 110, %d, 110, %p, 75, %L, 60, %i, -1"
} >"$conf/recent"

# --- X server on a free display (Xvfb picks it and writes it to fd 3) ---
Xvfb -displayfd 3 -screen 0 "${width}x${height}x24" -nolisten tcp \
    3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do
    [ -s "$tmp/display" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || { cat "$tmp/xvfb.log" >&2; exit 1; }
    sleep 0.1
done
[ -s "$tmp/display" ] || { echo "screenshot.sh: Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$(head -n1 "$tmp/display")"

# --- Wireshark, as a user that may load plugins from WIRESHARK_PLUGIN_DIR ---
run=()
if [ "$(id -u)" -eq 0 ]; then
    if unshare --user -- true 2>/dev/null; then
        run=(unshare --user --)
    else
        chown -R nobody "$tmp"
        run=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
    fi
fi
env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" \
    XDG_RUNTIME_DIR="$tmp/runtime" WIRESHARK_PLUGIN_DIR="$build/plugins" \
    "${run[@]}" wireshark -r "$capture" -Y "$filter" -g "$frame" \
    >"$tmp/wireshark.out" 2>"$tmp/wireshark.err" &
ws_pid=$!

fail() {
    echo "screenshot.sh: $*" >&2
    sed 's/^/  wireshark: /' "$tmp/wireshark.out" "$tmp/wireshark.err" >&2
    exit 1
}
# The main window is titled after the capture once the file is loaded.
win=""
name=$(basename "$capture")
for _ in $(seq 300); do
    kill -0 "$ws_pid" 2>/dev/null || fail "wireshark exited early"
    for w in $(xdotool search --onlyvisible --class wireshark 2>/dev/null); do
        case "$(xdotool getwindowname "$w" 2>/dev/null)" in
        *"$name"*) win=$w ;;
        esac
    done
    [ -z "$win" ] || break
    sleep 0.1
done
[ -n "$win" ] || fail "no Wireshark window for $name within 30 s"
sleep 2 # dissection of the selected packet, layout

if [ "$expand" != none ]; then
    # Focus the packet details pane (click on its lower part, below the
    # tree's few collapsed top-level rows), go to its last top-level item,
    # which is the post-dissector's tree, and expand it.
    xdotool mousemove --sync $((width / 2)) $((height - 60)) click 1
    sleep 0.3
    xdotool key End
    sleep 0.3
    if [ "$expand" = subtrees ]; then
        xdotool key shift+Right # View > Expand Subtrees
    else
        xdotool key Right
    fi
    xdotool mousemove --sync $((width - 1)) $((height - 1)) # no hover highlight
    sleep 1
fi
kill -0 "$ws_pid" 2>/dev/null || fail "wireshark exited"
mkdir -p "$(dirname "$out")"
import -window "$win" "$out"
if grep -i sipadvisor "$tmp/wireshark.err" >&2; then
    echo "screenshot.sh: warning: wireshark printed the messages above about sipadvisor" >&2
fi
echo "screenshot.sh: wrote $out"
