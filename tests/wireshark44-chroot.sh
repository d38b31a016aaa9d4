#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs the whole test suite against real Wireshark 4.4: debootstraps a
# minimal Debian 13 (trixie) root into build-trixie/root (kept as a cache),
# copies this checkout into it, and runs the README test command inside
# (chroot). Needs root and the Debian archive; not part of .ci/run.
#   bash tests/wireshark44-chroot.sh [ROOT_DIR]
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=${1:-$src/build-trixie/root}
if [ "$(id -u)" -ne 0 ]; then
    echo "needs root (debootstrap, chroot)" >&2
    exit 2
fi
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
if [ ! -x "$root/usr/bin/apt-get" ]; then
    echo "== debootstrap trixie into $root"
    mkdir -p "$root"
    debootstrap --variant=minbase trixie "$root" http://deb.debian.org/debian >"$root.debootstrap.log" 2>&1 || {
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
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    bash -c 'cd /work/main && tshark_v() { tshark --version 2>/dev/null | head -1; }; bash tests/setup.sh test; rc=$?; tshark_v; exit $rc'
