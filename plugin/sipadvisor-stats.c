/* sipadvisor-stats.c
 * Statistics across a capture: how many 301/421 per method, who moved where
 * and whether clients followed, which extensions servers demand from which
 * clients, and the findings by expert name.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>

#include <epan/address.h>
#include <epan/packet_info.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "compat.h"
#include "sipadvisor-knowledge.h"
#include "sipadvisor-rules.h"
#include "sipadvisor-sip.h"
#include "sipadvisor-stats.h"

#include <stdio.h>
#include <string.h>

static int st_node_analysed = -1;
static int st_node_fixes = -1;
static int st_node_moves = -1;
static int st_node_extensions = -1;
static int st_node_explained = -1;
static int st_node_unmatched = -1;
static int st_node_findings = -1;

static const char st_str_analysed[] = "Analysed responses: status -> method";
static const char st_str_fixes[] = "Fixes: status -> fix -> what the client did";
static const char st_str_moves[] = "Moves: moved-from URI -> new URI";
static const char st_str_extensions[] = "Missing extensions: tag -> server -> client";
static const char st_str_explained[] = "Other failed responses: status -> method";
static const char st_str_unmatched[] = "Responses without captured request";
static const char st_str_findings[] = "Findings (expert entries)";

/* The findings the tree counts: what a human must look at (Warning or
 * Error), apart from the response codes themselves. */
static const struct {
    const char *name;
    int group;
    int severity;
} findings[SA_F_COUNT] = {
#define SA_ST_FINDING(id, name, group, severity, en, zh) {"sipadvisor." name, PI_##group, PI_##severity},
    SA_FINDINGS(SA_ST_FINDING)
#undef SA_ST_FINDING
};

static gboolean counted_finding(int f)
{
    return findings[f].group != PI_RESPONSE_CODE && findings[f].severity >= PI_WARN;
}

/* Wireshark's stats tree appends each new child at the end of its
 * parent's list, which is linear: a capture with many distinct URIs, tags,
 * servers or clients made the tree quadratic (and unreadable). Each parent
 * lists at most ST_MAX_CHILDREN names; later ones count under "(others)".
 * The names seen are kept per tree ("tree|parent|name"). */
#define ST_MAX_CHILDREN 500
static const char st_str_others[] = "(others)";
static GHashTable *st_children;    /* "tree|parent|name" */
static GHashTable *st_child_count; /* "tree|parent" -> count */

static const char *st_child(stats_tree *st, int parent, const char *name)
{
    char *count_key;
    char *key;
    guint n;

    if (st_children == NULL) {
        st_children = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        st_child_count = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    }
    key = g_strdup_printf("%p|%d|%s", (void *)st, parent, name);
    if (g_hash_table_contains(st_children, key)) {
        g_free(key);
        return name;
    }
    count_key = g_strdup_printf("%p|%d", (void *)st, parent);
    n = GPOINTER_TO_UINT(g_hash_table_lookup(st_child_count, count_key));
    if (n >= ST_MAX_CHILDREN) {
        g_free(count_key);
        g_free(key);
        return st_str_others;
    }
    g_hash_table_add(st_children, key);
    g_hash_table_insert(st_child_count, count_key, GUINT_TO_POINTER(n + 1));
    return name;
}

static gboolean st_key_of_tree(gpointer key, gpointer value _U_, gpointer prefix)
{
    return g_str_has_prefix(key, prefix);
}

/* Forgets the names of one tree (at its init and when it is freed). */
static void st_forget(stats_tree *st)
{
    char *prefix;

    if (st_children == NULL)
        return;
    prefix = g_strdup_printf("%p|", (void *)st);
    g_hash_table_foreach_remove(st_children, st_key_of_tree, prefix);
    g_hash_table_foreach_remove(st_child_count, st_key_of_tree, prefix);
    g_free(prefix);
}

static void sipadvisor_stats_tree_cleanup(stats_tree *st)
{
    st_forget(st);
}

