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
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing: ${missing[*]}"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    # tshark asks whether non-root users may capture: keep the default (no).
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "== building in $build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)"

case "$what" in
demo)
    echo "== sipadvisor on testdata/demo.pcap"
    SIPADVISOR_BUILD="$build" tests/tshark-dev -n -r testdata/demo.pcap -Y sipadvisor \
        -T fields -E header=y -e frame.number -e sipadvisor.status \
        -e sipadvisor.request_frame -e sipadvisor.request_method -e sipadvisor.moved_from \
        -e sipadvisor.new_uri -e sipadvisor.required -e sipadvisor.missing
    echo "== expert report"
    SIPADVISOR_BUILD="$build" tests/tshark-dev -n -r testdata/demo.pcap -q -z expert,sipadvisor
    ;;
test)
    cd "$build"
    ctest --output-on-failure
    ;;
*)
    echo "usage: tests/setup.sh demo|test" >&2
    exit 2
    ;;
esac
