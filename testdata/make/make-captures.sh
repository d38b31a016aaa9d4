#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Regenerate every SIP test capture in testdata/ from scratch with SIPp on
# the loopback interface.  Needs: sipp (Debian: sip-tester), dumpcap,
# editcap, mergecap, python3, tshark (to check each capture's layout); and
# the right to capture on "lo" (root, or dumpcap with cap_net_raw/admin).
#
# Each scenario runs between its own pair of loopback addresses, both on
# port 5060 so that tshark decodes SIP without any "decode as":
#   caller (SIPp UAC) 127.0.N.1:5060  <->  callee (SIPp UAS) 127.0.N.2:5060
# and the capture filter keeps only that pair (421-tcp: see make_421_tcp).
# Call-IDs (-cid_str: <capture>[-variant]-<call number>@<caller ip>), tags and
# branches are fixed, so only timestamps (and the TCP client port and
# sequence numbers) change between runs.  Every SIPp run is bounded by -m,
# -timeout and timeout(1); each capture's SIP frame layout is checked
# against EXPECT below (the frame numbers documented in testdata/README.md).
#
# Usage: testdata/make/make-captures.sh [capture-name ...]   (default: all)

set -euo pipefail

MAKE_DIR=$(cd "$(dirname "$0")" && pwd)
OUT_DIR=$(cd "$MAKE_DIR/.." && pwd)
WORK=$(mktemp -d /tmp/sipadvisor-captures.XXXXXX)
SIPP_TIMEOUT=15          # seconds, per SIPp process (-timeout)
CMD_TIMEOUT=25           # seconds, hard limit per command (timeout(1))