static void sipadvisor_stats_tree_init(stats_tree *st)
{
    st_forget(st);
    st_node_analysed = stats_tree_create_node(st, st_str_analysed, 0, STAT_DT_INT, TRUE);
    st_node_fixes = stats_tree_create_node(st, st_str_fixes, 0, STAT_DT_INT, TRUE);
    st_node_moves = stats_tree_create_node(st, st_str_moves, 0, STAT_DT_INT, TRUE);
    st_node_extensions = stats_tree_create_node(st, st_str_extensions, 0, STAT_DT_INT, TRUE);
    st_node_explained = stats_tree_create_node(st, st_str_explained, 0, STAT_DT_INT, TRUE);
    st_node_unmatched = stats_tree_create_node(st, st_str_unmatched, 0, STAT_DT_INT, TRUE);
    st_node_findings = stats_tree_create_node(st, st_str_findings, 0, STAT_DT_INT, TRUE);
}

static const char *method_of(const sa_result_t *r)
{
    return r->request_method ? r->request_method : "(unknown method)";
}

static const char *status_text(packet_info *pinfo, const sa_result_t *r)
{
    const sa_status_info_t *info = sa_knowledge_status(r->status);

    return wmem_strdup_printf(pinfo->pool, "%u %s", r->status, info ? info->reason : "");
}

/* The offered URI the retry took (the core recorded which), or NULL. */
static const char *chosen_uri(const sa_result_t *r)
{
    gint n = 0;

    for (guint i = 0; r->retry_choice >= 0 && r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id == SA_I_NEW_URI && n++ == r->retry_choice)
            return it->str;
    }
    return NULL;
}

static const char *const outcome_names[] = {
    [SA_RETRY_UNKNOWN] = "not known yet (use -2)",
    [SA_RETRY_FIXED] = "retried with the fix",
    [SA_RETRY_UNFIXED] = "retried without the fix",
    [SA_RETRY_NONE] = "not retried",
};

/* The fix node of a result, found or made (adding 0 counts nothing). */
static int fix_node(stats_tree *st, packet_info *pinfo, const sa_result_t *r, int inc)
{
    char *fix = sa_result_fix(r, SA_LANG_EN);
    const char *name = wmem_strdup(pinfo->pool, fix ? fix : "");
    int status;

    g_free(fix);
    status =
        increase_stat_node(st, st_child(st, st_node_fixes, status_text(pinfo, r)), st_node_fixes, TRUE, inc);
    return increase_stat_node(st, st_child(st, status, name), status, TRUE, inc);
}

/* A retry after r: what the client did, under the fix and under the move. */
static void count_retry(stats_tree *st, packet_info *pinfo, const sa_result_t *r)
{
    const sa_item_t *from = sa_result_item(r, SA_I_MOVED_FROM);
    int node = fix_node(st, pinfo, r, 0);

    tick_stat_node(st, outcome_names[r->retry_state], node, FALSE);
    if (from != NULL && sa_result_item(r, SA_I_NEW_URI) != NULL) {
        int moved = increase_stat_node(st, st_child(st, st_node_moves, from->str), st_node_moves, TRUE, 0);
        tick_stat_node(st, chosen_uri(r) != NULL ? "followed" : "retried at a URI not offered", moved, FALSE);
    }
}

