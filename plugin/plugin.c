/* plugin.c
 * Plugin entry points that Wireshark looks up when it loads sipadvisor.so.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/proto.h>

#include "compat.h"
#include "packet-sipadvisor.h"

#if SA_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#endif

#ifndef SIPADVISOR_VERSION
#error "SIPADVISOR_VERSION must be defined by the build"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = SIPADVISOR_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#if SA_WS_AT_LEAST(4, 2)
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_sipadvisor;
    plug.register_handoff = proto_reg_handoff_sipadvisor;
    proto_register_plugin(&plug);
}
