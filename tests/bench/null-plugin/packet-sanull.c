/* packet-sanull.c
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The benchmark's null post-dissector. It registers like sipadvisor and
 * wants exactly sipadvisor's SIP fields (sa_fields_resolve() and
 * sa_fields_wanted() of plugin/sipadvisor-fields.c), but its dissect
 * function does nothing. tshark + sanull therefore costs what asking for
 * those fields costs (a tree for every packet, the SIP header parts), and
 * sipadvisor / sanull is what sipadvisor's own code costs.
 *
 * Environment, read when a capture file is opened (for the per-field
 * measurements of tests/bench/run_bench.py):
 *   SANULL_FIELDS=a,b,...   want only these of sipadvisor's fields
 *                           ("none": want nothing)
 *   SANULL_EXCLUDE=a,b,...  want all of sipadvisor's fields but these
 *   SANULL_EXTRACT=1        also run sa_fields_extract() on every frame of
 *                           the first pass (the extraction step alone)
 *   SANULL_ADD=a,b,...      want these fields too (any registered field),
 *                           to measure alternatives to sipadvisor's set
 *   SANULL_VERBOSE=1        print the wanted fields to stderr, and with
 *                           SANULL_EXTRACT how many messages got each part
 *                           (to check that another field set extracts the
 *                           same)
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
/* What the extraction found, for SANULL_VERBOSE. */
enum {
    N_MESSAGES,
    N_REQUEST,
    N_METHOD,
    N_RURI,
    N_STATUS,
    N_CALL_ID,
    N_CSEQ,
    N_CSEQ_METHOD,
    N_VIA_SENT_BY,
    N_VIA_BRANCH,
    N_FROM_TAG,
    N_TO_URI,
    N_REQUIRE,
    N_SUPPORTED,
    N_CONTACT_URIS,
    N_CONTACT_Q,
    N_CONTACT_EXPIRES,
    N_COUNTS
};
static const char *const count_names[N_COUNTS] = {
    "messages", "requests",    "method",       "ruri",       "status",          "call_id",
    "cseq",     "cseq_method", "via_sent_by",  "via_branch", "from_tag",        "to_uri",
    "require",  "supported",   "contact_uris", "contact_q",  "contact_expires",
};
static guint64 sanull_counts[N_COUNTS];
static gboolean sanull_verbose;

/* Whether name is one of the comma-separated names in list. */
static gboolean in_list(const char *list, const char *name)
{
    gchar **names = g_strsplit(list, ",", -1);
    gboolean found = FALSE;

    for (gchar **n = names; *n != NULL && !found; n++)
        found = strcmp(g_strstrip(*n), name) == 0;
    g_strfreev(names);
    return found;
}

/* sipadvisor's wanted fields, narrowed by SANULL_FIELDS / SANULL_EXCLUDE. */
static GArray *wanted_fields(gboolean verbose)
{
    GArray *all = sa_fields_wanted();
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
    const char *only = g_getenv("SANULL_FIELDS");
    const char *exclude = g_getenv("SANULL_EXCLUDE");

    for (guint i = 0; i < all->len; i++) {
        int hf = g_array_index(all, int, i);
        const char *name = proto_registrar_get_abbrev(hf);
        if (only != NULL && !in_list(only, name))
            continue;
        if (exclude != NULL && in_list(exclude, name))
            continue;
        g_array_append_val(wanted, hf);
        if (verbose)
            g_printerr("sanull: wants %s\n", name);
    }
    g_array_free(all, TRUE);
    if (g_getenv("SANULL_ADD") != NULL) {
        gchar **names = g_strsplit(g_getenv("SANULL_ADD"), ",", -1);
        for (gchar **n = names; *n != NULL; n++) {
            int hf = proto_registrar_get_id_byname(g_strstrip(*n));
            if (hf < 0) {
                g_printerr("sanull: no field %s\n", *n);
                continue;
            }
            g_array_append_val(wanted, hf);
            if (verbose)
                g_printerr("sanull: wants %s\n", *n);
        }
        g_strfreev(names);
    }
    if (verbose)
        g_printerr("sanull: %u of sipadvisor's fields wanted%s\n", wanted->len,
                   sanull_extract ? ", extracting" : "");
    if (wanted->len == 0) {
        g_array_free(wanted, TRUE);
        return NULL;
    }
    return wanted;
}

static void count(const sa_msg_t *msgs, guint n)
{
    for (guint i = 0; i < n; i++) {
        const sa_msg_t *m = &msgs[i];
        sanull_counts[N_MESSAGES]++;
        sanull_counts[N_REQUEST] += m->is_request != 0;
        sanull_counts[N_METHOD] += m->method != NULL;
        sanull_counts[N_RURI] += m->ruri != NULL;
        sanull_counts[N_STATUS] += m->status != 0;
        sanull_counts[N_CALL_ID] += m->call_id != NULL;
        sanull_counts[N_CSEQ] += m->has_cseq != 0;
        sanull_counts[N_CSEQ_METHOD] += m->cseq_method != NULL;
        sanull_counts[N_VIA_SENT_BY] += m->via_sent_by != NULL;
        sanull_counts[N_VIA_BRANCH] += m->via_branch != NULL;
        sanull_counts[N_FROM_TAG] += m->from_tag != NULL;
        sanull_counts[N_TO_URI] += m->to_uri != NULL;
        sanull_counts[N_REQUIRE] += m->require != NULL;
        sanull_counts[N_SUPPORTED] += m->supported != NULL;
        sanull_counts[N_CONTACT_URIS] += m->n_contacts;
        for (guint c = 0; c < m->n_contacts; c++) {
            sanull_counts[N_CONTACT_Q] += m->contacts[c].q != NULL;
            sanull_counts[N_CONTACT_EXPIRES] += m->contacts[c].expires != NULL;
        }
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
    g_printerr("sanull: extracted");
    for (int i = 0; i < N_COUNTS; i++)
        g_printerr(" %s=%" G_GUINT64_FORMAT, count_names[i], sanull_counts[i]);
    g_printerr("\n");
}

static void sanull_init(void)
{
    static gboolean at_exit;

    sanull_verbose = g_getenv("SANULL_VERBOSE") != NULL;
    sanull_extract = g_getenv("SANULL_EXTRACT") != NULL;
    memset(sanull_counts, 0, sizeof sanull_counts);
    if (sanull_verbose && sanull_extract && !at_exit) {
        at_exit = TRUE;
        atexit(print_counts);
    }
    if (proto_is_protocol_enabled(find_protocol_by_id(proto_sanull)))
        set_postdissector_wanted_hfids(sanull_handle, wanted_fields(sanull_verbose));
}

static void sanull_cleanup(void)
{
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
