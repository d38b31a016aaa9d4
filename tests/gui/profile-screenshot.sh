#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The "SIP Advisor" configuration profile (profile/) in the Wireshark Qt GUI,
# with the build-tree plugin, under Xvfb: opens CAPTURE with
# -C "SIP Advisor" (the profile copied into the personal configuration folder
# of a temporary HOME) and saves the main window as a PNG.
#
#   tests/gui/profile-screenshot.sh [--check] CAPTURE OUT.png [WxH [FRAME]]   (default 1280x600)
#   e.g. tests/gui/profile-screenshot.sh testdata/422-udp.pcap docs/gui-profile.png 1280x600 2
# FRAME: the packet to select (Wireshark selects the first one otherwise).
#
# --check (ctest gui.profile, on testdata/422-udp.pcap) also checks that
#   - the packet list shows the profile's colouring rules: rows in the
#     "needs a human" orange, the "retried with the fix" green and the
#     "analysed" yellow (pixels of those exact colours in the window),
#   - the GUI ran with the profile's columns: at exit (ctrl+q) Wireshark
#     rewrites the profile's "recent" file, whose column.width line names
#     each column of the packet list by its format (%Cus:sipadvisor.status...).
#
# Needs wireshark-qt, xvfb, xdotool, imagemagick and a build (SIPADVISOR_BUILD
# picks the build tree). Exit 77 (skip) when a tool is missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="${SIPADVISOR_BUILD:-$here/build}"
me=profile-screenshot.sh
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$here/tests/gui/common.sh"
check=0
if [ "${1:-}" = "--check" ]; then
    check=1
    shift
