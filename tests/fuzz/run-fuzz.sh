#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run-fuzz.sh TARGET [SECONDS]
# Builds the libFuzzer harness of TARGET (ASan + UBSan) and runs it for
# SECONDS (default 60) on a working copy of its seed corpus:
#   core    tests/fuzz/core/fuzz_core.c with plugin/sipadvisor-{analysis,sip,knowledge}.c
#   reader  tests/fuzz/reader/fuzz_reader.c with plugin/sipadvisor-reader.c
# Each target has its seeds in tests/fuzz/TARGET/corpus/ and its dictionary
# in tests/fuzz/TARGET/fuzz_TARGET.dict.
#
# Environment:
#   SIPADVISOR_BUILD        build tree (default: build/ in this source tree); the
#                           harness, its corpus and any crash go to
#                           $SIPADVISOR_BUILD/fuzz-TARGET
#   CC                      compiler (default clang)
#   FUZZ_JOBS               parallel fuzzing jobs (default 1)
#   SIPADVISOR_FUZZ_RELAX   (core) invariant names to report once instead of
#                           aborting ("time-range" keeps capture times within +-2**62 ns)
#
# Exit status: 0 no crash, 1 crash/invariant violation/leak/timeout found (the
# input is kept and its path printed), 2 build or usage error, 77 clang,
# libFuzzer or the headers a target needs are missing (ctest SKIP_RETURN_CODE).
set -u

fuzz=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$fuzz/../.." && pwd)
usage() {
    echo "usage: $0 core|reader [SECONDS]" >&2
    exit 2
}
[ $# -ge 1 ] || usage
target=$1
seconds=${2:-60}
build=${SIPADVISOR_BUILD:-$src/build}
out="$build/fuzz-$target"
cc=${CC:-clang}
jobs=${FUZZ_JOBS:-1}

case $seconds in
'' | *[!0-9]*) usage ;;
esac

case $target in
core)
    what="the analysis core"
    sources="$src/plugin/sipadvisor-analysis.c $src/plugin/sipadvisor-rules.c $src/plugin/sipadvisor-sip.c"
    sources="$sources $src/plugin/sipadvisor-knowledge.c"
    # nstime_t arithmetic and address parsing come from wsutil.
    headers="glib-2.0 wireshark"
    libs="-lwsutil"
    max_len=4096
    ;;
reader)
    what="the SIP header reader"
    sources="$src/plugin/sipadvisor-reader.c"
    # sipadvisor-msg.h includes <wsutil/nstime.h>: Wireshark's headers, not its libraries.
    headers="glib-2.0 wireshark"
    libs=""
    max_len=8192
    ;;
*) usage ;;
esac
harness="$fuzz/$target/fuzz_$target.c"
dict="$fuzz/$target/fuzz_$target.dict"

if ! command -v "$cc" >/dev/null 2>&1; then
    echo "SKIP: $cc not found"
    exit 77
fi
for pc in $headers; do
    if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$pc"; then
        echo "SKIP: pkg-config or the $pc development files not found"
        exit 77
    fi
done
mkdir -p "$out" || exit 2

# libFuzzer ships in libclang-rt-<version>-dev on Debian: probe for it.
probe="$out/probe"
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
    >"$probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe.c" -o "$probe" >"$probe.log" 2>&1; then
    echo "SKIP: $cc cannot link -fsanitize=fuzzer,address,undefined (install libclang-rt-<version>-dev):"
    sed 's/^/    /' "$probe.log" | head -5
    exit 77
fi
rm -f "$probe" "$probe.c" "$probe.log"

bin="$out/fuzz_$target"
# glib (and for the core wsutil) is linked; the other packages give include
# directories.
# shellcheck disable=SC2046,SC2086 # pkg-config output and the source list are meant to be split
if ! "$cc" -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -Wall -Wextra -I"$src/plugin" $(pkg-config --cflags $headers) \
    "$harness" $sources $(pkg-config --libs glib-2.0) $libs -o "$bin"; then
    echo "FAIL: building the harness failed" >&2
    exit 2
fi

# A working corpus: the seeds plus what earlier runs found.
corpus="$out/corpus"
artifacts="$out/artifacts"
mkdir -p "$corpus" "$artifacts"
cp "$fuzz/$target"/corpus/* "$corpus"/
# Inputs that once found bugs (TARGET/crashes/, see its README) are replayed too.
if [ -d "$fuzz/$target/crashes" ]; then
    find "$fuzz/$target/crashes" -type f ! -name README.md -exec cp {} "$corpus"/ \;
fi

log="$out/fuzz.log"
marker="$out/.started"
touch "$marker"
echo "fuzzing $what for ${seconds}s ($jobs job(s)); log: $log"
set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
    -error_exitcode=1 -timeout_exitcode=1 \
    -artifact_prefix="$artifacts/" -dict="$dict"
if [ "$jobs" -gt 1 ]; then
    set -- "$@" -fork="$jobs"
fi
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$bin" "$@" "$corpus" >"$log" 2>&1
status=$?

# libFuzzer's last status line ("#N DONE cov: ... ft: ...") and final stats.
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
cov=$(printf '%s\n' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
ft=$(printf '%s\n' "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
corp=$(printf '%s\n' "$last" | sed -n 's/.*corp: \([^ ]*\).*/\1/p')
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1)
if [ -z "$runs" ] && [ -n "$done_line" ]; then
    runs=$(printf '%s\n' "$done_line" | sed 's/^Done \([0-9]*\) runs in \([0-9]*\).*/\1/')
    secs=$(printf '%s\n' "$done_line" | sed 's/^Done \([0-9]*\) runs in \([0-9]*\).*/\2/')
    [ "${secs:-0}" -gt 0 ] && rate=$((runs / secs))
fi
if [ -z "$runs" ]; then # fork mode: the last "#N" line counts the runs
    runs=$(printf '%s\n' "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
    rate=$(printf '%s\n' "$last" | sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p')
fi

# Inputs that this run kept (crash-*, leak-*, timeout-*, oom-*).
crash=$(find "$artifacts" -type f -newer "$marker" | head -n 1)
if [ "$status" -ne 0 ] || [ -n "$crash" ]; then
    echo "FAIL: libFuzzer exited with $status"
    grep -E 'INVARIANT|ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error|SUMMARY|==ERROR|ALARM|out-of-memory' \
        "$log" | head -n 10 | sed 's/^/    /'
    grep -E '^ +#[0-9]+ ' "$log" | head -n 12
    if [ -n "$crash" ]; then
        echo "crash input: $crash"
        echo "reproduce:   $bin $crash"
    fi
    echo "executions: ${runs:-?} (${rate:-?} exec/s), cov: ${cov:-?} ft: ${ft:-?} corpus: ${corp:-?}"
    exit 1
fi
echo "executions: ${runs:-?} (${rate:-?} exec/s), cov: ${cov:-?} ft: ${ft:-?} corpus: ${corp:-?}"
exit 0
