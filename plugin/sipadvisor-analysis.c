/* sipadvisor-analysis.c
 * Transaction matching (RFC 3261 §17.1.3 with the RFC 2543 fallback),
 * retransmissions, and the findings on 301 and 421 responses.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sipadvisor-analysis.h"

#include "sipadvisor-sip.h"

#include <string.h>

/* One client transaction, from its request (or, when the request is not in
 * the capture, from its first response). */
typedef struct sa_txn {
    sa_match_t kind;
    guint32 request_frame; /* 0 when the request is not captured */
    gint64 request_time_ns;
    char *method;
    char *ruri;
    char *to_uri;
    char *supported; /* request Supported lines, joined */
    char *require;   /* request Require lines, joined */
    guint32 final_frame;
    guint final_status;
} sa_txn_t;

struct sa_ctx {
    GHashTable *txns;    /* key string -> sa_txn_t */
    GHashTable *results; /* frame number -> GPtrArray of sa_result_t */
};

static void txn_free(gpointer data)
{
    sa_txn_t *t = data;

    g_free(t->method);
    g_free(t->ruri);
    g_free(t->to_uri);
    g_free(t->supported);
    g_free(t->require);
    g_free(t);
}

static void new_uri_clear(gpointer data)
{
    sa_new_uri_t *n = data;

    g_free(n->uri);
    g_free(n->q_text);
}

static void result_free(gpointer data)
{
    sa_result_t *r = data;

    if (r->new_uris != NULL)
        g_array_free(r->new_uris, TRUE);
    if (r->required != NULL)
        g_ptr_array_free(r->required, TRUE);
    if (r->supported != NULL)
        g_ptr_array_free(r->supported, TRUE);
    if (r->missing != NULL)
        g_ptr_array_free(r->missing, TRUE);
    g_free(r);
}

static void result_array_free(gpointer data)
{
    g_ptr_array_free(data, TRUE);
}

sa_ctx_t *sa_ctx_new(void)
{
    sa_ctx_t *ctx = g_new0(sa_ctx_t, 1);

    ctx->txns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, txn_free);
    ctx->results = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, result_array_free);
    return ctx;
}

void sa_ctx_free(sa_ctx_t *ctx)
{
    if (ctx == NULL)
        return;
    g_hash_table_destroy(ctx->txns);
    g_hash_table_destroy(ctx->results);
    g_free(ctx);
}

guint sa_ctx_transaction_count(const sa_ctx_t *ctx)
{
    return g_hash_table_size(ctx->txns);
}

const GPtrArray *sa_ctx_frame_results(const sa_ctx_t *ctx, guint32 frame)
{
    return g_hash_table_lookup(ctx->results, GUINT_TO_POINTER(frame));
}

gboolean sa_status_is_analysed(guint status)
{
    return status == 301 || status == 421;
}

/* The method that names the transaction: the ACK of a non-2xx final
 * response belongs to the INVITE transaction (§17.1.1.3). */
static const char *txn_method(const sa_msg_t *m)
{
    const char *method = m->is_request ? m->method : m->cseq_method;

    if (method != NULL && strcmp(method, "ACK") == 0)
        return "INVITE";
    return method;
}

/* The key that both a request and its responses produce, or NULL when the
 * message lacks what matching needs. */
static char *txn_key(const sa_msg_t *m, sa_match_t *kind)
{
    const char *method = txn_method(m);
    char *sent_by;
    char *key;

    if (method == NULL || m->via_sent_by == NULL)
        return NULL;
    /* Hosts compare case-insensitively; the response copies the request's
     * top Via, so both sides normalise the same text. */
    sent_by = g_ascii_strdown(m->via_sent_by, -1);
    if (sa_is_rfc3261_branch(m->via_branch)) {
        *kind = SA_MATCH_RFC3261;
        key = g_strconcat("3|", m->via_branch, "|", sent_by, "|", method, NULL);
    } else if (m->call_id != NULL && m->has_cseq) {
        char cseq[16];
        g_snprintf(cseq, sizeof cseq, "%u", m->cseq);
        *kind = SA_MATCH_RFC2543;
        key = g_strconcat("2|", m->call_id, "|", cseq, "|", method, "|", m->from_tag ? m->from_tag : "", "|",
                          sent_by, "|", m->via_branch ? m->via_branch : "", NULL);
    } else {
        key = NULL;
    }
    g_free(sent_by);
    return key;
}

static void add_request(sa_ctx_t *ctx, const sa_msg_t *m)
{
    sa_match_t kind = SA_MATCH_NONE;
    char *key;
    sa_txn_t *t;

    if (m->method == NULL || strcmp(m->method, "ACK") == 0)
        return; /* ACKs open no transaction of their own */
    key = txn_key(m, &kind);
    if (key == NULL)
        return;
    t = g_hash_table_lookup(ctx->txns, key);
    if (t != NULL && t->request_frame != 0) {
        g_free(key); /* a retransmission: the first copy stays the request */
        return;
    }
    if (t == NULL) {
        t = g_new0(sa_txn_t, 1);
        g_hash_table_insert(ctx->txns, key, t);
    } else {
        g_free(key); /* a response came first: the request fills in */
    }
    t->kind = kind;
    t->request_frame = m->frame;
    t->request_time_ns = m->time_ns;
    if (t->method == NULL) /* a response may have named it already */
        t->method = g_strdup(m->method);
    t->ruri = g_strdup(m->ruri);
    t->to_uri = g_strdup(m->to_uri);
    t->supported = g_strdup(m->supported);
    t->require = g_strdup(m->require);
}

