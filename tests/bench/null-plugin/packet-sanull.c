/* packet-sanull.c
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The benchmark's null post-dissector. It registers like sipadvisor and
 * wants what sipadvisor wants (sa_fields_resolve() and sa_fields_wanted()
 * of plugin/sipadvisor-fields.c: the "sip" protocol item alone), but its
 * dissect function does nothing. tshark + sanull therefore costs what
 * asking for that field costs (a tree for every packet, nothing of the SIP
 * headers), and sipadvisor / sanull is what sipadvisor's own code costs.
 *
 * Environment, read when a capture file is opened:
 *   SANULL_EXTRACT=1   run sa_fields_extract() on every frame of the first
 *                      pass: locate the SIP messages and run the header
 *                      reader (sipadvisor-reader.c) on each, nothing else
 *   SANULL_VERBOSE=1   print the wanted fields to stderr and, with
 *                      SANULL_EXTRACT, at exit how many messages were read
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/packet.h>
#include <epan/proto.h>

#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "sipadvisor-fields.h"

static int proto_sanull = -1;
static dissector_handle_t sanull_handle;
static gboolean sanull_extract;
static gboolean sanull_verbose;

/* What the extraction read, for SANULL_VERBOSE. */
static guint64 n_frames;    /* frames with at least one message read */
static guint64 n_messages;  /* messages read */
static guint64 n_requests;  /* of them requests */
static guint64 n_responses; /* of them responses */
static guint64 n_flagged;   /* of them with a SA_READ_* flag */

static void count(const sa_msg_t *msgs, guint n)
{
    n_frames += n > 0;
    for (guint i = 0; i < n; i++) {
        n_messages++;
        n_requests += msgs[i].is_request != 0;
        n_responses += msgs[i].status != 0;
        n_flagged += msgs[i].read_flags != 0;
    }
}

static int dissect_sanull(tvbuff_t *tvb _U_, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (sanull_extract && !PINFO_FD_VISITED(pinfo)) {
        sa_msg_t *msgs;
        guint n = sa_fields_extract(tree, pinfo, &msgs);
        if (sanull_verbose)
            count(msgs, n);
    }
    return 0;
}

/* tshark exits without a last cleanup, so the counts print at exit. */
static void print_counts(void)
{
    g_printerr("sanull: read messages=%" G_GUINT64_FORMAT " requests=%" G_GUINT64_FORMAT
               " responses=%" G_GUINT64_FORMAT " flagged=%" G_GUINT64_FORMAT " frames=%" G_GUINT64_FORMAT
               "\n",
               n_messages, n_requests, n_responses, n_flagged, n_frames);
}

static void sanull_init(void)
{
    static gboolean at_exit;

    sanull_verbose = g_getenv("SANULL_VERBOSE") != NULL;
    sanull_extract = g_getenv("SANULL_EXTRACT") != NULL;
    n_frames = n_messages = n_requests = n_responses = n_flagged = 0;
    if (sanull_verbose && sanull_extract && !at_exit) {
        at_exit = TRUE;
        atexit(print_counts);
    }
    if (proto_is_protocol_enabled(find_protocol_by_id(proto_sanull))) {
        GArray *wanted = sa_fields_wanted();
        if (sanull_verbose) {
            for (guint i = 0; i < wanted->len; i++)
                g_printerr("sanull: wants %s\n", proto_registrar_get_abbrev(g_array_index(wanted, int, i)));
            g_printerr("sanull: %u field(s) wanted%s\n", wanted->len, sanull_extract ? ", extracting" : "");
        }
        set_postdissector_wanted_hfids(sanull_handle, wanted);
    }
}

static void sanull_cleanup(void)
{
    sa_fields_cleanup();
    set_postdissector_wanted_hfids(sanull_handle, NULL);
}

static void proto_register_sanull(void)
{
    proto_sanull = proto_register_protocol("SIP Advisor null benchmark plugin", "SANULL", "sanull");
    register_init_routine(sanull_init);
    register_cleanup_routine(sanull_cleanup);
}

static void proto_reg_handoff_sanull(void)
{
    sanull_handle = create_dissector_handle(dissect_sanull, proto_sanull);
    register_postdissector(sanull_handle);
    sa_fields_resolve();
}

/* The same entry points as sipadvisor.so. */
#define SA_PLUGIN_VERSION  "0.0.0"
#define SA_PLUGIN_REGISTER proto_register_sanull
#define SA_PLUGIN_HANDOFF  proto_reg_handoff_sanull
#include "plugin-entry.h"