static void count_response(stats_tree *st, packet_info *pinfo, const sa_result_t *r)
{
    const char *status = status_text(pinfo, r);

    if (r->kind == SA_KIND_EXPLAIN) {
        int node;
        tick_stat_node(st, st_str_explained, 0, FALSE);
        node = tick_stat_node(st, st_child(st, st_node_explained, status), st_node_explained, TRUE);
        tick_stat_node(st, st_child(st, node, method_of(r)), node, FALSE);
        return;
    }
    {
        int node;
        tick_stat_node(st, st_str_analysed, 0, FALSE);
        node = tick_stat_node(st, st_child(st, st_node_analysed, status), st_node_analysed, TRUE);
        tick_stat_node(st, st_child(st, node, method_of(r)), node, FALSE);
        tick_stat_node(st, st_str_fixes, 0, FALSE);
        node = fix_node(st, pinfo, r, 1);
        if (r->retry_state == SA_RETRY_NONE)
            tick_stat_node(st, outcome_names[SA_RETRY_NONE], node, FALSE);
    }
    {
        const sa_item_t *from = sa_result_item(r, SA_I_MOVED_FROM);
        if (from != NULL && sa_result_item(r, SA_I_NEW_URI) != NULL) {
            int node;
            tick_stat_node(st, st_str_moves, 0, FALSE);
            node = tick_stat_node(st, st_child(st, st_node_moves, from->str), st_node_moves, TRUE);
            for (guint i = 0; i < r->items->len; i++) {
                const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
                const sa_item_t *next =
                    i + 1 < r->items->len ? &g_array_index(r->items, sa_item_t, i + 1) : NULL;
                char *label;
                if (it->id != SA_I_NEW_URI)
                    continue;
                label = next != NULL && next->id == SA_I_NEW_URI_Q
                            ? wmem_strdup_printf(pinfo->pool, "-> %s (q=%g)", it->str, next->num / 1000.0)
                            : wmem_strdup_printf(pinfo->pool, "-> %s", it->str);
                tick_stat_node(st, st_child(st, node, label), node, FALSE);
            }
        }
    }
    if (sa_result_item(r, SA_I_MISSING) != NULL) {
        const char *server = address_to_str(pinfo->pool, &pinfo->src);
        const char *client = address_to_str(pinfo->pool, &pinfo->dst);
        for (guint i = 0; i < r->items->len; i++) {
            const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
            int tag, srv;
            if (it->id != SA_I_MISSING)
                continue;
            tick_stat_node(st, st_str_extensions, 0, FALSE);
            tag = tick_stat_node(st, st_child(st, st_node_extensions, it->str), st_node_extensions, TRUE);
            srv = tick_stat_node(st, st_child(st, tag, wmem_strdup_printf(pinfo->pool, "server %s", server)),
                                 tag, TRUE);
            tick_stat_node(st, st_child(st, srv, wmem_strdup_printf(pinfo->pool, "client %s", client)), srv,
                           FALSE);
        }
    }
    if (r->request_frame == 0) {
        tick_stat_node(st, st_str_unmatched, 0, FALSE);
        tick_stat_node(st,
                       st_child(st, st_node_unmatched,
                                wmem_strdup_printf(pinfo->pool, "%u %s", r->status, method_of(r))),
                       st_node_unmatched, FALSE);
    }
}

static tap_packet_status sipadvisor_stats_tree_packet(stats_tree *st, packet_info *pinfo,
                                                      epan_dissect_t *edt _U_, const void *data,
                                                      tap_flags_t flags _U_)
{
    const sa_tap_record_t *rec = data;

    if (rec->is_retry) {
        count_retry(st, pinfo, rec->result);
        return TAP_PACKET_REDRAW;
    }
    count_response(st, pinfo, rec->result);
    for (int f = 0; f < SA_F_COUNT; f++) {
        if (counted_finding(f) && sa_result_has(rec->result, (sa_finding_t)f)) {
            tick_stat_node(st, st_str_findings, 0, FALSE);
            tick_stat_node(st, findings[f].name, st_node_findings, FALSE);
        }
    }
    return TAP_PACKET_REDRAW;
}

/* The to-do report: tshark -q -z sipadvisor,todo prints what to change, as
 * CSV sections that paste into a ticket or a spreadsheet. */

typedef struct todo_move {
    char *from;
    char *uri;
    char *q;
    gint64 expires;
    guint seen;
    guint followed; /* retries that went to this URI */
} todo_move_t;

typedef struct todo_ext {
    char *server;
    char *tag;
    guint seen;
    GPtrArray *clients;     /* distinct, in first-seen order */
    GHashTable *client_set; /* the same, to look up */
} todo_ext_t;

/* One fix a server asked for: status, method, server and fix text. */
typedef struct todo_fix {
    guint status;
    char *method;
    char *server;
    char *fix;
    guint seen;
    guint outcome[SA_RETRY_NONE + 1]; /* by sa_retry_state_t */
} todo_fix_t;

typedef struct todo {
    GPtrArray *moves; /* todo_move_t, first-seen order */
    GPtrArray *exts;  /* todo_ext_t */
    GPtrArray *fixes; /* todo_fix_t */
    /* Indexes: "from\x1furi" -> move, "server\x1ftag in lower case" -> ext,
     * "status\x1fmethod\x1fserver\x1ffix" -> fix (linear searches made big
     * captures quadratic). */
    GHashTable *move_index;
    GHashTable *ext_index;
    GHashTable *fix_index;
    guint retries_elsewhere;
} todo_t;

