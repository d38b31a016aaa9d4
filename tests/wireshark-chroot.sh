#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs the whole test suite against the real Wireshark of another Debian
# suite: debootstraps a minimal Debian SUITE root into ROOT_DIR (default
# build-SUITE/root, kept as a cache), copies this checkout into it and runs
# the README test command (bash tests/setup.sh test) inside (chroot), with
# ../shared bind-mounted when present. Needs root and the Debian archive;
# not part of .ci/run, nor of ctest.
#
#   bash tests/wireshark-chroot.sh SUITE [ROOT_DIR]
#     SUITE: trixie (Wireshark 4.4), sid (4.6), or any Debian suite
#
# The output is also written to ROOT_DIR.log (ROOT_DIR.debootstrap.log for
# the debootstrap step). SIPADVISOR_CHROOT_COMMAND replaces the command run
# inside (in /work/main), e.g. to run a few test modules again:
#   SIPADVISOR_CHROOT_COMMAND='cd build && ctest -R tshark.export' \
#       bash tests/wireshark-chroot.sh sid
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: bash tests/wireshark-chroot.sh SUITE [ROOT_DIR]   (trixie = 4.4, sid = 4.6)" >&2
    exit 2
fi
suite=$1
root=${2:-$src/build-$suite/root}
command=${SIPADVISOR_CHROOT_COMMAND:-bash tests/setup.sh test}
if [ "$(id -u)" -ne 0 ]; then
    echo "needs root (debootstrap, chroot)" >&2
    exit 2
fi
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
if [ ! -x "$root/usr/bin/apt-get" ]; then
    echo "== debootstrap $suite into $root"
    mkdir -p "$root"
    debootstrap --variant=minbase "$suite" "$root" http://deb.debian.org/debian >"$root.debootstrap.log" 2>&1 || {
        tail -20 "$root.debootstrap.log"
        exit 1
    }
fi

mounts=()
cleanup() {
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
for fs in proc sys dev; do
    mount --rbind "/$fs" "$root/$fs" && mounts+=("$root/$fs")
done
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# A mirror that serves a snapshot of the archive has Release files whose
# Valid-Until lies in the past; apt inside would refuse them.
echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99sipadvisor-valid-until"

# A clean copy of the checkout (tracked files plus the working tree's
# changes), and the shared corpus beside it as in CI.
rm -rf "$root/work"
mkdir -p "$root/work/main"
git -C "$src" ls-files -z --cached --others --exclude-standard |
    (cd "$src" && xargs -0 cp --parents -t "$root/work/main")
if [ -d "$src/../shared" ]; then
    mkdir -p "$root/work/shared"
    mount --bind "$src/../shared" "$root/work/shared" && mounts+=("$root/work/shared")
fi
# tests/setup.sh runs apt-get itself; it needs sudo only when not root.
set +e
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    SIPADVISOR_CHROOT_COMMAND="$command" \
    bash -c 'cd /work/main && SECONDS=0; eval "$SIPADVISOR_CHROOT_COMMAND"; rc=$?
             echo "== $(tshark --version 2>/dev/null | head -1)"
             echo "== exit status $rc after $SECONDS s"; exit $rc' 2>&1 | tee "$root.log"
rc=${PIPESTATUS[0]}
exit "$rc"
