#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# One-step setup on Debian 12 / Ubuntu: installs the packages that are
# missing, configures and builds in ./build, then
#   tests/setup.sh demo   runs tshark with the plugin on testdata/demo.pcap
#   tests/setup.sh test   runs the whole test suite (ctest)
# Safe to run again: it installs and rebuilds only what is needed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
what=${1:-demo}
build=${SIPADVISOR_BUILD:-$PWD/build}

packages=(tshark libwireshark-dev libwiretap-dev libwsutil-dev libglib2.0-dev
          cmake make gcc pkg-config python3 util-linux clang-format)
# The test suite also runs Valgrind, libFuzzer (clang + its runtime),
# Wireshark's own source checks (perl), builds and checks the Debian package
# (dpkg-dev and file for CPack's dpkg-shlibdeps, lintian), and drives the
# GUI under Xvfb (wireshark: the Qt GUI from Debian 13 on, a package that
# pulls wireshark-qt in Debian 12; xvfb, xdotool, imagemagick and a Chinese font for screenshots).
[ "$what" = test ] && packages+=(valgrind clang perl dpkg-dev file lintian
                                  wireshark xvfb xdotool imagemagick fonts-wqy-zenhei)
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
updated=
# apt-get update, once: package lists may be empty on a fresh machine.
update_lists() {
    [ -n "$updated" ] || "${sudo[@]}" apt-get update -qq
    updated=1
}
installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}
install_missing() {
    local missing=() p
    for p in "$@"; do
        installed "$p" || missing+=("$p")
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    echo "== installing: ${missing[*]}"
    update_lists
    # tshark asks whether non-root users may capture: keep the default (no).
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
install_missing "${packages[@]}"
if [ "$what" = test ]; then
    # libFuzzer ships with the compiler-rt of clang's own major version
    # (Debian 12: libclang-rt-14-dev; older releases: libclang-common-N-dev).
    clang_major=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)
    rt="libclang-rt-$clang_major-dev"
    if ! installed "$rt"; then
        apt-cache show "$rt" >/dev/null 2>&1 || update_lists
        if apt-cache show "$rt" >/dev/null 2>&1; then
            install_missing "$rt"
        fi
    fi
fi

echo "== building in $build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)"

case "$what" in
demo)
    echo "== sipadvisor on testdata/demo.pcap: each failed response, its request, the fix and the retry"
    SIPADVISOR_BUILD="$build" tests/tshark-dev -n -2 -r testdata/demo.pcap -Y sipadvisor.status \
        -T fields -E header=y -e frame.number -e sipadvisor.status \
        -e sipadvisor.request_frame -e sipadvisor.request_method -e sipadvisor.fix \
        -e sipadvisor.retry_frame -e sipadvisor.retry_fixed
    echo "== expert report"
    SIPADVISOR_BUILD="$build" tests/tshark-dev -n -2 -r testdata/demo.pcap -q -z expert,sipadvisor
    echo "== the capture in plain words"
    SIPADVISOR_BUILD="$build" tests/tshark-dev -n -2 -r testdata/demo.pcap -q -z sipadvisor,explain
    ;;
test)
    cd "$build"
    ctest --output-on-failure --parallel "$(nproc)"
    ;;
*)
    echo "usage: tests/setup.sh demo|test" >&2
    exit 2
    ;;
esac
