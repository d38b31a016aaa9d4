/* plugin-entry.h
 * The entry points Wireshark looks up when it loads a plugin: its version,
 * the Wireshark major.minor it was built for, its kind (4.2 and later) and
 * plugin_register(). Included once, by the file that defines the plugin's
 * entry points (plugin.c; also the benchmark's null plugin), after
 * defining
 *   SA_PLUGIN_VERSION   the plugin's version string
 *   SA_PLUGIN_REGISTER  its proto_register_* function
 *   SA_PLUGIN_HANDOFF   its proto_reg_handoff_* function
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_PLUGIN_ENTRY_H
#define SIPADVISOR_PLUGIN_ENTRY_H

#include <wireshark.h>

#include <epan/proto.h>

#include "compat.h"

#if SA_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#endif

#if !defined(SA_PLUGIN_VERSION) || !defined(SA_PLUGIN_REGISTER) || !defined(SA_PLUGIN_HANDOFF)
#error "define SA_PLUGIN_VERSION, SA_PLUGIN_REGISTER and SA_PLUGIN_HANDOFF before including plugin-entry.h"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = SA_PLUGIN_VERSION;
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

    plug.register_protoinfo = SA_PLUGIN_REGISTER;
    plug.register_handoff = SA_PLUGIN_HANDOFF;
    proto_register_plugin(&plug);
}

#endif /* SIPADVISOR_PLUGIN_ENTRY_H */