fi
if [ $# -lt 2 ]; then
    echo "usage: tests/gui/profile-screenshot.sh [--check] CAPTURE OUT.png [WxH [FRAME]]" >&2
    exit 2
fi
for tool in wireshark Xvfb xdotool import; do
    if ! command -v "$tool" >/dev/null; then
        echo "$me: SKIP: $tool not found (apt-get install wireshark-qt xvfb xdotool imagemagick)"
        exit 77
    fi
done
[ -n "$(gui_plugin)" ] || { echo "$me: no sipadvisor.so under $build (build first)" >&2; exit 2; }
capture=$(realpath "$1")
[ -f "$capture" ] || { echo "$me: no capture $capture" >&2; exit 2; }
out=$(realpath -m "$2")
size=${3:-1280x600}
width=${size%x*}
height=${size#*x}
select=()
[ -z "${4:-}" ] || select=(-g "$4")
profile_name="SIP Advisor"

gui_init
gui_watchdog 100
{
    echo "gui.ask_unsaved: FALSE"
    echo "gui.update.enabled: FALSE"
} >"$gui_conf/preferences"
{
    echo "gui.geometry_main_x: 0"
    echo "gui.geometry_main_y: 0"
    echo "gui.geometry_main_width: $width"
    echo "gui.geometry_main_height: $height"
    echo "gui.geometry_main_maximized: FALSE"
    echo "privs.warn_if_elevated: FALSE"
    echo "sys.warn_if_no_capture: FALSE"
} >"$gui_conf/recent_common"
# The profile as cmake --install lays it out in the personal folder.
profile="$gui_conf/profiles/$profile_name"
mkdir -p "$profile"
for f in "$here"/profile/*; do
    case $f in *.license) ;; *) cp "$f" "$profile/" ;; esac
done
# Panes for the picture: the packet list large, no bytes pane. Column widths
# only for a picture: with --check, those Wireshark writes at exit are the
# proof of the columns.
{
    echo "gui.byte_view_show: FALSE"
    echo "gui.packet_diagram_show: FALSE"
    echo "gui.geometry_main_upper_pane: $((height * 55 / 100))"
    echo "gui.geometry_main_lower_pane: $((height * 55 / 100))"
    if [ "$check" = 0 ]; then
        echo "column.width: %m, 50, %t, 80, %s, 90, %d, 90, %p, 65, \"%Cus:sipadvisor.status\", 50," \
            "\"%Cus:sipadvisor.request_frame\", 62," \
            "\"%Cus:sipadvisor.fix || sipadvisor.new_uri || sipadvisor.missing\", $((width - 880)), %i, 600"
    fi
} >"$profile/recent"
gui_runner
gui_start_xvfb "$width" "$height"
gui_start_wireshark -C "$profile_name" -r "$capture" "${select[@]}"

failed=0
fail() {
    echo "$me: FAIL: $*" >&2
    failed=1
}
gui_window_titled "$(basename "$capture")" 30 || {
    gui_show_output
    echo "$me: no Wireshark window for $(basename "$capture") within 30 s" >&2
    exit 1
}
win=$gui_win
xdotool mousemove --sync $((width - 1)) $((height - 1)) # no hover highlight
gui_settle
kill -0 "$gui_ws_pid" 2>/dev/null || { gui_show_output; echo "$me: wireshark exited" >&2; exit 1; }

# Exact colours need a full-colour capture (the PNG below has 256).
if [ "$check" = 1 ]; then
    import -window "$win" "$gui_tmp/window.ppm"
    count() { # R G B -> how many pixels of that colour
        convert "$gui_tmp/window.ppm" -fill black +opaque "rgb($1,$2,$3)" -fill white -opaque "rgb($1,$2,$3)" \
            -format '%[fx:round(mean*w*h)]' info:
    }
    # 16-bit colours of profile/colorfilters, divided by 257.
    for rule in "needs a human:255 190 80" "retried with the fix:204 238 196" "analysed:255 247 204"; do
        name=${rule%%:*}
        read -r r g b <<<"${rule#*:}"
        n=$(count "$r" "$g" "$b")
        # A packet list row is about 20 px high and most of the width.
        if [ "$n" -ge $((width * 8)) ]; then
            echo "$me: ok: '$name' rows ($n pixels of rgb($r,$g,$b))"
        else
            fail "no '$name' rows: $n pixels of rgb($r,$g,$b)"
        fi
    done
fi

mkdir -p "$(dirname "$out")"
# 256 colours are plenty for a GUI and make the file 4 times smaller.
import -window "$win" -strip +dither -colors 256 "PNG8:$out"
echo "$me: wrote $out"

if [ "$check" = 1 ]; then
    # Quit (ctrl+q): Wireshark writes the profile's recent file.
    xdotool windowactivate "$win" 2>/dev/null || xdotool windowfocus "$win" || true
    sleep 0.5
    xdotool key --window "$win" ctrl+q
    for _ in $(seq 100); do
        kill -0 "$gui_ws_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$gui_ws_pid" 2>/dev/null; then
        fail "wireshark did not quit on ctrl+q within 10 s"
    else
        gui_ws_pid=""
        # column.width: %m, 50, ... (one line, or continued on indented lines)
        widths=$(awk '/^column\.width:/ { on = 1; printf "%s", $0; next }
                      on && /^[ \t]/ { printf " %s", $0; next } { on = 0 }' "$profile/recent" 2>/dev/null |
            tr -s ' \t' ' ' || true)
        if [ -z "${widths#column.width:}" ]; then
            fail "Wireshark wrote no column widths into the profile's recent file"
        else
            missing=""
            # (a custom column is written "%Cus:FIELDS", in quotes)
            for fmt in "%m" "%t" "%s" "%d" "%p" '"%Cus:sipadvisor.status"' \
                '"%Cus:sipadvisor.request_frame"' \
                '"%Cus:sipadvisor.fix || sipadvisor.new_uri || sipadvisor.missing"' "%i"; do
                case $widths in *"$fmt"*) ;; *) missing="$missing [$fmt]" ;; esac
            done
            if [ -n "$missing" ]; then
                fail "the packet list lacked the profile's columns$missing: $widths"
            else
                echo "$me: ok: the packet list had the profile's columns ($widths)"
            fi
        fi
    fi
    if grep -Ei 'sipadvisor|colorfilters|Could not compile' "$gui_tmp/wireshark.err" >&2; then
        fail "wireshark printed the messages above"
    fi
    if [ "$failed" = 1 ]; then
        gui_show_output
        exit 1
    fi
    echo "$me: PASS"
fi