static void todo_move_free(gpointer p)
{
    todo_move_t *m = p;
    g_free(m->from);
    g_free(m->uri);
    g_free(m->q);
    g_free(m);
}

static void todo_ext_free(gpointer p)
{
    todo_ext_t *e = p;
    g_free(e->server);
    g_free(e->tag);
    g_ptr_array_free(e->clients, TRUE);
    g_hash_table_destroy(e->client_set);
    g_free(e);
}

static void todo_fix_free(gpointer p)
{
    todo_fix_t *f = p;
    g_free(f->method);
    g_free(f->server);
    g_free(f->fix);
    g_free(f);
}

static void todo_reset(void *data)
{
    todo_t *t = data;
    g_hash_table_remove_all(t->move_index);
    g_hash_table_remove_all(t->ext_index);
    g_hash_table_remove_all(t->fix_index);
    g_ptr_array_set_size(t->moves, 0);
    g_ptr_array_set_size(t->exts, 0);
    g_ptr_array_set_size(t->fixes, 0);
    t->retries_elsewhere = 0;
}

/* The move from -> uri; with create, a new one when there is none yet. */
static todo_move_t *todo_move(todo_t *t, const char *from, const char *uri, gboolean create)
{
    char *key = g_strconcat(from, "\x1f", uri, NULL);
    todo_move_t *m = g_hash_table_lookup(t->move_index, key);

    if (m != NULL || !create) {
        g_free(key);
        return m;
    }
    m = g_new0(todo_move_t, 1);
    m->from = g_strdup(from);
    m->uri = g_strdup(uri);
    m->expires = -1;
    g_ptr_array_add(t->moves, m);
    g_hash_table_insert(t->move_index, key, m);
    return m;
}

static const char *moved_from(const sa_result_t *r)
{
    const sa_item_t *from = sa_result_item(r, SA_I_MOVED_FROM);

    return from ? from->str : "(request not captured)";
}

static void todo_count_moves(todo_t *t, const sa_result_t *r)
{
    todo_move_t *m = NULL;

    for (guint i = 0; r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id == SA_I_NEW_URI) {
            m = todo_move(t, moved_from(r), it->str, TRUE);
            m->seen++;
        } else if (m != NULL && it->id == SA_I_NEW_URI_Q && m->q == NULL) {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            m->q = g_strdup(g_ascii_formatd(buf, sizeof buf, "%g", it->num / 1000.0));
        } else if (m != NULL && it->id == SA_I_NEW_URI_EXPIRES && m->expires < 0) {
            m->expires = it->num;
        }
    }
}

static void todo_count_exts(todo_t *t, packet_info *pinfo, const sa_result_t *r)
{
    char *server = address_to_str(NULL, &pinfo->src);
    char *client = address_to_str(NULL, &pinfo->dst);

    for (guint i = 0; r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        char *lower;
        char *key;
        todo_ext_t *e;
        if (it->id != SA_I_MISSING)
            continue;
        lower = g_ascii_strdown(it->str, -1);
        key = g_strconcat(server, "\x1f", lower, NULL);
        e = g_hash_table_lookup(t->ext_index, key);
        if (e == NULL) {
            e = g_new0(todo_ext_t, 1);
            e->server = g_strdup(server);
            e->tag = g_strdup(it->str);
            e->clients = g_ptr_array_new_with_free_func(g_free);
            e->client_set = g_hash_table_new(g_str_hash, g_str_equal);
            g_ptr_array_add(t->exts, e);
            g_hash_table_insert(t->ext_index, key, e);
        } else {
            g_free(key);
        }
        g_free(lower);
        e->seen++;
        if (!g_hash_table_contains(e->client_set, client)) {
            char *copy = g_strdup(client);
            g_ptr_array_add(e->clients, copy);
            g_hash_table_add(e->client_set, copy);
        }
    }
    wmem_free(NULL, server);
    wmem_free(NULL, client);
}

