#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# GUI smoke test: the Wireshark Qt GUI, under Xvfb, with the build-tree
# sipadvisor plugin, on a testdata capture. It checks that
#   - tshark with the same environment lists the build's plugin (if tshark
#     is installed),
#   - the GUI maps this build's sipadvisor.so (/proc/PID/maps),
#   - the GUI accepts a display filter on sipadvisor fields: the capture only
#     opens (window titled after it) when the fields are registered, an
#     unknown field gives an error dialog and no file,
#   - it survives selecting every packet with all subtrees expanded, and
#     stays up for a few seconds,
#   - it printed no message mentioning sipadvisor and nothing CRITICAL.
#
#   tests/gui/smoke.sh [CAPTURE]     (default: testdata/demo.pcap)
#   SIPADVISOR_BUILD=DIR picks the build tree (default: ./build),
#   SMOKE_SECONDS=N how long the GUI must stay up at the end (default: 5),
#   SMOKE_SCREENSHOT=FILE.png saves the window after the walk (imagemagick).
#
# Exit status: 0 passed, 77 skipped (wireshark-qt, xvfb or xdotool missing:
# ctest SKIP_RETURN_CODE), 1 failed, 2 usage or no build. Takes ~15 s and
# stays under 60 s. Needs: wireshark-qt, xvfb, xdotool (Debian packages).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="${SIPADVISOR_BUILD:-$here/build}"
me=smoke.sh
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$here/tests/gui/common.sh"
capture=$(realpath "${1:-$here/testdata/demo.pcap}")
stay=${SMOKE_SECONDS:-5}

for tool in wireshark Xvfb xdotool; do
    if ! command -v "$tool" >/dev/null; then
        echo "$me: SKIP: $tool not found (apt-get install wireshark-qt xvfb xdotool)"
        exit 77
    fi
done
plugin=$(gui_plugin)
if [ -z "$plugin" ]; then
    echo "$me: no $build/plugins/*/epan/sipadvisor.so (build first)" >&2
    exit 2
fi
[ -f "$capture" ] || { echo "$me: no capture $capture" >&2; exit 2; }
plugin_real=$(realpath "$plugin")

gui_init
gui_watchdog 55
{
    echo "gui.ask_unsaved: FALSE"
    echo "gui.update.enabled: FALSE"
} >"$gui_conf/preferences"
{
    echo "gui.geometry_main_x: 0"
    echo "gui.geometry_main_y: 0"
    echo "gui.geometry_main_width: 1280"
    echo "gui.geometry_main_height: 800"
    echo "privs.warn_if_elevated: FALSE"
    echo "sys.warn_if_no_capture: FALSE"
} >"$gui_conf/recent_common"
gui_runner

failed=0
fail() {
    echo "$me: FAIL: $*" >&2
    failed=1
}
finish() {
    if [ "$failed" = 1 ]; then
        echo "$me: wireshark's output:" >&2
        gui_show_output
        exit 1
    fi
    echo "$me: PASS"
    exit 0
}

# 1. tshark, same environment: the plugin of this build is loaded.
if command -v tshark >/dev/null; then
    if "${gui_env[@]}" "${gui_run[@]}" timeout 15 tshark -G plugins 2>"$gui_tmp/tshark.err" |
        grep -F "$plugin" >/dev/null; then
        echo "$me: ok: tshark loads $plugin"
    else
        cat "$gui_tmp/tshark.err" >&2
        fail "tshark -G plugins does not list $plugin"
    fi
else
    echo "$me: note: no tshark, skipping the tshark -G plugins check"
fi

gui_start_xvfb 1280 800
# A filter that shows every packet but is only valid when the plugin's
# fields are registered.
gui_start_wireshark -r "$capture" -Y 'sipadvisor || !sipadvisor'
name=$(basename "$capture")

# 2. The capture opens with the filter (window titled after it).
if gui_window_titled "$name" 20; then
    echo "$me: ok: the GUI opened $name with a filter on sipadvisor fields"
else
    fail "no window titled $name within 20 s; visible windows: $(gui_window_names | tr '\n' '|')"
    finish
fi

# 3. This build's plugin is mapped into the GUI process.
if grep -F "$plugin_real" "/proc/$gui_ws_pid/maps" >/dev/null 2>&1; then
    echo "$me: ok: the GUI mapped $plugin_real"
else
    fail "$plugin_real is not mapped into wireshark (pid $gui_ws_pid)"
fi

# 4. Select every packet with every subtree expanded (the plugin draws its
#    trees for each): Go > First Packet, View > Expand All, Go > Next Packet.
packets=$(timeout 10 capinfos -Mc "$capture" 2>/dev/null |
    awk '/Number of packets/ { print $NF }') || true
packets=${packets:-50}
[ "$packets" -le 200 ] || packets=200
xdotool windowfocus --sync "$gui_win" 2>/dev/null || xdotool windowfocus "$gui_win" || true
sleep 1
xdotool key --delay 50 ctrl+Home ctrl+Right
for _ in $(seq "$packets"); do
    xdotool key --delay 30 ctrl+Down
    kill -0 "$gui_ws_pid" 2>/dev/null || break
done
echo "$me: ok: walked $packets packets"
if [ -n "${SMOKE_SCREENSHOT:-}" ] && command -v import >/dev/null; then
    sleep 1
    import -window "$gui_win" "$SMOKE_SCREENSHOT" && echo "$me: wrote $SMOKE_SCREENSHOT"
fi

# 5. Still up after a few seconds.
sleep "$stay"
if kill -0 "$gui_ws_pid" 2>/dev/null; then
    echo "$me: ok: the GUI is still running after ${stay} s"
else
    wait "$gui_ws_pid" && rc=0 || rc=$?
    gui_ws_pid=""
    fail "wireshark exited (status $rc)"
fi

# 6. Nothing about the plugin, nothing critical, on stderr.
# (Wireshark's log lines read " ** (wireshark:PID) TIME [Domain LEVEL] -- ...")
if grep -Ei 'sipadvisor' "$gui_tmp/wireshark.err" >&2 ||
    grep -E '\[[A-Za-z]* ?(CRITICAL|ERROR)\]' "$gui_tmp/wireshark.err" >&2; then
    fail "wireshark printed the messages above"
else
    echo "$me: ok: no message about sipadvisor, nothing critical"
fi
finish
