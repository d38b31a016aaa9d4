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
#     --expand MODE     auto (default): the sipadvisor tree and those of its
#                       subtrees whose label matches --open (one level each);
#                       all: every subtree; children: one level; none
#     --open REGEX      labels auto opens (default: Explanation|Transaction|Follow-up)
#     --pref NAME:VALUE a Wireshark preference, e.g. sipadvisor.language:zh
#                       (repeatable; tshark's tree walk gets it too)
#     --keep-dir        keep the temporary HOME/config dir (for debugging)
#   e.g. tests/gui/screenshot.sh testdata/421-tcp.pcap 8 docs/gui-421.png
#
# Needs: wireshark-qt, xvfb, xdotool, imagemagick, tshark (for the tree
# layout that --expand auto walks with the keyboard; Debian package names) and
# a build (build/plugins/<ver>/epan/sipadvisor.so; SIPADVISOR_BUILD=DIR picks
# another build tree). Wireshark runs with a fresh temporary HOME, so no user
# profile interferes; as root it runs in a user namespace (or as nobody), as
# tests/tshark-dev does, because root ignores WIRESHARK_PLUGIN_DIR.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="${SIPADVISOR_BUILD:-$here/build}"
me=screenshot.sh
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$here/tests/gui/common.sh"

filter=sip
size=1400x900
list_height=170
font=""
expand=auto
open_re='^(Explanation|Transaction|Follow-up)'
keep_dir=0
prefs=()
while [ $# -gt 0 ]; do
    case "$1" in
    --filter) filter=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --list-height) list_height=$2; shift 2 ;;
    --font) font=$2; shift 2 ;;
    --expand) expand=$2; shift 2 ;;
    --open) open_re=$2; shift 2 ;;
    --keep-dir) keep_dir=1; shift ;;
    --pref) prefs+=("$2"); shift 2 ;;
    -h | --help) sed -n '4,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) echo "$me: unknown option $1" >&2; exit 2 ;;
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
case "$expand" in auto | all | children | none) ;; *)
    echo "$me: --expand auto|all|children|none" >&2; exit 2 ;;
esac
width=${size%x*}
height=${size#*x}

for tool in wireshark Xvfb xdotool import; do
    if ! command -v "$tool" >/dev/null; then
        echo "$me: $tool not found (apt-get install wireshark-qt xvfb xdotool imagemagick)" >&2
        exit 2
    fi
done
if [ -z "$(gui_plugin)" ]; then
    echo "$me: no $build/plugins/*/epan/sipadvisor.so (build first)" >&2
    exit 2
fi
[ -f "$capture" ] || { echo "$me: no capture $capture" >&2; exit 2; }

gui_keep_dir=$keep_dir
gui_init
conf=$gui_conf
tmp=$gui_tmp

# --- a fresh Wireshark configuration: layout, window geometry, columns ---
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
    for p in "${prefs[@]}"; do echo "${p%%:*}: ${p#*:}"; done
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
    # With layout 5 and no third pane, Wireshark 4.0 ends up giving the
    # packet list about lower_pane pixels (found by trying); set both.
    echo "gui.geometry_main_upper_pane: $list_height"
    echo "gui.geometry_main_lower_pane: $list_height"
    # No. Time Source Destination Protocol Length Info
    echo "column.width: %m, 50, %t, 90, %s, 110, %d, 110, %p, 75, %L, 60, %i, -1"
} >"$conf/recent"

gui_start_xvfb "$width" "$height"
gui_runner
run=("${gui_run[@]}")
wsenv=("${gui_env[@]}")

tshark_prefs=()
for p in "${prefs[@]}"; do tshark_prefs+=(-o "$p"); done
# The tree as tshark draws it (-2: after the whole capture, as the GUI does):
# per child of the last sipadvisor item its number of children and whether
# to open it, and how many top-level items follow that sipadvisor item.
plan=""
after=0
if [ "$expand" = auto ]; then
    if ! command -v tshark >/dev/null; then
        echo "$me: no tshark, --expand children instead of auto" >&2
        expand=children
    else
        "${wsenv[@]}" "${run[@]}" tshark -r "$capture" -2 -V -O sipadvisor "${tshark_prefs[@]}" \
            -Y "frame.number == $frame" >"$tmp/tree.txt" 2>"$tmp/tshark.err" ||
            { cat "$tmp/tshark.err" >&2; exit 1; }
        awk -v re="$open_re" '
            /^[^ ]/ {
                if ($0 ~ /^\[?SIP Advisor/) { found = 1; n = 0; after = 0 }
                else if (found) after++
                next
            }
            /^    [^ ]/ { n++; kids[n] = 0; l = $0; sub(/^ +\[?/, "", l); label[n] = l; next }
            /^        [^ ]/ { kids[n]++ }
            END {
                if (!found) exit 1
                print "after", after
                for (i = 1; i <= n; i++)
                    print kids[i], (kids[i] > 0 && label[i] ~ re) ? 1 : 0
            }' "$tmp/tree.txt" >"$tmp/plan" ||
            { echo "$me: frame $frame has no sipadvisor tree" >&2; exit 1; }
        after=$(awk 'NR == 1 { print $2 }' "$tmp/plan")
        plan=$(sed 1d "$tmp/plan")
    fi
fi

gui_start_wireshark -r "$capture" -Y "$filter" -g "$frame"
fail() {
    echo "$me: $*" >&2
    gui_show_output
    exit 1
}
gui_window_titled "$(basename "$capture")" 30 ||
    fail "no Wireshark window for $(basename "$capture") within 30 s"
win=$gui_win

xdotool mousemove --sync $((width - 1)) $((height - 1)) # no hover highlight
gui_settle
if [ "$expand" != none ]; then
    # Focus the packet details pane: click on its lower part, below the few
    # collapsed top-level rows. End goes to the last top-level item, the
    # post-dissector's tree (Up over any top-level item tshark shows after it).
    xdotool mousemove --sync $((width / 2)) $((height - 60)) click 1
    xdotool mousemove --sync $((width - 1)) $((height - 1))
    sleep 0.3
    keys=(End)
    for _ in $(seq "$after"); do keys+=(Up); done
    case "$expand" in
    all) keys+=(shift+Right) ;; # View > Expand Subtrees
    children) keys+=(Right) ;;
    auto)
        # Expand the tree one level, then walk its children and expand the
        # chosen ones (one level each); come back up to the tree's own item.
        keys+=(Right)
        downs=0
        skip=0
        while read -r kids open; do
            [ -n "$kids" ] || continue
            for _ in $(seq $((1 + skip))); do keys+=(Down); done
            downs=$((downs + 1 + skip))
            skip=0
            if [ "$open" = 1 ]; then
                keys+=(Right)
                skip=$kids
            fi
        done <<<"$plan"
        for _ in $(seq "$downs"); do keys+=(Up); done
        ;;
    esac
    xdotool key --delay 40 "${keys[@]}"
    gui_settle
fi
kill -0 "$gui_ws_pid" 2>/dev/null || fail "wireshark exited"
mkdir -p "$(dirname "$out")"
# 256 colours are plenty for a GUI and make the file 4 times smaller.
import -window "$win" -strip +dither -colors 256 "PNG8:$out"
if grep -i sipadvisor "$tmp/wireshark.err" >&2; then
    echo "$me: warning: wireshark printed the messages above about sipadvisor" >&2
fi
echo "$me: wrote $out"