/* The fix row of a response (server = where the response came from). */
static todo_fix_t *todo_fix(todo_t *t, const sa_result_t *r)
{
    char *server = sa_endpoint_text(&r->server, FALSE);
    char *fix = sa_result_fix(r, SA_LANG_EN);
    char *key = g_strdup_printf("%u\x1f%s\x1f%s\x1f%s", r->status, r->request_method ? r->request_method : "",
                                server, fix ? fix : "");
    todo_fix_t *f = g_hash_table_lookup(t->fix_index, key);

    if (f == NULL) {
        f = g_new0(todo_fix_t, 1);
        f->status = r->status;
        f->method = g_strdup(r->request_method);
        f->server = g_strdup(server);
        f->fix = g_strdup(fix);
        g_ptr_array_add(t->fixes, f);
        g_hash_table_insert(t->fix_index, key, f);
    } else {
        g_free(key);
    }
    g_free(fix);
    g_free(server);
    return f;
}

static tap_packet_status todo_packet(void *data, packet_info *pinfo, epan_dissect_t *edt _U_,
                                     const void *tap_data, tap_flags_t flags _U_)
{
    todo_t *t = data;
    const sa_tap_record_t *rec = tap_data;
    const sa_result_t *r = rec->result;

    if (r->kind == SA_KIND_EXPLAIN)
        return TAP_PACKET_DONT_REDRAW;
    if (!rec->is_retry) {
        todo_fix_t *f = todo_fix(t, r);
        f->seen++;
        if (r->retry_state == SA_RETRY_NONE)
            f->outcome[SA_RETRY_NONE]++;
        todo_count_moves(t, r);
        todo_count_exts(t, pinfo, r);
        return TAP_PACKET_REDRAW;
    }
    todo_fix(t, r)->outcome[r->retry_state]++;
    if (sa_result_item(r, SA_I_NEW_URI) != NULL) {
        const char *uri = chosen_uri(r);
        todo_move_t *m = uri ? todo_move(t, moved_from(r), uri, FALSE) : NULL;
        if (m != NULL && r->retry_state == SA_RETRY_FIXED)
            m->followed++;
        else if (uri == NULL && r->status != 305 && r->status != 380)
            t->retries_elsewhere++; /* 305 and 380 keep the Request-URI */
    }
    return TAP_PACKET_REDRAW;
}

/* Appends a CSV field, quoted when it holds a comma, quote or line break,
 * and the separator after it. */
static void csv_field(GString *out, const char *s, gboolean last)
{
    if (s == NULL)
        s = "";
    if (strpbrk(s, ",\"\r\n") != NULL) {
        g_string_append_c(out, '"');
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                g_string_append_c(out, '"');
            g_string_append_c(out, *p);
        }
        g_string_append_c(out, '"');
    } else {
        g_string_append(out, s);
    }
    g_string_append_c(out, last ? '\n' : ',');
}

/* tshark prints the report when the capture has been read: it is built as
 * one text and written to standard output, where tshark's reports go. */
