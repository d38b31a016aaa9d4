#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run-fuzz.sh [SECONDS]
# The analysis core's fuzzer: the same as ../run-fuzz.sh core [SECONDS]
# (see there for the environment and the exit status).
exec sh "$(cd "$(dirname "$0")" && pwd)/../run-fuzz.sh" core "$@"
