#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Helpers for the GUI scripts (screenshot.sh, smoke.sh): sourced, not run.
# They start Xvfb on a free display, run the Wireshark Qt GUI with the
# build-tree plugin and a fresh temporary HOME, find its main window and
# always kill both at exit. Callers set $me (message prefix) and $build
# (the build tree) before sourcing; the gui_* variables are for them to read.
# shellcheck disable=SC2154,SC2034
set -euo pipefail

gui_tmp=""
gui_xvfb_pid=""
gui_ws_pid=""
gui_keep_dir=0
gui_watchdog_pid=""

gui_cleanup() {
    local pid
    if [ -n "$gui_watchdog_pid" ]; then
        # the watchdog first (it would report its sleep's death), then its sleep
        pid=$(pgrep -P "$gui_watchdog_pid" || true)
        kill "$gui_watchdog_pid" 2>/dev/null || true
        [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
    fi
    for pid in $gui_ws_pid $gui_xvfb_pid; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $gui_ws_pid $gui_xvfb_pid; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do # bounded wait, then force
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [ -n "$gui_tmp" ]; then
        if [ "$gui_keep_dir" = 1 ]; then
            echo "$me: kept $gui_tmp" >&2
        else
            rm -rf "$gui_tmp"
        fi
    fi
}

# gui_init: temporary directory with an empty Wireshark configuration
# ($gui_conf, to be filled by the caller) and the exit trap.
gui_init() {
    gui_tmp=$(mktemp -d /tmp/wsgui.XXXXXX)
    trap gui_cleanup EXIT
    trap 'exit 130' INT TERM
    gui_conf="$gui_tmp/home/.config/wireshark"
    mkdir -p "$gui_conf" "$gui_tmp/runtime"
    chmod 700 "$gui_tmp/runtime"
}

# gui_watchdog SECONDS: end the script (TERM, so the exit trap cleans up)
# if it is still running after SECONDS.
gui_watchdog() {
    local main=$$
    (
        sleep "$1"
        echo "$me: timed out after $1 s" >&2
        kill -TERM "$main"
    ) &
    gui_watchdog_pid=$!
    disown "$gui_watchdog_pid" 2>/dev/null || true # no "Terminated" at exit
}

# gui_plugin: path of the build's sipadvisor.so, or empty.
gui_plugin() {
    local f found=""
    for f in "$build"/plugins/*/epan/sipadvisor.so; do
        [ -f "$f" ] && found=$f
    done
    echo "$found"
}

# gui_start_xvfb WIDTH HEIGHT: Xvfb picks a free display and writes its
# number to fd 3; exports DISPLAY once an X client (xdotool) has connected
# to it. A server that does not answer is stopped and another one started
# (at most three tries): on a busy machine a display just given up by the
# previous GUI test can be in the middle of being torn down.
gui_start_xvfb() {
    local try
    for try in 1 2 3; do
        if gui_try_xvfb "$1" "$2"; then
            return 0
        fi
        echo "$me: Xvfb try $try failed" >&2
        [ -z "$gui_xvfb_pid" ] || kill -9 "$gui_xvfb_pid" 2>/dev/null || true
        gui_xvfb_pid=""
        sleep 1
    done
    echo "$me: no usable Xvfb display after 3 tries" >&2
    return 1
}

gui_try_xvfb() {
    rm -f "$gui_tmp/display"
    Xvfb -displayfd 3 -screen 0 "${1}x${2}x24" -nolisten tcp \
        3>"$gui_tmp/display" >"$gui_tmp/xvfb.log" 2>&1 &
    gui_xvfb_pid=$!
    for _ in $(seq 100); do
        [ -s "$gui_tmp/display" ] && break
        if ! kill -0 "$gui_xvfb_pid" 2>/dev/null; then
            cat "$gui_tmp/xvfb.log" >&2
            echo "$me: Xvfb did not start" >&2
            return 1
        fi
        sleep 0.1
    done
    [ -s "$gui_tmp/display" ] || { echo "$me: Xvfb did not start within 10 s" >&2; return 1; }
    DISPLAY=":$(head -n1 "$gui_tmp/display")"
    export DISPLAY
    for _ in $(seq 50); do
        xdotool getdisplaygeometry >/dev/null 2>&1 && return 0
        kill -0 "$gui_xvfb_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$gui_tmp/xvfb.log" >&2
    echo "$me: no X client could connect to $DISPLAY" >&2
    return 1
}

# gui_runner: sets the array gui_run to the command prefix that runs
# Wireshark as a user that honours WIRESHARK_PLUGIN_DIR (root does not): a
# user namespace, or the user nobody where namespaces are refused; and
# gui_env to the environment (temporary HOME, build-tree plugin folder).
gui_runner() {
    gui_run=()
    if [ "$(id -u)" -eq 0 ]; then
        if unshare --user -- true 2>/dev/null; then
            gui_run=(unshare --user --)
        else
            chown -R nobody "$gui_tmp"
            gui_run=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
        fi
    fi
    gui_env=(env HOME="$gui_tmp/home" XDG_CONFIG_HOME="$gui_tmp/home/.config"
        XDG_RUNTIME_DIR="$gui_tmp/runtime" WIRESHARK_PLUGIN_DIR="$build/plugins")
}

# gui_start_wireshark ARGS...: the GUI in the background, output in
# $gui_tmp/wireshark.{out,err}; its pid is the wireshark process itself
# (env, unshare and setpriv exec it).
gui_start_wireshark() {
    "${gui_env[@]}" "${gui_run[@]}" wireshark "$@" \
        >"$gui_tmp/wireshark.out" 2>"$gui_tmp/wireshark.err" &
    gui_ws_pid=$!
}

gui_show_output() {
    sed 's/^/  wireshark: /' "$gui_tmp/wireshark.out" "$gui_tmp/wireshark.err" >&2
}

# gui_window_titled TEXT SECONDS: sets gui_win to the visible Wireshark
# window whose title contains TEXT (the main window is titled after the
# capture once the file is read); returns 1 when there is none in time or
# wireshark exited.
gui_window_titled() {
    local w end=$((SECONDS + $2))
    gui_win=""
    while [ "$SECONDS" -lt "$end" ]; do
        kill -0 "$gui_ws_pid" 2>/dev/null || { echo "$me: wireshark exited" >&2; return 1; }
        for w in $(xdotool search --onlyvisible --class wireshark 2>/dev/null); do
            case "$(xdotool getwindowname "$w" 2>/dev/null)" in
            *"$1"*) gui_win=$w ;;
            esac
        done
        [ -z "$gui_win" ] || return 0
        sleep 0.1
    done
    return 1
}

# gui_window_names: the titles of all visible Wireshark windows, one a line.
gui_window_names() {
    local w
    for w in $(xdotool search --onlyvisible --class wireshark 2>/dev/null); do
        xdotool getwindowname "$w" 2>/dev/null || true
    done
}

# gui_settle: wait until the window stops changing (file read, packet
# selected, drawn): two equal snapshots 0.5 s apart, at most ~15 s.
gui_settle() {
    local last="" now
    sleep 0.5
    for _ in $(seq 30); do
        now=$(import -window "$gui_win" rgb:- 2>/dev/null | md5sum)
        [ "$now" = "$last" ] && return 0
        last=$now
        sleep 0.5
    done
    echo "$me: window still changing after 15 s, going on" >&2
}
