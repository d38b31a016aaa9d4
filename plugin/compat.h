/* compat.h
 * Every difference between the Wireshark 4.0 - 4.6 plugin APIs that
 * sipadvisor meets, in one place. Other files use only these names.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_COMPAT_H
#define SIPADVISOR_COMPAT_H

#include <ws_version.h>

#define SA_WS_AT_LEAST(maj, min)                                                                             \
    (WIRESHARK_VERSION_MAJOR > (maj) ||                                                                      \
     (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

/* field_info.value: an embedded fvalue_t up to 4.0, a pointer from 4.2. */
#if SA_WS_AT_LEAST(4, 2)
#define SA_FI_FVALUE(fi) ((fi)->value)
#else
#define SA_FI_FVALUE(fi) (&(fi)->value)
#endif

#include <stdbool.h>

/* Boolean preferences take a bool pointer from 4.4. */
#if SA_WS_AT_LEAST(4, 4)
typedef bool sa_pref_bool_t;
#else
typedef gboolean sa_pref_bool_t;
#endif

/* epan/value_string.h moved to wsutil/ in 4.6. */
#if SA_WS_AT_LEAST(4, 6)
#include <wsutil/value_string.h>
#else
#include <epan/value_string.h>
#endif

/* A stat_tap_ui init callback reports success from 4.6. */
#if SA_WS_AT_LEAST(4, 6)
#define SA_STAT_TAP_INIT_RESULT     bool
#define SA_STAT_TAP_INIT_RETURN(ok) return (ok)
#else
#define SA_STAT_TAP_INIT_RESULT void
#define SA_STAT_TAP_INIT_RETURN(ok)                                                                          \
    do {                                                                                                     \
        (void)(ok);                                                                                          \
        return;                                                                                              \
    } while (0)
#endif

/* Statistics trees. The Qt GUI lists a plugin's trees only when they are
 * registered with stats_tree_register_plugin(), and then always at the end
 * of the Statistics menu, whatever their group (a tree registered with a
 * group but not as a plugin is in no menu at all). The GUI splits names
 * into submenus ("/" up to 4.0, "//" from 4.2), and a name that is both an
 * entry and a submenu ("SIP Advisor" and "SIP Advisor/Explain ...") drops
 * the plugin's entries (4.0) or crashes Wireshark at start (4.6): so the
 * explanation tree is an entry of its own. From 4.2 the registration
 * returns the tree's configuration, and stats_tree_set_group() records the
 * telephony group for GUIs that honour it. */
#if SA_WS_AT_LEAST(4, 2)
#define SA_STAT_GROUP_TELEPHONY    REGISTER_TELEPHONY_GROUP_UNSORTED
#define SA_STATS_TREE_EXPLAIN_PATH "SIP Advisor: explain the capture"
#define SA_STATS_TREE_REGISTER_WITH_GROUP(tap, abbr, name, flags, packet, init, cleanup, group)              \
    stats_tree_set_group(                                                                                    \
        stats_tree_register_plugin((tap), (abbr), (name), (flags), (packet), (init), (cleanup)), (group))
#else
#define SA_STAT_GROUP_TELEPHONY    REGISTER_STAT_GROUP_TELEPHONY
#define SA_STATS_TREE_EXPLAIN_PATH "SIP Advisor: explain the capture"
#define SA_STATS_TREE_REGISTER_WITH_GROUP(tap, abbr, name, flags, packet, init, cleanup, group)              \
    stats_tree_register_plugin((tap), (abbr), (name), (flags), (packet), (init), (cleanup))
#endif

#endif /* SIPADVISOR_COMPAT_H */
