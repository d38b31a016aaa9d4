#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The whole test suite against real Wireshark 4.4 (Debian 13, trixie): a
# thin wrapper kept for old instructions; see tests/wireshark-chroot.sh.
#   bash tests/wireshark44-chroot.sh [ROOT_DIR]   (default build-trixie/root)
exec bash "$(dirname "${BASH_SOURCE[0]}")/wireshark-chroot.sh" trixie "$@"
