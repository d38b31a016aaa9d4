#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# fetch-wireshark-sdk.sh SUITE DEST
# Downloads (does not install) Debian's Wireshark development packages of
# SUITE (trixie = 4.4, sid = 4.6) with a private apt configuration and
# unpacks them below DEST/SUITE/root. Cached: a second call does nothing.
# Exits 77 when the Debian archive cannot be reached.
set -euo pipefail
suite=$1
dest=$2/$suite
[ -f "$dest/.done" ] && exit 0
rm -rf "$dest"
state=$dest/apt
mkdir -p "$state/etc/apt/sources.list.d" "$state/etc/apt/preferences.d" \
         "$state/lists/partial" "$state/cache/archives/partial" "$state/dpkg" "$dest/debs" "$dest/root"
touch "$state/dpkg/status"
echo "deb http://deb.debian.org/debian $suite main" > "$state/etc/apt/sources.list"
apt_opts=(-q -o "Dir::Etc=$state/etc/apt" -o "Dir::Etc::sourcelist=$state/etc/apt/sources.list"
          -o "Dir::Etc::sourceparts=$state/etc/apt/sources.list.d"
          -o "Dir::Etc::trusted=/etc/apt/trusted.gpg" -o "Dir::Etc::trustedparts=/etc/apt/trusted.gpg.d"
          -o "Dir::State=$state" -o "Dir::State::lists=$state/lists" -o "Dir::State::status=$state/dpkg/status"
          -o "Dir::Cache=$state/cache" -o "Acquire::Check-Valid-Until=false" -o "APT::Architecture=amd64"
          -o "Debug::NoLocking=1")
if ! timeout 300 apt-get "${apt_opts[@]}" update >"$dest/apt-update.log" 2>&1; then
    echo "cannot reach the Debian archive for $suite (see $dest/apt-update.log)"
    exit 77
fi
(cd "$dest/debs" && timeout 300 apt-get "${apt_opts[@]}" download \
    libwireshark-dev libwiretap-dev libwsutil-dev >"$dest/apt-download.log" 2>&1) || {
    echo "cannot download the $suite Wireshark packages (see $dest/apt-download.log)"
    exit 77
}
for deb in "$dest"/debs/*.deb; do
    dpkg-deb -x "$deb" "$dest/root"
done
grep -h "#define WIRESHARK_VERSION_M" "$dest/root/usr/include/wireshark/ws_version.h"
touch "$dest/.done"