static void todo_draw(void *data)
{
    todo_t *t = data;
    GString *out = g_string_new(NULL);

    g_string_append(out,
                    "\n# sipadvisor to-do: moved users (update address books, routing and registrations)\n"
                    "moved_from,new_uri,q,expires,seen,followed\n");
    for (guint i = 0; i < t->moves->len; i++) {
        todo_move_t *m = g_ptr_array_index(t->moves, i);
        csv_field(out, m->from, FALSE);
        csv_field(out, m->uri, FALSE);
        csv_field(out, m->q, FALSE);
        if (m->expires >= 0)
            g_string_append_printf(out, "%" G_GINT64_FORMAT, m->expires);
        g_string_append_printf(out, ",%u,%u\n", m->seen, m->followed);
    }
    if (t->retries_elsewhere > 0)
        g_string_append_printf(out, "# %u retries went to URIs the redirect did not offer\n",
                               t->retries_elsewhere);
    g_string_append(out, "\n# sipadvisor to-do: extensions servers require (enable on the clients, list in "
                         "Supported)\nserver,tag,rfc,meaning,seen,clients_lacking_it\n");
    for (guint i = 0; i < t->exts->len; i++) {
        todo_ext_t *e = g_ptr_array_index(t->exts, i);
        const sa_option_tag_t *known = sa_knowledge_option_tag(e->tag);
        GString *clients = g_string_new(NULL);
        for (guint k = 0; k < e->clients->len; k++)
            g_string_append_printf(clients, "%s%s", k ? " " : "",
                                   (const char *)g_ptr_array_index(e->clients, k));
        csv_field(out, e->server, FALSE);
        csv_field(out, e->tag, FALSE);
        csv_field(out, known ? known->rfc : "unregistered", FALSE);
        csv_field(out, known ? known->meaning.en : "not in the IANA option-tag registry", FALSE);
        g_string_append_printf(out, "%u,", e->seen);
        csv_field(out, clients->str, TRUE);
        g_string_free(clients, TRUE);
    }
    g_string_append(
        out, "\n# sipadvisor to-do: fixes servers ask for (what the client did: with -2)\n"
             "status,reason,method,server,fix,seen,retried_with_fix,retried_without_fix,not_retried\n");
    for (guint i = 0; i < t->fixes->len; i++) {
        todo_fix_t *f = g_ptr_array_index(t->fixes, i);
        const sa_status_info_t *info = sa_knowledge_status(f->status);
        g_string_append_printf(out, "%u,", f->status);
        csv_field(out, info ? info->reason : "", FALSE);
        csv_field(out, f->method, FALSE);
        csv_field(out, f->server, FALSE);
        csv_field(out, f->fix, FALSE);
        g_string_append_printf(out, "%u,%u,%u,%u\n", f->seen, f->outcome[SA_RETRY_FIXED],
                               f->outcome[SA_RETRY_UNFIXED], f->outcome[SA_RETRY_NONE]);
    }
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
}

static void todo_finish(void *data)
{
    todo_t *t = data;

    /* Called as tshark removes the listener: only free the data. */
    g_hash_table_destroy(t->move_index);
    g_hash_table_destroy(t->ext_index);
    g_hash_table_destroy(t->fix_index);
    g_ptr_array_free(t->moves, TRUE);
    g_ptr_array_free(t->exts, TRUE);
    g_ptr_array_free(t->fixes, TRUE);
    g_free(t);
}

static SA_STAT_TAP_INIT_RESULT todo_init(const char *opt_arg _U_, void *userdata _U_)
{
    todo_t *t = g_new0(todo_t, 1);
    GString *error;

    t->moves = g_ptr_array_new_with_free_func(todo_move_free);
    t->exts = g_ptr_array_new_with_free_func(todo_ext_free);
    t->fixes = g_ptr_array_new_with_free_func(todo_fix_free);
    t->move_index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    t->ext_index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    t->fix_index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    error = register_tap_listener("sipadvisor", t, NULL, 0, todo_reset, todo_packet, todo_draw, todo_finish);
    if (error != NULL) {
        ws_warning("sipadvisor: cannot start the to-do report: %s", error->str);
        g_string_free(error, TRUE);
        todo_finish(t);
        SA_STAT_TAP_INIT_RETURN(false);
    }
    SA_STAT_TAP_INIT_RETURN(true);
}

/* The capture in plain words: tshark -q -z sipadvisor,explain prints one
 * line per response code seen (and per fix, for the analysed codes): the
 * code, how often, what it means and what to change, in the chosen
 * language, those that need a human first. */

/* How much a line needs a human: the worst severity of its findings. */
static int need_of(const sa_result_t *r)
{
    int worst = 0;

    for (int f = 0; f < SA_F_COUNT; f++) {
        if (sa_result_has(r, (sa_finding_t)f) && findings[f].severity > worst)
            worst = findings[f].severity;
    }
    return worst;
}

typedef struct explain_line {
    guint status;
    gboolean analysed;
    char *what; /* what happened (one line) */
    char *fix;  /* what to change (one line) */
    guint seen;
    int need;
} explain_line_t;

typedef struct explain {
    GPtrArray *lines;  /* explain_line_t */
    GHashTable *index; /* "status\x1fwhat\x1ffix" -> line */
    sa_lang_t lang;
} explain_t;

static void explain_line_free(gpointer p)
{
    explain_line_t *l = p;
    g_free(l->what);
    g_free(l->fix);
    g_free(l);
}

static void explain_reset(void *data)
{
    explain_t *e = data;
    g_hash_table_remove_all(e->index);
    g_ptr_array_set_size(e->lines, 0);
}