# Background processes still running (cleared once waited for).
CAP_PID='' UAS_PID='' RELAY_PID=''
cleanup() {
    local p
    for p in $CAP_PID $UAS_PID $RELAY_PID; do
        kill "$p" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

for tool in sipp dumpcap editcap mergecap python3; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done

log() { echo "== $*" >&2; }
CURRENT=
die() {
    echo "ERROR: $*" >&2
    local f
    for f in "$WORK/$CURRENT"*.log; do
        [ -s "$f" ] && { echo "--- $f" >&2; tail -n 30 "$f" >&2; }
    done
    exit 1
}

# cap_start NAME FILTER: capture on lo into $WORK/NAME.pcap (libpcap format).
cap_start() {
    local name=$1 filter=$2
    rm -f "$WORK/$name.pcap"
    timeout 60 dumpcap -q -i lo -P -f "$filter" -w "$WORK/$name.pcap" \
        >"$WORK/$name.dumpcap.log" 2>&1 &
    CAP_PID=$!
    # Wait for the file header, i.e. for the capture to be running.
    for _ in $(seq 50); do
        [ "$(stat -c %s "$WORK/$name.pcap" 2>/dev/null || echo 0)" -ge 24 ] && break
        sleep 0.1
    done
    [ "$(stat -c %s "$WORK/$name.pcap" 2>/dev/null || echo 0)" -ge 24 ] || die "dumpcap did not start"
    sleep 0.5
}

# cap_stop NAME: stop the capture and install it as testdata/NAME.pcap.
cap_stop() {
    local name=$1
    sleep 0.5
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || true
    CAP_PID=
    editcap -F pcap "$WORK/$name.pcap" "$OUT_DIR/$name.pcap"
    log "wrote testdata/$name.pcap ($(capinfos_frames "$OUT_DIR/$name.pcap") frames)"
}

capinfos_frames() {
    if command -v capinfos >/dev/null; then
        capinfos -M -c "$1" | awk '/Number of packets/ {print $NF}'
    else
        echo "?"
    fi
}

# SIPp runs in $WORK so that its log files never land in the repository.
SIPP_COMMON=(-nostdin -bind_local -p 5060 -m 1 -timeout "${SIPP_TIMEOUT}s" -timeout_error)

# uas_start LOG XML LOCAL_IP [sipp args...]: callee in the background.
uas_start() {
    local logname=$1 xml=$2 ip=$3
    shift 3
    (cd "$WORK" && exec timeout "$CMD_TIMEOUT" sipp -sf "$MAKE_DIR/$xml" -i "$ip" \
        "${SIPP_COMMON[@]}" "$@" >"$WORK/$logname.uas.log" 2>&1) &
    UAS_PID=$!
    sleep 0.5
}

# uas_wait: wait for the callee to finish its call.
uas_wait() {
    local rc=0
    wait "$UAS_PID" || rc=$?
    UAS_PID=
    [ "$rc" -eq 0 ] || die "SIPp UAS exited with status $rc"
}

# uac_run LOG XML LOCAL_IP REMOTE CALLID_PREFIX [sipp args...]: caller, foreground.
uac_run() {
    local logname=$1 xml=$2 ip=$3 remote=$4 cid=$5
    shift 5
    (cd "$WORK" && exec timeout "$CMD_TIMEOUT" sipp -sf "$MAKE_DIR/$xml" "$remote" -i "$ip" \
        "${SIPP_COMMON[@]}" -cid_str "$cid-%u@%s" "$@" >"$WORK/$logname.uac.log" 2>&1) \
        || die "SIPp UAC ($xml) exited with status $?"
}

# sipp_pair LOG NET BASE CALLID_PREFIX [UAS args...] [-- UAC args...]:
# BASE-uas.xml on 127.0.NET.2 and BASE-uac.xml on 127.0.NET.1, over UDP.
sipp_pair() {
    local logname=$1 net=$2 base=$3 cid=$4
    shift 4
    local uas_args=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do uas_args+=("$1"); shift; done
    if [ $# -gt 0 ]; then shift; fi
    uas_start "$logname" "$base-uas.xml" "127.0.$net.2" "${uas_args[@]}"
    uac_run "$logname" "$base-uac.xml" "127.0.$net.1" "127.0.$net.2:5060" "$cid" "$@"
    uas_wait
}

udp_filter() { echo "udp and host 127.0.$1.1 and host 127.0.$1.2"; }

# simple_udp NAME NET [UAS args...] [-- UAC args...]: one pair, one capture.
simple_udp() {
    local name=$1 net=$2
    shift 2
    cap_start "$name" "$(udp_filter "$net")"
    sipp_pair "$name" "$net" "$name" "$name" "$@"
    cap_stop "$name"
}

# with_options NAME NET [UAS args...] [-- UAC args...]: the pair, then an
# unrelated OPTIONS transaction (options-ua[cs].xml) in another Call-ID.
with_options() {
    local name=$1 net=$2
    shift 2
    cap_start "$name" "$(udp_filter "$net")"
    sipp_pair "$name" "$net" "$name" "$name" "$@"
    sipp_pair "$name-options" "$net" options "$name-options"
    cap_stop "$name"
}

make_301_udp()          { simple_udp 301-udp 1; }
make_301_register_udp() { simple_udp 301-register-udp 2; }
make_421_udp()          { simple_udp 421-udp 3; }

# 421 over TCP through tcp-resegment.py, which owns both ends of the
# captured leg 127.0.4.1:<ephemeral> -> 127.0.4.2:5060 and so decides how
# the SIP messages are cut into segments there:
#   UAC 127.0.4.1:5060 -> relay 127.0.4.3:5060
#   relay 127.0.4.1:<eph> => relay 127.0.4.2:5060      (captured)
#   relay 127.0.4.3:<eph> -> UAS 127.0.4.2:5062
make_421_tcp() {
    local name=421-tcp
    cap_start "$name" "tcp and host 127.0.4.1 and host 127.0.4.2"
    uas_start "$name" "$name-uas.xml" 127.0.4.2 -t t1 -p 5062
    rm -f "$WORK/relay.ready"
    timeout "$CMD_TIMEOUT" python3 "$MAKE_DIR/tcp-resegment.py" --listen 127.0.4.3:5060 \
        --middle-client 127.0.4.1 --middle-server 127.0.4.2:5060 \
        --upstream 127.0.4.2:5062 --upstream-source 127.0.4.3 \
        --lifetime 20 --ready-file "$WORK/relay.ready" 2>"$WORK/$name.relay.log" &
    RELAY_PID=$!
    for _ in $(seq 50); do [ -e "$WORK/relay.ready" ] && break; sleep 0.1; done
    [ -e "$WORK/relay.ready" ] || die "tcp-resegment.py did not start"
    uac_run "$name" "$name-uac.xml" 127.0.4.1 127.0.4.3:5060 "$name" -t t1
    uas_wait
    local rc=0
    wait "$RELAY_PID" || rc=$?
    RELAY_PID=
    [ "$rc" -eq 0 ] || die "tcp-resegment.py exited with status $rc"
    sed 's/^/   /' "$WORK/$name.relay.log" >&2
    cap_stop "$name"
}

# UAS -nr: no retransmission detection, so the INVITE retransmission
# reaches the scenario; UAC -pause_msg_ign: the 421 retransmission is
# ignored while the caller pauses before its ACK.
make_retrans_udp()      { simple_udp retrans-udp 5 -nr -- -pause_msg_ign; }

# Two callers in a row against one callee (-m 2): the first Via has a
# branch without the z9hG4bK cookie, the second no branch at all.
make_rfc2543_udp() {
    local name=rfc2543-udp
    cap_start "$name" "$(udp_filter 6)"
    uas_start "$name" "$name-uas.xml" 127.0.6.2 -m 2
    uac_run "$name" "$name-uac.xml" 127.0.6.1 127.0.6.2:5060 "$name-branch" \
        -key case old-branch -key via_params ";branch=1a2b3c4d"
    uac_run "$name-2" "$name-uac.xml" 127.0.6.1 127.0.6.2:5060 "$name-nobranch" \
        -key case no-branch -key via_params ""
    uas_wait
    cap_stop "$name"
}

make_interleaved_udp()  { simple_udp interleaved-udp 7; }

make_malformed_udp() {
    simple_udp malformed-udp 8 -m 3 \
        -- -m 3 -l 1 -inf "$MAKE_DIR/malformed-udp-uac.csv"
}

make_followup_301_giveup_udp()      { with_options followup-301-giveup-udp 9; }
make_followup_301_unoffered_udp()   { simple_udp followup-301-unoffered-udp 10; }
make_followup_421_stillmissing_udp() { simple_udp followup-421-stillmissing-udp 11; }
make_followup_421_noack_udp()       { with_options followup-421-noack-udp 12 -- -pause_msg_ign; }

# Hundreds of transactions for the statistics tests: three SIPp pairs in a
# row, each running its scenario for many calls (-m, 50 calls/s):
#   127.0.13.x  421-udp scenario, 100 calls: 421, ACK, retry with timer, 200
#   127.0.14.x  301-udp scenario,  60 calls: 301, ACK, retry at the new URI
#   127.0.15.x  followup-301-giveup scenario, 40 calls: 301, ACK, no retry
make_many_udp() {
    local name=many-udp
    cap_start "$name" "udp and (host 127.0.13.1 or host 127.0.14.1 or host 127.0.15.1)"
    sipp_pair "$name-421" 13 421-udp "$name-421" -m 100 -- -m 100 -r 50
    sipp_pair "$name-301" 14 301-udp "$name-301" -m 60 -- -m 60 -r 50
    sipp_pair "$name-giveup" 15 followup-301-giveup-udp "$name-giveup" -m 40 -- -m 40 -r 50
    cap_stop "$name"
}

# Derived captures.
need() {
    [ -s "$OUT_DIR/$1.pcap" ] || build "$1"
}

make_no_request_udp() {
    need 421-udp
    # Frame 1 of 421-udp.pcap is the first INVITE (the 421's request).
    editcap -F pcap "$OUT_DIR/421-udp.pcap" "$OUT_DIR/no-request-udp.pcap" 1
    log "wrote testdata/no-request-udp.pcap (421-udp.pcap without frame 1)"
}

make_demo() {
    need 301-udp
    need 421-tcp
    mergecap -F pcap -a -w "$OUT_DIR/demo.pcap" "$OUT_DIR/301-udp.pcap" "$OUT_DIR/421-tcp.pcap"
    log "wrote testdata/demo.pcap (301-udp.pcap followed by 421-tcp.pcap)"
}

# Expected SIP frames ("frame:method-or-status-codes"), checked with tshark.
declare -A EXPECT=(
    [301-udp]="1:INVITE 2:100 3:301 4:ACK 5:INVITE 6:100 7:200 8:ACK 9:BYE 10:200"
    [301-register-udp]="1:REGISTER 2:301"
    [421-udp]="1:INVITE 2:421 3:ACK 4:INVITE 5:200 6:ACK 7:BYE 8:200"
    [421-tcp]="6:INVITE 8:100,421 10:ACK 11:INVITE 13:200 14:ACK 16:BYE 18:200"
    [retrans-udp]="1:INVITE 2:INVITE 3:421 4:421 5:ACK"
    [rfc2543-udp]="1:INVITE 2:421 3:ACK 4:INVITE 5:421 6:ACK"
    [interleaved-udp]="1:MESSAGE 2:MESSAGE 3:421 4:301"
    [malformed-udp]="1:INVITE 2:301 3:ACK 4:INVITE 5:421 6:ACK 7:INVITE 8:421 9:ACK"
    [followup-301-giveup-udp]="1:INVITE 2:301 3:ACK 4:OPTIONS 5:200"
    [followup-301-unoffered-udp]="1:INVITE 2:301 3:ACK 4:INVITE 5:404 6:ACK"
    [followup-421-stillmissing-udp]="1:INVITE 2:421 3:ACK 4:INVITE 5:421 6:ACK"
    [followup-421-noack-udp]="1:INVITE 2:421 3:421 4:OPTIONS 5:200"
    [no-request-udp]="1:421 2:ACK 3:INVITE 4:200 5:ACK 6:BYE 7:200"
    [demo]="1:INVITE 2:100 3:301 4:ACK 5:INVITE 6:100 7:200 8:ACK 9:BYE 10:200 16:INVITE 18:100,421 20:ACK 21:INVITE 23:200 24:ACK 26:BYE 28:200"
)

ALL=(301-udp 301-register-udp 421-udp 421-tcp retrans-udp rfc2543-udp interleaved-udp
     malformed-udp followup-301-giveup-udp followup-301-unoffered-udp
     followup-421-stillmissing-udp followup-421-noack-udp no-request-udp demo many-udp)

# Captures too long to list frame by frame: how many of each SIP method and
# status code (sorted), checked instead of the layout.
declare -A EXPECT_COUNTS=(
    [many-udp]="100:120 200:320 301:100 421:100 ACK:360 BYE:160 INVITE:360"
)

sip_counts() {
    tshark -n -r "$1" -T fields -e sip.Method -e sip.Status-Code 2>/dev/null |
        awk -F'\t' '{ k = ($1 != "" ? $1 : $2); if (k != "") n[k]++ }
                     END { for (k in n) print k ":" n[k] }' | sort | tr '\n' ' ' | sed 's/ $//'
}

sip_layout() {
    tshark -n -r "$1" -T fields -e frame.number -e sip.Method -e sip.Status-Code 2>/dev/null |
        awk -F'\t' '$2 != "" || $3 != "" { printf "%s%s:%s", sep, $1, ($2 != "" ? $2 : $3); sep = " " }'
}

# build NAME: make the capture; check its SIP frame layout, retry once.
declare -A BUILT=()
build() {
    local name=$1 fn="make_${1//-/_}" attempt got
    [ -n "${BUILT[$name]:-}" ] && return 0
    declare -F "$fn" >/dev/null || die "unknown capture: $name"
    for attempt in 1 2; do
        log "$name"
        CURRENT=$name
        "$fn"
        command -v tshark >/dev/null || { BUILT[$name]=1; return 0; }
        local want=${EXPECT[$name]:-}
        if [ -n "${EXPECT_COUNTS[$name]:-}" ]; then
            want=${EXPECT_COUNTS[$name]}
            got=$(sip_counts "$OUT_DIR/$name.pcap")
        else
            got=$(sip_layout "$OUT_DIR/$name.pcap")
        fi
        if [ "$got" = "$want" ]; then
            BUILT[$name]=1
            return 0
        fi
        echo "unexpected SIP frames in $name.pcap (attempt $attempt):" >&2
        echo "  expected: $want" >&2
        echo "  got:      $got" >&2
    done
    die "$name.pcap does not have the documented layout"
}

wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=("${ALL[@]}")
for name in "${wanted[@]}"; do
    build "$name"
done
log "done"