static gint new_uri_compare(gconstpointer a, gconstpointer b)
{
    const sa_new_uri_t *x = a;
    const sa_new_uri_t *y = b;

    return y->q_milli - x->q_milli;
}

static void analyse_301(sa_result_t *r, const sa_txn_t *t, const sa_msg_t *m)
{
    if (t != NULL && t->request_frame != 0) {
        gboolean reg = t->method != NULL && strcmp(t->method, "REGISTER") == 0;
        r->moved_from = reg ? t->to_uri : t->ruri;
    } else {
        r->moved_from = NULL;
    }
    r->new_uris = g_array_sized_new(FALSE, TRUE, sizeof(sa_new_uri_t), m->n_contacts);
    g_array_set_clear_func(r->new_uris, new_uri_clear);
    for (guint i = 0; i < m->n_contacts; i++) {
        const sa_contact_in_t *c = &m->contacts[i];
        sa_new_uri_t n;
        gint q;

        if (c->uri == NULL || c->uri[0] == '\0')
            continue;
        q = sa_parse_qvalue(c->q);
        n.uri = g_strdup(c->uri);
        n.q_text = g_strdup(c->q);
        n.q_milli = q < 0 ? 1000 : q;
        n.expires = sa_parse_delta_seconds(c->expires);
        g_array_append_val(r->new_uris, n);
    }
    /* g_array_sort is a stable merge sort: equal q keep header order. */
    g_array_sort(r->new_uris, new_uri_compare);
    if (r->new_uris->len == 0)
        r->findings |= SA_FINDING_NO_CONTACT;
}

static void analyse_421(sa_result_t *r, const sa_txn_t *t, const sa_msg_t *m)
{
    GPtrArray *req_require = sa_tagset_new();

    r->required = sa_tagset_new();
    r->supported = sa_tagset_new();
    sa_tagset_add_list(r->required, m->require);
    if (t != NULL) {
        sa_tagset_add_list(r->supported, t->supported);
        /* A tag the request itself required is one the client supports. */
        sa_tagset_add_list(req_require, t->require);
    }
    r->missing = sa_tagset_difference(r->required, r->supported, req_require);
    g_ptr_array_free(req_require, TRUE);
    if (m->require == NULL || r->required->len == 0)
        r->findings |= SA_FINDING_NO_REQUIRE;
    else if (r->missing->len == 0 && t != NULL && t->request_frame != 0)
        r->findings |= SA_FINDING_ALREADY_SUPPORTED;
}

static const sa_result_t *add_response(sa_ctx_t *ctx, const sa_msg_t *m)
{
    sa_match_t kind = SA_MATCH_NONE;
    char *key = txn_key(m, &kind);
    sa_txn_t *t = NULL;
    gboolean resend = FALSE;
    guint32 original = 0;
    sa_result_t *r;
    GPtrArray *frame_results;

    if (key != NULL) {
        t = g_hash_table_lookup(ctx->txns, key);
        if (t == NULL) {
            /* Keep a transaction without request, so that retransmissions
             * of this response are still recognised. */
            t = g_new0(sa_txn_t, 1);
            t->kind = kind;
            t->method = g_strdup(m->cseq_method);
            g_hash_table_insert(ctx->txns, key, t);
        } else {
            g_free(key);
        }
        if (m->status >= 200) {
            if (t->final_frame == 0) {
                t->final_frame = m->frame;
                t->final_status = m->status;
            } else if (t->final_status == m->status) {
                resend = TRUE;
                original = t->final_frame;
            }
        }
    }
    if (!sa_status_is_analysed(m->status))
        return NULL;

    r = g_new0(sa_result_t, 1);
    r->frame = m->frame;
    r->index = m->index;
    r->status = m->status;
    r->resend = resend;
    r->original_frame = original;
    r->response_time_ns = -1;
    if (t == NULL) {
        r->findings |= SA_FINDING_UNMATCHABLE | SA_FINDING_NOT_CAPTURED;
    } else if (t->request_frame == 0) {
        r->findings |= SA_FINDING_NOT_CAPTURED;
    } else {
        r->match = t->kind;
        r->request_frame = t->request_frame;
        r->request_uri = t->ruri;
        r->response_time_ns = m->time_ns - t->request_time_ns;
    }
    r->request_method = t != NULL ? t->method : NULL;
    if (m->status == 301)
        analyse_301(r, t, m);
    else
        analyse_421(r, t, m);

    frame_results = g_hash_table_lookup(ctx->results, GUINT_TO_POINTER(m->frame));
    if (frame_results == NULL) {
        frame_results = g_ptr_array_new_with_free_func(result_free);
        g_hash_table_insert(ctx->results, GUINT_TO_POINTER(m->frame), frame_results);
    }
    g_ptr_array_add(frame_results, r);
    return r;
}

const sa_result_t *sa_ctx_add(sa_ctx_t *ctx, const sa_msg_t *msg)
{
    if (msg->is_request) {
        add_request(ctx, msg);
        return NULL;
    }
    return add_response(ctx, msg);
}