/* The first line of a knowledge text. */
static char *first_line(const char *text)
{
    return g_strndup(text, strcspn(text, "\n"));
}

/* What one response says, in a line: the analysed ones with their values
 * ("missing timer", "Session-Expires 90 < Min-SE 120"), the others from
 * the knowledge table. */
static void explain_texts(const sa_result_t *r, sa_lang_t lang, char **what, char **fix)
{
    const sa_status_info_t *info = sa_knowledge_explain(r->status);

    if (r->kind != SA_KIND_EXPLAIN) {
        *what = sa_finding_detail(r, sa_result_headline(r), lang, FALSE);
        *fix = sa_result_fix(r, lang);
        /* The line starts with the code already: no "503 Service
         * Unavailable: " again, and no "[INVITE]" at the end. */
        if (*what != NULL && info != NULL) {
            char *head = g_strdup_printf("%u %s", r->status, info->reason);
            if (g_str_has_prefix(*what, head)) {
                const char *rest = *what + strlen(head);
                while (*rest == ':' || *rest == ' ')
                    rest++;
                memmove(*what, rest, strlen(rest) + 1);
            }
            g_free(head);
        }
        if (*what != NULL) {
            char *bracket = strrchr(*what, '[');
            if (bracket != NULL && bracket > *what && bracket[-1] == ' ' && g_str_has_suffix(bracket, "]"))
                bracket[-1] = '\0';
        }
        return;
    }
    *what = info != NULL ? first_line(sa_text(&info->meaning, lang)) : g_strdup("");
    *fix = info != NULL ? first_line(sa_text(&info->fix, lang)) : g_strdup("");
}

static tap_packet_status explain_packet(void *data, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                        const void *tap_data, tap_flags_t flags _U_)
{
    explain_t *e = data;
    const sa_tap_record_t *rec = tap_data;
    const sa_result_t *r = rec->result;
    char *what;
    char *fix;
    char *key;
    explain_line_t *l;

    if (rec->is_retry)
        return TAP_PACKET_DONT_REDRAW;
    explain_texts(r, e->lang, &what, &fix);
    key = g_strdup_printf("%u\x1f%s\x1f%s", r->status, what ? what : "", fix ? fix : "");
    l = g_hash_table_lookup(e->index, key);
    if (l == NULL) {
        l = g_new0(explain_line_t, 1);
        l->status = r->status;
        l->analysed = r->kind != SA_KIND_EXPLAIN;
        l->what = what;
        l->fix = fix;
        g_ptr_array_add(e->lines, l);
        g_hash_table_insert(e->index, key, l);
    } else {
        g_free(key);
        g_free(what);
        g_free(fix);
    }
    l->seen++;
    l->need = MAX(l->need, need_of(r));
    return TAP_PACKET_REDRAW;
}

/* Those that need a human first, then analysed before explained, then the
 * most frequent, then by code. */
static gint explain_order(gconstpointer a, gconstpointer b)
{
    const explain_line_t *x = *(const explain_line_t *const *)a;
    const explain_line_t *y = *(const explain_line_t *const *)b;

    if (x->need != y->need)
        return x->need > y->need ? -1 : 1;
    if (x->analysed != y->analysed)
        return x->analysed ? -1 : 1;
    if (x->seen != y->seen)
        return x->seen > y->seen ? -1 : 1;
    return (x->status > y->status) - (x->status < y->status);
}

static void explain_draw(void *data)
{
    explain_t *e = data;
    GString *out = g_string_new(NULL);

    g_ptr_array_sort(e->lines, explain_order);
    g_string_append(out, e->lang == SA_LANG_ZH
                             ? "\n# sipadvisor：抓包中的 SIP 失败响应（最需要处理的在前）\n"
                             : "\n# sipadvisor: the failed SIP responses of the capture, those "
                               "that need a human first\n");
    for (guint i = 0; i < e->lines->len; i++) {
        const explain_line_t *l = g_ptr_array_index(e->lines, i);
        const sa_status_info_t *info = sa_knowledge_explain(l->status);
        g_string_append_printf(out, "%u %s  x%u  %s", l->status, info && info->registered ? info->reason : "",
                               l->seen, l->what ? l->what : "");
        if (l->fix != NULL && *l->fix != '\0')
            g_string_append_printf(out, "; %s", l->fix);
        g_string_append_c(out, '\n');
    }
    if (e->lines->len == 0)
        g_string_append(out, e->lang == SA_LANG_ZH ? "（没有失败的响应）\n" : "(no failed response)\n");
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
}

