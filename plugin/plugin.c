/* plugin.c
 * Plugin entry points that Wireshark looks up when it loads sipadvisor.so.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include "packet-sipadvisor.h"

#ifndef SIPADVISOR_VERSION
#error "SIPADVISOR_VERSION must be defined by the build"
#endif

#define SA_PLUGIN_VERSION  SIPADVISOR_VERSION
#define SA_PLUGIN_REGISTER proto_register_sipadvisor
#define SA_PLUGIN_HANDOFF  proto_reg_handoff_sipadvisor
#include "plugin-entry.h"
