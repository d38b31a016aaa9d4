#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Regenerate the Kamailio test captures in testdata/ (the "Kamailio captures"
# section of testdata/README.md): Kamailio plays the server (redirect server,
# proxy, registrar, authenticating server, ...), SIPp the clients, on the
# loopback interface.  Installs nothing.  Needs: kamailio (Debian: kamailio),
# sipp (Debian: sip-tester), dumpcap, editcap, python3, tshark (to check each
# capture's layout), and the right to capture on "lo" (root, or dumpcap with
# cap_net_raw/admin).
#
# Each capture has its own /24, 127.0.N.0 with N >= 20 (make-captures.sh uses
# 1-15), every SIP endpoint on port 5060 so that tshark decodes SIP without
# any "decode as":
#   SIPp clients  127.0.N.1 (and .4, .5 where a capture has more clients)
#   Kamailio      127.0.N.2 (and .3 where a capture needs a second server),
#                 or a SIPp UAS on .3 behind a Kamailio proxy (proxy-legs)
# Kamailio runs kamailio/<role>.cfg, listening only on the addresses given
# with -l here; dumpcap captures only that /24.  Call-IDs
# (-cid_str <capture>-<variant>-<n>@<client ip>), From tags and branches are
# fixed in the scenarios, so only timestamps, Kamailio's nonces and (TCP)
# client ports change between runs.  Every SIPp run is bounded by -m,
# -timeout and timeout(1), every Kamailio by timeout(1); each capture's SIP
# frame layout is checked against EXPECT below (the frame numbers
# documented in testdata/README.md), and a capture is made again once if it
# does not match.
#
# Usage: testdata/make/make-kamailio-captures.sh [capture-name ...]  (default: all)

set -euo pipefail

MAKE_DIR=$(cd "$(dirname "$0")" && pwd)
OUT_DIR=$(cd "$MAKE_DIR/.." && pwd)
KAM_DIR=$MAKE_DIR/kamailio
WORK=$(mktemp -d /tmp/sipadvisor-kamailio-captures.XXXXXX)
SIPP_TIMEOUT=15          # seconds, per SIPp process (-timeout)
CMD_TIMEOUT=25           # seconds, hard limit per SIPp process (timeout(1))
KAM_TIMEOUT=120          # seconds, hard limit per Kamailio instance