static void explain_finish(void *data)
{
    explain_t *e = data;

    g_hash_table_destroy(e->index);
    g_ptr_array_free(e->lines, TRUE);
    g_free(e);
}

static SA_STAT_TAP_INIT_RESULT explain_init(const char *opt_arg _U_, void *userdata _U_)
{
    explain_t *e = g_new0(explain_t, 1);
    GString *error;

    e->lines = g_ptr_array_new_with_free_func(explain_line_free);
    e->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    e->lang = sa_language();
    error = register_tap_listener("sipadvisor", e, NULL, 0, explain_reset, explain_packet, explain_draw,
                                  explain_finish);
    if (error != NULL) {
        ws_warning("sipadvisor: cannot start the explanation report: %s", error->str);
        g_string_free(error, TRUE);
        explain_finish(e);
        SA_STAT_TAP_INIT_RETURN(false);
    }
    SA_STAT_TAP_INIT_RETURN(true);
}

static stat_tap_ui explain_ui = {
    REGISTER_STAT_GROUP_GENERIC, "SIP Advisor explanation", "sipadvisor,explain", explain_init, 0, NULL,
};

/* The same in the GUI (Statistics > SIP Advisor > Explain the capture): a
 * statistics tree whose items are the lines, and the fix under each. */
static int st_node_explain = -1;
static const char st_str_explain[] = "Failed responses, those that need a human first";

static void explain_tree_init(stats_tree *st)
{
    st_forget(st);
    st_node_explain = stats_tree_create_node(st, st_str_explain, 0, STAT_DT_INT, TRUE);
}

static tap_packet_status explain_tree_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                             const void *data, tap_flags_t flags _U_)
{
    const sa_tap_record_t *rec = data;
    const sa_result_t *r = rec->result;
    const sa_status_info_t *info = sa_knowledge_explain(r->status);
    char *what;
    char *fix;
    const char *line;
    int node;

    if (rec->is_retry)
        return TAP_PACKET_DONT_REDRAW;
    explain_texts(r, sa_language(), &what, &fix);
    line = wmem_strdup_printf(pinfo->pool, "%u %s: %s", r->status,
                              info && info->registered ? info->reason : "", what ? what : "");
    tick_stat_node(st, st_str_explain, 0, FALSE);
    node = tick_stat_node(st, st_child(st, st_node_explain, line), st_node_explain, TRUE);
    if (fix != NULL && *fix != '\0')
        tick_stat_node(st, st_child(st, node, wmem_strdup(pinfo->pool, fix)), node, FALSE);
    g_free(what);
    g_free(fix);
    return TAP_PACKET_REDRAW;
}

static stat_tap_ui todo_ui = {
    REGISTER_STAT_GROUP_GENERIC, "SIP Advisor to-do", "sipadvisor,todo", todo_init, 0, NULL,
};

void sa_stats_register(void)
{
    /* Telephony > SIP Advisor, beside Wireshark's other SIP statistics. */
    SA_STATS_TREE_REGISTER_WITH_GROUP("sipadvisor", "sipadvisor", "SIP Advisor", 0,
                                      sipadvisor_stats_tree_packet, sipadvisor_stats_tree_init,
                                      sipadvisor_stats_tree_cleanup, SA_STAT_GROUP_TELEPHONY);
    /* Statistics > SIP Advisor > Explain the capture (4.0; see compat.h). */
    SA_STATS_TREE_REGISTER_WITH_GROUP("sipadvisor", "sipadvisor_explain", SA_STATS_TREE_EXPLAIN_PATH, 0,
                                      explain_tree_packet, explain_tree_init, sipadvisor_stats_tree_cleanup,
                                      REGISTER_PACKET_STAT_GROUP_UNSORTED);
    register_stat_tap_ui(&todo_ui, NULL);
    register_stat_tap_ui(&explain_ui, NULL);
}
