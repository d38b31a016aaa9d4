#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Screenshot of the sipadvisor statistics tree in the Wireshark Qt GUI
# (Statistics > SIP Advisor), with the build-tree plugin, under Xvfb: opens
# CAPTURE, picks the menu entry with the keyboard (plugin statistics trees are
# the last entries of the Statistics menu), waits for the dialog to fill and
# saves the dialog window as a PNG.
#
#   tests/gui/stats-screenshot.sh CAPTURE OUT.png [WxH]   (default 1000x760)
#   e.g. tests/gui/stats-screenshot.sh testdata/demo.pcap docs/gui-stats.png
#
# Needs wireshark-qt, xvfb, xdotool, imagemagick and a build (SIPADVISOR_BUILD
# picks the build tree). Exit 77 when a tool is missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="${SIPADVISOR_BUILD:-$here/build}"
me=stats-screenshot.sh
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$here/tests/gui/common.sh"
if [ $# -lt 2 ]; then
    echo "usage: tests/gui/stats-screenshot.sh CAPTURE OUT.png [WxH]" >&2
    exit 2
fi
for tool in wireshark Xvfb xdotool import; do
    command -v "$tool" >/dev/null || { echo "$me: SKIP: $tool not found"; exit 77; }
done
[ -n "$(gui_plugin)" ] || { echo "$me: no sipadvisor.so under $build (build first)" >&2; exit 2; }
capture=$(realpath "$1")
out=$(realpath -m "$2")
size=${3:-1000x760}
width=${size%x*}
height=${size#*x}

gui_init
gui_watchdog 80
{
    echo "gui.ask_unsaved: FALSE"
    echo "gui.update.enabled: FALSE"
} >"$gui_conf/preferences"
{
    echo "privs.warn_if_elevated: FALSE"
    echo "sys.warn_if_no_capture: FALSE"
} >"$gui_conf/recent_common"
gui_runner
gui_start_xvfb "$width" "$height"
gui_start_wireshark -r "$capture"
gui_window_titled "$(basename "$capture")" 30 || { gui_show_output; exit 1; }
main_win=$gui_win
sleep 2
xdotool windowactivate "$main_win" 2>/dev/null || xdotool windowfocus "$main_win" || true
sleep 0.5
# Statistics > SIP Advisor: Wireshark lists a plugin's statistics trees at
# the end of the Statistics menu; "SIP Advisor" is the one before
# "SIP Advisor: explain the capture" (SIPADVISOR_STATS_KEYS overrides).
xdotool key --delay 300 ${SIPADVISOR_STATS_KEYS:-alt+s Up Up Return}

# The dialog's title names the statistics ("SIP Advisor ...") and the file.
dialog=""
for _ in $(seq 300); do
    kill -0 "$gui_ws_pid" 2>/dev/null || { gui_show_output; echo "$me: wireshark exited" >&2; exit 1; }
    for w in $(xdotool search --onlyvisible --name "${SIPADVISOR_STATS_TITLE:-SIP Advisor ·}" 2>/dev/null); do
        dialog=$w
    done
    [ -n "$dialog" ] && break
    sleep 0.1
done
if [ -z "$dialog" ]; then
    echo "$me: no SIP Advisor statistics window; visible: $(gui_window_names | tr '\n' '|')" >&2
    gui_show_output
    exit 1
fi
sleep 3 # the tap runs over the file and the tree fills
xdotool windowsize --sync "$dialog" "$width" "$height" 2>/dev/null || xdotool windowsize "$dialog" "$width" "$height"
xdotool windowmove "$dialog" 0 0 || true
xdotool windowactivate "$dialog" 2>/dev/null || true
sleep 1
# Expand every node: select the tree view and press '*' on each top item.
xdotool key --window "$dialog" --delay 80 Tab Home
for _ in $(seq 12); do
    xdotool key --window "$dialog" --delay 60 asterisk Down
done
xdotool key --window "$dialog" Home
sleep 1
import -window "$dialog" "$out"
echo "$me: wrote $out"