# Background processes still running (cleared once waited for).
CAP_PID='' KAM_PID='' UAS_PID=''
cleanup() {
    local p
    for p in $UAS_PID $KAM_PID $CAP_PID; do
        kill "$p" 2>/dev/null || true
    done
    for p in $UAS_PID $KAM_PID $CAP_PID; do
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

missing=()
for tool in kamailio sipp dumpcap editcap python3 tshark; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "missing tools: ${missing[*]}" >&2
    echo "install them with: apt-get install -y kamailio sip-tester tshark" >&2
    exit 1
fi

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

# cap_start NAME NET: capture the whole 127.0.NET.0/24 (UDP and TCP) on lo.
cap_start() {
    local name=$1 net=$2
    rm -f "$WORK/$name.pcapng"
    timeout 300 dumpcap -q -i lo -f "net 127.0.$net.0/24" -w "$WORK/$name.pcapng" \
        >"$WORK/$name.dumpcap.log" 2>&1 &
    CAP_PID=$!
    for _ in $(seq 50); do
        [ "$(stat -c %s "$WORK/$name.pcapng" 2>/dev/null || echo 0)" -gt 0 ] && break
        sleep 0.1
    done
    [ "$(stat -c %s "$WORK/$name.pcapng" 2>/dev/null || echo 0)" -gt 0 ] || die "dumpcap did not start"
    sleep 0.5
}

# cap_stop NAME: stop the capture and install it as testdata/NAME.pcap.
cap_stop() {
    local name=$1
    sleep 0.5
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || true
    CAP_PID=
    editcap -F pcap "$WORK/$name.pcapng" "$OUT_DIR/$name.pcap"
    log "wrote testdata/$name.pcap ($(capinfos -M -c "$OUT_DIR/$name.pcap" | awk '/Number of packets/ {print $NF}') frames)"
}

# kam_start NAME CFG LISTEN...: Kamailio with kamailio/CFG, in the
# foreground of its own background job (-DD), logging to stderr, one worker
# per socket, listening only on LISTEN (e.g. udp:127.0.20.2:5060).
kam_start() {
    local name=$1 cfg=$2 l
    shift 2
    local args=()
    for l in "$@"; do args+=(-l "$l"); done
    mkdir -p "$WORK/$name.kamailio"
    rm -f "$WORK/$name.kamailio/kamailio.pid"
    timeout "$KAM_TIMEOUT" kamailio -f "$KAM_DIR/$cfg" -DD -E -n 1 -m 64 -M 8 \
        -Y "$WORK/$name.kamailio" -P "$WORK/$name.kamailio/kamailio.pid" \
        "${args[@]}" >"$WORK/$name.kamailio.log" 2>&1 &
    KAM_PID=$!
    for _ in $(seq 50); do
        [ -s "$WORK/$name.kamailio/kamailio.pid" ] && break
        sleep 0.1
    done
    [ -s "$WORK/$name.kamailio/kamailio.pid" ] || die "kamailio ($cfg) did not start"
    sleep 0.5
    kill -0 "$KAM_PID" 2>/dev/null || die "kamailio ($cfg) exited"
}

# kam_stop: stop Kamailio (timeout(1) passes the TERM on).
kam_stop() {
    kill "$KAM_PID" 2>/dev/null || true
    wait "$KAM_PID" 2>/dev/null || true
    KAM_PID=
}

# SIPp runs in $WORK so that its log files never land in the repository.
SIPP_COMMON=(-nostdin -bind_local -p 5060 -timeout "${SIPP_TIMEOUT}s" -timeout_error)

# uac LOG XML LOCAL_IP REMOTE CALLID [sipp args...]: one SIPp client run in
# the foreground, one call unless the args say -m.  CALLID is the whole
# -cid_str (%u = call number, %s = local IP).
uac() {
    local logname=$1 xml=$2 ip=$3 remote=$4 cid=$5
    shift 5
    (cd "$WORK" && exec timeout "$CMD_TIMEOUT" sipp -sf "$MAKE_DIR/$xml" "$remote" -i "$ip" \
        -m 1 "${SIPP_COMMON[@]}" -cid_str "$cid" "$@" >"$WORK/$logname.uac.log" 2>&1) \
        || die "SIPp UAC ($xml, $logname) exited with status $?"
}

# uas_start LOG XML LOCAL_IP [sipp args...]: SIPp callee in the background.
uas_start() {
    local logname=$1 xml=$2 ip=$3
    shift 3
    (cd "$WORK" && exec timeout "$CMD_TIMEOUT" sipp -sf "$MAKE_DIR/$xml" -i "$ip" \
        -m 1 "${SIPP_COMMON[@]}" "$@" >"$WORK/$logname.uas.log" 2>&1) &
    UAS_PID=$!
    sleep 0.5
}

uas_wait() {
    local rc=0
    wait "$UAS_PID" || rc=$?
    UAS_PID=
    [ "$rc" -eq 0 ] || die "SIPp UAS exited with status $rc"
}

udp() { echo "udp:127.0.$1:5060"; }

# --- redirect server (kamailio/redirect.cfg) -------------------------------

make_redirect_300_udp() {
    local name=redirect-300-udp n=20
    cap_start "$name" $n
    kam_start "$name" redirect.cfg "$(udp $n.2)" "$(udp $n.3)"
    uac "$name-high" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-high-%u@%s" \
        -key target carol -key tag bob300h -key net 127.0.$n
    uac "$name-low" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-low-%u@%s" \
        -key target carol-mobile -key tag bob300l -key net 127.0.$n
    kam_stop
    cap_stop "$name"
}

make_redirect_302_udp() {
    local name=redirect-302-udp n=21
    cap_start "$name" $n
    kam_start "$name" redirect.cfg "$(udp $n.2)" "$(udp $n.3)"
    uac "$name-right" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-right-%u@%s" \
        -key user bob -key tag alice302r -key dest 127.0.$n.3
    uac "$name-wrong" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-wrong-%u@%s" \
        -key user bob -key tag alice302w -key dest 127.0.$n.2
    uac "$name-maddr" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-maddr-%u@%s" \
        -key user bob-vm -key tag alice302m -key dest 127.0.$n.2
    kam_stop
    cap_stop "$name"
}

make_redirect_305_udp() {
    local name=redirect-305-udp n=22
    cap_start "$name" $n
    kam_start "$name" redirect.cfg "$(udp $n.2)" "$(udp $n.3)"
    uac "$name-proxy" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-proxy-%u@%s" \
        -key tag bob305p
    uac "$name-direct" "$name-direct-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-direct-%u@%s" \
        -key tag bob305d
    kam_stop
    cap_stop "$name"
}

make_redirect_380_udp() {
    local name=redirect-380-udp n=23
    cap_start "$name" $n
    kam_start "$name" redirect.cfg "$(udp $n.2)"
    uac "$name" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-%u@%s"
    kam_stop
    cap_stop "$name"
}

make_redirect_loop_udp() {
    local name=redirect-loop-udp n=24
    cap_start "$name" $n
    kam_start "$name" redirect.cfg "$(udp $n.2)"
    uac "$name" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-%u@%s"
    kam_stop
    cap_stop "$name"
}

# --- extension checks (kamailio/extensions.cfg) ---------------------------

make_420_udp() {
    local name=420-udp n=25
    cap_start "$name" $n
    kam_start "$name" extensions.cfg "$(udp $n.2)"
    uac "$name-fixed" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-fixed-%u@%s" \
        -key tag bob420f -key retry_require 100rel
    uac "$name-unfixed" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-unfixed-%u@%s" \
        -key tag bob420u -key retry_require x-foo
    uac "$name-broken" invite-error-uac.xml 127.0.$n.1 127.0.$n.2:5060 "$name-broken-%u@%s" \
        -key user broken-frank -key tag bob420b \
        -key hdr1 "Require: x-foo" -key hdr2 "Supported: 100rel, timer"
    kam_stop
    cap_stop "$name"
}

make_422_udp() {
    local name=422-udp n=26
    cap_start "$name" $n
    kam_start "$name" extensions.cfg "$(udp $n.2)"
    uac "$name-unfixed" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-unfixed-%u@%s" \
        -key tag bob422u -key se_hdr Session-Expires -key retry_se 90 -key retry_minse 90
    uac "$name-fixed" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-fixed-%u@%s" \
        -key tag bob422f -key se_hdr x -key retry_se 1800 -key retry_minse 120
    uac "$name-broken" invite-error-uac.xml 127.0.$n.1 127.0.$n.2:5060 "$name-broken-%u@%s" \
        -key user broken-grace -key tag bob422b \
        -key hdr1 "Supported: timer" -key hdr2 "Session-Expires: 90"
    kam_stop
    cap_stop "$name"
}

# One failed call, and the capture stops right after its ACK.
make_stop_after_ack_udp() {
    local name=stop-after-ack-udp n=30
    cap_start "$name" $n
    kam_start "$name" extensions.cfg "$(udp $n.2)"
    uac "$name" invite-error-uac.xml 127.0.$n.1 127.0.$n.2:5060 "$name-%u@%s" \
        -key user grace -key tag bobsaa \
        -key hdr1 "Supported: timer" -key hdr2 "Session-Expires: 90"
    kam_stop
    cap_stop "$name"
}

# --- registrar (kamailio/registrar.cfg) -----------------------------------

make_423_register_udp() {
    local name=423-register-udp n=27
    cap_start "$name" $n
    kam_start "$name" registrar.cfg "$(udp $n.2)"
    uac "$name-alice" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-alice-%u@%s"
    uac "$name-carol" "$name-remove-uac.xml" 127.0.$n.4 127.0.$n.2:5060 "$name-carol-%u@%s"
    uac "$name-sub" "$name-subscribe-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-subscribe-%u@%s" \
        -key user dave -key tag alice423s
    uac "$name-subb" "$name-subscribe-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-subscribe-broken-%u@%s" \
        -key user broken-dave -key tag alice423b
    kam_stop
    cap_stop "$name"
}

make_494_udp() {
    local name=494-udp n=28
    cap_start "$name" $n
    kam_start "$name" registrar.cfg "$(udp $n.2)"
    uac "$name-fixed" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-fixed-%u@%s" \
        -key user alice -key tag alice494
    uac "$name-unfixed" "$name-unfixed-uac.xml" 127.0.$n.4 127.0.$n.2:5060 "$name-unfixed-%u@%s" \
        -key user carol -key tag carol494
    kam_stop
    cap_stop "$name"
}

# --- stateful proxy (kamailio/proxy.cfg) -----------------------------------

# Both legs in one capture: caller 127.0.N.1 -> proxy 127.0.N.2 -> SIPp
# callee 127.0.N.3.
make_proxy_legs_udp() {
    local name=proxy-legs-udp n=29
    cap_start "$name" $n
    kam_start "$name" proxy.cfg "$(udp $n.2)"
    uas_start "$name" "$name-uas.xml" 127.0.$n.3
    uac "$name" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-%u@%s" -key net 127.0.$n
    uas_wait
    kam_stop
    cap_stop "$name"
}

# --- digest authentication (kamailio/auth.cfg) ----------------------------

# Client A (127.0.N.1) registers and calls, B (.4) registers with a wrong
# password, C (.5) registers, waits past the nonce lifetime and reuses the
# nonce.
make_auth_udp() {
    local name=auth-udp n=31
    cap_start "$name" $n
    kam_start "$name" auth.cfg "$(udp $n.2)"
    uac "$name-a-reg" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-alice-register-%u@%s" \
        -key user alice -au alice -ap alice-secret -key tag aliceauth
    uac "$name-a-inv" "$name-invite-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-alice-call-%u@%s" \
        -key user alice -au alice -ap alice-secret -key tag aliceinv
    uac "$name-b" "$name-uac.xml" 127.0.$n.4 127.0.$n.2:5060 "$name-bob-register-%u@%s" \
        -key user bob -au bob -ap not-bobs-secret -key tag bobauth
    uac "$name-c" "$name-stale-uac.xml" 127.0.$n.5 127.0.$n.2:5060 "$name-carol-register-%u@%s" \
        -key user carol -au carol -ap carol-secret -key tag carolauth
    kam_stop
    cap_stop "$name"
}

# 24 registration cycles made in about 12 s, then retime.py spreads them
# one hour apart.
make_ordinary_day_udp() {
    local name=ordinary-day-udp n=32
    cap_start "$name" $n
    kam_start "$name" auth.cfg "$(udp $n.2)"
    uac "$name" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-%u@%s" \
        -key user alice -au alice -ap alice-secret -key tag aliceday
    kam_stop
    cap_stop "$name"
    python3 "$MAKE_DIR/retime.py" --gap 0.2 --period 3600 \
        "$OUT_DIR/$name.pcap" "$WORK/$name.retimed.pcap" 2>"$WORK/$name.retime.log"
    grep -q " in 24 bursts, 3600 s apart" "$WORK/$name.retime.log" ||
        die "retime.py did not find 24 registration cycles"
    mv "$WORK/$name.retimed.pcap" "$OUT_DIR/$name.pcap"
    log "retimed: one registration cycle per hour"
}

# --- refusals (kamailio/refusals.cfg) --------------------------------------

make_refusals_udp() {
    local name=refusals-udp n=33
    cap_start "$name" $n
    kam_start "$name" refusals.cfg "$(udp $n.2)"
    uac "$name-405" "$name-405-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-405-%u@%s" \
        -key user carol -key tag alice405
    uac "$name-405b" "$name-405-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-405-broken-%u@%s" \
        -key user broken-carol -key tag alice405b
    uac "$name-415" "$name-415-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-415-%u@%s" \
        -key tag alice415 -key retry_type text/plain -key retry_body "Lunch at noon?"
    uac "$name-415u" "$name-415-uac.xml" 127.0.$n.4 127.0.$n.2:5060 "$name-415-unfixed-%u@%s" \
        -key tag carol415 -key retry_type text/html \
        -key retry_body "<html><body><p>Lunch at noon?</p></body></html>"
    uac "$name-489" "$name-489-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-489-%u@%s" \
        -key user dave -key tag alice489
    uac "$name-489b" "$name-489-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-489-broken-%u@%s" \
        -key user broken-dave -key tag alice489b
    kam_stop
    cap_stop "$name"
}

# --- Retry-After (kamailio/retry-after.cfg) -------------------------------

make_retry_after_udp() {
    local name=retry-after-udp n=34 user code
    cap_start "$name" $n
    kam_start "$name" retry-after.cfg "$(udp $n.2)"
    uac "$name-503" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-503-%u@%s"
    # One call each, no retry: 486, 480, 600, 603.
    for user in busy:486 away:480 everyone:600 nobody:603; do
        code=${user#*:} user=${user%:*}
        uac "$name-$code" invite-error-uac.xml 127.0.$n.1 127.0.$n.2:5060 "$name-$code-%u@%s" \
            -key user "$user" -key tag "bobra$code" \
            -key hdr1 "Subject: retry-after-udp $code" -key hdr2 "Priority: normal"
    done
    kam_stop
    cap_stop "$name"
}

# --- size limits (kamailio/too-large.cfg), UDP and TCP --------------------

# Call 1: a large INVITE over UDP, 513, then the same client retries over
# TCP in a second SIPp run (same Call-ID: each run's first call is %u=1).
# Call 2: MESSAGE, 413, smaller MESSAGE.
make_too_large_udp() {
    local name=too-large-udp n=35
    cap_start "$name" $n
    kam_start "$name" too-large.cfg "$(udp $n.2)" "tcp:127.0.$n.2:5060"
    uac "$name-udp" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-invite-%u@%s"
    uac "$name-tcp" "$name-tcp-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-invite-%u@%s" -t t1
    uac "$name-413" "$name-413-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-message-%u@%s"
    kam_stop
    cap_stop "$name"
}

# --- every response code (kamailio/all-codes.cfg) --------------------------

# In ascending order: the registered final codes, and 499 and 599 (not
# registered).  Frame 2k is the response with the k-th code.
ALL_CODES=(200 202 204 300 301 302 305 380 400 401 402 403 404 405 406 407 408 410 412 413 414 415 416 417 420 421 422 423 424 425 428 429 430 433 436 437 438 439 440 469 470 480 481 482 483 484 485 486 487 488 489 491 493 494 499 500 501 502 503 504 505 513 555 580 599 600 603 604 606 607 608)

make_all_codes_udp() {
    local name=all-codes-udp n=36 code
    cap_start "$name" $n
    kam_start "$name" all-codes.cfg "$(udp $n.2)"
    for code in "${ALL_CODES[@]}"; do
        uac "$name-$code" "$name-uac.xml" 127.0.$n.1 127.0.$n.2:5060 "$name-$code@%s" \
            -key code "$code"
    done
    kam_stop
    cap_stop "$name"
}


# Expected SIP frames ("frame:method-or-status-codes"), checked with tshark.
declare -A EXPECT=(
    [redirect-300-udp]="1:INVITE 2:300 3:ACK 4:INVITE 5:200 6:ACK 7:BYE 8:200 9:INVITE 10:300 11:ACK 12:INVITE 13:200 14:ACK 15:BYE 16:200"
    [redirect-302-udp]="1:INVITE 2:302 3:ACK 4:INVITE 5:200 6:ACK 7:BYE 8:200 9:INVITE 10:302 11:ACK 12:INVITE 13:403 14:ACK 15:INVITE 16:302 17:ACK 18:INVITE 19:403 20:ACK"
    [redirect-305-udp]="1:INVITE 2:305 3:ACK 4:INVITE 5:100 6:INVITE 7:200 8:200 9:ACK 10:BYE 11:200 12:INVITE 13:305 14:ACK 15:INVITE 16:305 17:ACK"
    [redirect-380-udp]="1:INVITE 2:380 3:ACK"
    [redirect-loop-udp]="1:INVITE 2:302 3:ACK 4:INVITE 5:302 6:ACK 7:INVITE 8:302 9:ACK 10:INVITE 11:302 12:ACK"
    [420-udp]="1:INVITE 2:420 3:ACK 4:INVITE 5:200 6:ACK 7:BYE 8:200 9:INVITE 10:420 11:ACK 12:INVITE 13:420 14:ACK 15:INVITE 16:420 17:ACK"
    [422-udp]="1:INVITE 2:422 3:ACK 4:INVITE 5:422 6:ACK 7:INVITE 8:422 9:ACK 10:INVITE 11:200 12:ACK 13:BYE 14:200 15:INVITE 16:422 17:ACK"
    [stop-after-ack-udp]="1:INVITE 2:422 3:ACK"
    [423-register-udp]="1:REGISTER 2:423 3:REGISTER 4:423 5:REGISTER 6:200 7:REGISTER 8:423 9:REGISTER 10:200 11:SUBSCRIBE 12:423 13:SUBSCRIBE 14:200 15:SUBSCRIBE 16:423 17:SUBSCRIBE 18:200"
    [proxy-legs-udp]="1:INVITE 2:100 3:INVITE 4:421 5:ACK 6:421 7:ACK 8:INVITE 9:100 10:INVITE 11:200 12:200 13:ACK 14:ACK 15:BYE 16:BYE 17:200 18:200"
    [auth-udp]="1:REGISTER 2:401 3:REGISTER 4:200 5:INVITE 6:407 7:ACK 8:INVITE 9:200 10:ACK 11:BYE 12:200 13:REGISTER 14:401 15:REGISTER 16:401 17:REGISTER 18:401 19:REGISTER 20:200 21:REGISTER 22:401 23:REGISTER 24:200"
    [ordinary-day-udp]="1:REGISTER 2:401 3:REGISTER 4:200 5:REGISTER 6:401 7:REGISTER 8:200 9:REGISTER 10:401 11:REGISTER 12:200 13:REGISTER 14:401 15:REGISTER 16:200 17:REGISTER 18:401 19:REGISTER 20:200 21:REGISTER 22:401 23:REGISTER 24:200 25:REGISTER 26:401 27:REGISTER 28:200 29:REGISTER 30:401 31:REGISTER 32:200 33:REGISTER 34:401 35:REGISTER 36:200 37:REGISTER 38:401 39:REGISTER 40:200 41:REGISTER 42:401 43:REGISTER 44:200 45:REGISTER 46:401 47:REGISTER 48:200 49:REGISTER 50:401 51:REGISTER 52:200 53:REGISTER 54:401 55:REGISTER 56:200 57:REGISTER 58:401 59:REGISTER 60:200 61:REGISTER 62:401 63:REGISTER 64:200 65:REGISTER 66:401 67:REGISTER 68:200 69:REGISTER 70:401 71:REGISTER 72:200 73:REGISTER 74:401 75:REGISTER 76:200 77:REGISTER 78:401 79:REGISTER 80:200 81:REGISTER 82:401 83:REGISTER 84:200 85:REGISTER 86:401 87:REGISTER 88:200 89:REGISTER 90:401 91:REGISTER 92:200 93:REGISTER 94:401 95:REGISTER 96:200"
    [refusals-udp]="1:PUBLISH 2:405 3:OPTIONS 4:200 5:PUBLISH 6:405 7:OPTIONS 8:200 9:MESSAGE 10:415 11:MESSAGE 12:200 13:MESSAGE 14:415 15:MESSAGE 16:415 17:SUBSCRIBE 18:489 19:SUBSCRIBE 20:200 21:SUBSCRIBE 22:489 23:SUBSCRIBE 24:200"
    [retry-after-udp]="1:INVITE 2:503 3:ACK 4:INVITE 5:503 6:ACK 7:INVITE 8:200 9:ACK 10:BYE 11:200 12:INVITE 13:486 14:ACK 15:INVITE 16:480 17:ACK 18:INVITE 19:600 20:ACK 21:INVITE 22:603 23:ACK"
    [too-large-udp]="1:INVITE 2:513 3:ACK 7:INVITE 9:200 11:ACK 13:BYE 15:200 19:MESSAGE 20:413 21:MESSAGE 22:200"
    [all-codes-udp]="1:OPTIONS 2:200 3:OPTIONS 4:202 5:OPTIONS 6:204 7:OPTIONS 8:300 9:OPTIONS 10:301 11:OPTIONS 12:302 13:OPTIONS 14:305 15:OPTIONS 16:380 17:OPTIONS 18:400 19:OPTIONS 20:401 21:OPTIONS 22:402 23:OPTIONS 24:403 25:OPTIONS 26:404 27:OPTIONS 28:405 29:OPTIONS 30:406 31:OPTIONS 32:407 33:OPTIONS 34:408 35:OPTIONS 36:410 37:OPTIONS 38:412 39:OPTIONS 40:413 41:OPTIONS 42:414 43:OPTIONS 44:415 45:OPTIONS 46:416 47:OPTIONS 48:417 49:OPTIONS 50:420 51:OPTIONS 52:421 53:OPTIONS 54:422 55:OPTIONS 56:423 57:OPTIONS 58:424 59:OPTIONS 60:425 61:OPTIONS 62:428 63:OPTIONS 64:429 65:OPTIONS 66:430 67:OPTIONS 68:433 69:OPTIONS 70:436 71:OPTIONS 72:437 73:OPTIONS 74:438 75:OPTIONS 76:439 77:OPTIONS 78:440 79:OPTIONS 80:469 81:OPTIONS 82:470 83:OPTIONS 84:480 85:OPTIONS 86:481 87:OPTIONS 88:482 89:OPTIONS 90:483 91:OPTIONS 92:484 93:OPTIONS 94:485 95:OPTIONS 96:486 97:OPTIONS 98:487 99:OPTIONS 100:488 101:OPTIONS 102:489 103:OPTIONS 104:491 105:OPTIONS 106:493 107:OPTIONS 108:494 109:OPTIONS 110:499 111:OPTIONS 112:500 113:OPTIONS 114:501 115:OPTIONS 116:502 117:OPTIONS 118:503 119:OPTIONS 120:504 121:OPTIONS 122:505 123:OPTIONS 124:513 125:OPTIONS 126:555 127:OPTIONS 128:580 129:OPTIONS 130:599 131:OPTIONS 132:600 133:OPTIONS 134:603 135:OPTIONS 136:604 137:OPTIONS 138:606 139:OPTIONS 140:607 141:OPTIONS 142:608"
    [494-udp]="1:REGISTER 2:494 3:REGISTER 4:200 5:REGISTER 6:494 7:REGISTER 8:494"
)

ALL=(redirect-300-udp redirect-302-udp redirect-305-udp redirect-380-udp redirect-loop-udp
     420-udp 422-udp stop-after-ack-udp 423-register-udp 494-udp
     proxy-legs-udp auth-udp ordinary-day-udp refusals-udp
     retry-after-udp too-large-udp all-codes-udp)

sip_layout() {
    tshark -n -r "$1" -T fields -e frame.number -e sip.Method -e sip.Status-Code 2>/dev/null |
        awk -F'\t' '$2 != "" || $3 != "" { printf "%s%s:%s", sep, $1, ($2 != "" ? $2 : $3); sep = " " }'
}

# build NAME: make the capture; check its SIP frame layout, retry once.
build() {
    local name=$1 fn="make_${1//-/_}" attempt got want
    declare -F "$fn" >/dev/null || die "unknown capture: $name"
    for attempt in 1 2; do
        log "$name"
        CURRENT=$name
        "$fn"
        want=${EXPECT[$name]:-}
        got=$(sip_layout "$OUT_DIR/$name.pcap")
        [ "$got" = "$want" ] && return 0
        echo "unexpected SIP frames in $name.pcap (attempt $attempt):" >&2
        echo "  expected: $want" >&2
        echo "  got:      $got" >&2
    done
    die "$name.pcap does not have the documented layout"
}

wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=("${ALL[@]}")
SECONDS=0
for name in "${wanted[@]}"; do
    build "$name"
done
log "done in ${SECONDS}s"
