/* sipadvisor-analysis.c
 * Transaction matching (RFC 3261 §17.1.3 with the RFC 2543 fallback),
 * retransmissions, the findings on 301 and 421 responses, and the client's
 * follow-up: the ACK and the retry.
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
    guint32 request_index;
    nstime_t request_time;
    char *method;
    char *ruri;
    char *to_uri;
    char *supported; /* request Supported lines, joined */
    char *require;   /* request Require lines, joined */
    guint32 final_frame;
    guint final_status;
    sa_result_t *result;   /* the analysed response of this transaction */
    sa_result_t *retry_of; /* the analysed response this transaction retries */
} sa_txn_t;

struct sa_ctx {
    GHashTable *txns;     /* key string -> sa_txn_t */
    GHashTable *results;  /* frame number -> GPtrArray of sa_result_t */
    GHashTable *requests; /* frame number -> GPtrArray of sa_request_note_t */
    /* Analysed responses that still wait for the client's retry: by
     * "Call-ID|From tag", and (301 only, a retry may start a new call) by
     * From URI. Values are GPtrArrays of sa_result_t, not owned. */
    GHashTable *pending_by_dialog;
    GHashTable *pending_by_from;
    GHashTable *waits;    /* sa_result_t -> sa_wait_t, owned */
    GPtrArray *followups; /* first copies whose follow-up sa_ctx_finish judges */
    guint32 last_frame;   /* last frame with a SIP message */
    gboolean has_end;     /* end_time is known */
    nstime_t end_time;    /* time of the capture's last frame */
    gboolean finished;    /* sa_ctx_finish judged everything added so far */
};

/* A result that waits for the client's retry, and where it is filed. */
typedef struct sa_wait {
    sa_result_t *r;
    char *dialog; /* key in pending_by_dialog, or NULL */
    char *from;   /* key in pending_by_from (301 only), or NULL */
} sa_wait_t;

static void wait_free(gpointer data)
{
    sa_wait_t *w = data;

    g_free(w->dialog);
    g_free(w->from);
    g_free(w);
}

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
    if (r->retry_missing != NULL)
        g_ptr_array_free(r->retry_missing, TRUE);
    g_free((char *)r->retry_uri);
    g_free(r);
}

static void ptr_array_free(gpointer data)
{
    g_ptr_array_free(data, TRUE);
}

sa_ctx_t *sa_ctx_new(void)
{
    sa_ctx_t *ctx = g_new0(sa_ctx_t, 1);

    ctx->txns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, txn_free);
    ctx->results = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, ptr_array_free);
    ctx->requests = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, ptr_array_free);
    ctx->pending_by_dialog = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, ptr_array_free);
    ctx->pending_by_from = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, ptr_array_free);
    ctx->waits = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, wait_free);
    ctx->followups = g_ptr_array_new();
    return ctx;
}

void sa_ctx_free(sa_ctx_t *ctx)
{
    if (ctx == NULL)
        return;
    g_hash_table_destroy(ctx->pending_by_dialog);
    g_hash_table_destroy(ctx->pending_by_from);
    g_hash_table_destroy(ctx->waits);
    g_ptr_array_free(ctx->followups, TRUE);
    g_hash_table_destroy(ctx->txns);
    g_hash_table_destroy(ctx->requests);
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

const GPtrArray *sa_ctx_frame_requests(const sa_ctx_t *ctx, guint32 frame)
{
    return g_hash_table_lookup(ctx->requests, GUINT_TO_POINTER(frame));
}

void sa_ctx_note_frame(sa_ctx_t *ctx, const nstime_t *time)
{
    if (!ctx->has_end || nstime_cmp(time, &ctx->end_time) > 0) {
        ctx->end_time = *time;
        ctx->has_end = TRUE;
    }
}

gboolean sa_ctx_finished(const sa_ctx_t *ctx)
{
    return ctx->finished;
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
        /* The Call-ID is not part of RFC 3261 matching, but a response
         * always copies it: adding it keeps a branch that a broken client
         * reuses in another call from linking the two. So a message without
         * Call-ID (malformed: it is mandatory) cannot be matched. */
        *kind = SA_MATCH_RFC3261;
        key = m->call_id == NULL
                  ? NULL
                  : g_strconcat("3|", m->via_branch, "|", sent_by, "|", method, "|", m->call_id, NULL);
    } else if (m->call_id != NULL && m->has_cseq) {
        *kind = SA_MATCH_RFC2543;
        key = g_strdup_printf("2|%s|%u|%s|%s|%s|%s", m->call_id, m->cseq, method,
                              m->from_tag ? m->from_tag : "", sent_by, m->via_branch ? m->via_branch : "");
    } else {
        key = NULL;
    }
    g_free(sent_by);
    return key;
}

/* Where a response waits for its retry: the client (Call-ID and From tag)
 * and the method, so that a request looks only at what it could retry. */
static char *dialog_key(const sa_msg_t *m, const char *method)
{
    if (m->call_id == NULL || method == NULL)
        return NULL;
    return g_strconcat(m->call_id, "|", m->from_tag ? m->from_tag : "", "|", method, NULL);
}

static char *from_key(const char *from_uri, const char *method)
{
    if (from_uri == NULL || method == NULL)
        return NULL;
    return g_strconcat(from_uri, "|", method, NULL);
}

static sa_request_note_t *request_note(sa_ctx_t *ctx, guint32 frame, guint32 msg_index)
{
    GPtrArray *notes = g_hash_table_lookup(ctx->requests, GUINT_TO_POINTER(frame));
    sa_request_note_t *note;

    if (notes == NULL) {
        notes = g_ptr_array_new_with_free_func(g_free);
        g_hash_table_insert(ctx->requests, GUINT_TO_POINTER(frame), notes);
    }
    for (guint i = 0; i < notes->len; i++) {
        note = g_ptr_array_index(notes, i);
        if (note->index == msg_index)
            return note;
    }
    note = g_new0(sa_request_note_t, 1);
    note->frame = frame;
    note->index = msg_index;
    g_ptr_array_add(notes, note);
    return note;
}

static void file_wait(GHashTable *table, const char *key, sa_wait_t *w)
{
    GPtrArray *list = g_hash_table_lookup(table, key);

    if (list == NULL) {
        list = g_ptr_array_new();
        g_hash_table_insert(table, g_strdup(key), list);
    }
    g_ptr_array_add(list, w);
}

static void stop_waiting(sa_ctx_t *ctx, sa_wait_t *w);

/* A client that collects more unanswered 301s than this from one From URI
 * is not retrying them: the oldest stop waiting, so that every new request
 * checks a bounded list (a flood must not cost quadratic time). */
#define SA_MAX_WAITING_PER_FROM 32

static void unfile_wait(GHashTable *table, const char *key, sa_wait_t *w)
{
    GPtrArray *list = key ? g_hash_table_lookup(table, key) : NULL;

    if (list != NULL) {
        g_ptr_array_remove(list, w);
        if (list->len == 0)
            g_hash_table_remove(table, key);
    }
}

/* Files a first-copy result to wait for the client's retry. */
static void wait_for_retry(sa_ctx_t *ctx, sa_result_t *r, const sa_msg_t *m)
{
    sa_wait_t *w = g_new0(sa_wait_t, 1);

    w->r = r;
    w->dialog = dialog_key(m, r->request_method);
    if (r->status == 301 && r->new_uris->len > 0)
        w->from = from_key(m->from_uri, r->request_method);
    if (w->dialog != NULL)
        file_wait(ctx->pending_by_dialog, w->dialog, w);
    if (w->from != NULL) {
        GPtrArray *list;
        file_wait(ctx->pending_by_from, w->from, w);
        list = g_hash_table_lookup(ctx->pending_by_from, w->from);
        if (list->len > SA_MAX_WAITING_PER_FROM)
            stop_waiting(ctx, g_ptr_array_index(list, 0));
    }
    g_hash_table_insert(ctx->waits, r, w);
}

static void stop_waiting(sa_ctx_t *ctx, sa_wait_t *w)
{
    unfile_wait(ctx->pending_by_dialog, w->dialog, w);
    unfile_wait(ctx->pending_by_from, w->from, w);
    g_hash_table_remove(ctx->waits, w->r);
}

static gboolean offers_uri(const sa_result_t *r, const char *uri)
{
    for (guint i = 0; r->new_uris != NULL && i < r->new_uris->len; i++) {
        if (sa_uri_equal(g_array_index(r->new_uris, sa_new_uri_t, i).uri, uri))
            return TRUE;
    }
    return FALSE;
}

/* The waiting result that request m is the client's next attempt after:
 * same Call-ID and From tag and same method in another transaction; for a
 * 301 also a new call from the same From URI to one of the offered URIs. */
static sa_wait_t *find_retried(sa_ctx_t *ctx, const sa_msg_t *m, const sa_txn_t *t)
{
    char *key = dialog_key(m, m->method);
    GPtrArray *list = key ? g_hash_table_lookup(ctx->pending_by_dialog, key) : NULL;

    g_free(key);
    /* A new request has no result of its own yet: the oldest waiting one. */
    for (guint i = 0; list != NULL && i < list->len; i++) {
        sa_wait_t *w = g_ptr_array_index(list, i);
        if (t->result != w->r)
            return w;
    }
    key = from_key(m->from_uri, m->method);
    list = key ? g_hash_table_lookup(ctx->pending_by_from, key) : NULL;
    g_free(key);
    for (guint i = 0; list != NULL && i < list->len; i++) {
        sa_wait_t *w = g_ptr_array_index(list, i);
        if (t->result != w->r && offers_uri(w->r, m->ruri))
            return w;
    }
    return NULL;
}

/* Message m belongs to the transaction of result r. */
static void seen_in_transaction(sa_result_t *r, const sa_msg_t *m)
{
    r->last_frame = m->frame;
    r->last_time = m->time;
}

/* Request m (transaction t) is the retry after result r. */
static void record_retry(sa_ctx_t *ctx, sa_result_t *r, const sa_msg_t *m, sa_txn_t *t)
{
    r->retry_frame = m->frame;
    r->retry_uri = g_strdup(m->ruri);
    t->retry_of = r;
    request_note(ctx, m->frame, m->index)->retry_of = r;
    if (r->status == 301) {
        r->follow = offers_uri(r, m->ruri) ? SA_FOLLOW_RETRIED : SA_FOLLOW_UNOFFERED_URI;
        r->findings |=
            SA_FINDING_BIT(r->follow == SA_FOLLOW_RETRIED ? SA_F_FOLLOWED : SA_F_RETRY_UNOFFERED_URI);
    } else {
        GPtrArray *now = sa_tagset_new();
        sa_tagset_add_list(now, m->hdr[SA_H_SUPPORTED]);
        sa_tagset_add_list(now, m->hdr[SA_H_REQUIRE]);
        r->retry_missing = sa_tagset_difference(r->missing, now, NULL);
        g_ptr_array_free(now, TRUE);
        r->follow = r->retry_missing->len == 0 ? SA_FOLLOW_RETRIED : SA_FOLLOW_STILL_MISSING;
        r->findings |=
            SA_FINDING_BIT(r->follow == SA_FOLLOW_RETRIED ? SA_F_FOLLOWED : SA_F_RETRY_STILL_MISSING);
    }
}

static void add_request(sa_ctx_t *ctx, const sa_msg_t *m)
{
    sa_match_t kind = SA_MATCH_NONE;
    char *key;
    sa_txn_t *t;
    sa_wait_t *w;

    if (m->method == NULL)
        return;
    key = txn_key(m, &kind);
    if (key == NULL)
        return;
    t = g_hash_table_lookup(ctx->txns, key);
    if (strcmp(m->method, "ACK") == 0) {
        /* The ACK of a non-2xx final response reuses the INVITE's
         * transaction; an ACK of a 2xx is a transaction of its own. */
        g_free(key);
        if (t != NULL && t->result != NULL) {
            if (t->result->ack_frame == 0)
                t->result->ack_frame = m->frame;
            seen_in_transaction(t->result, m);
        }
        return;
    }
    if (t != NULL && t->request_frame != 0) {
        g_free(key); /* a retransmission: the first copy stays the request */
        if (t->result != NULL)
            seen_in_transaction(t->result, m);
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
    t->request_index = m->index;
    t->request_time = m->time;
    if (t->method == NULL) /* a response may have named it already */
        t->method = g_strdup(m->method);
    t->ruri = g_strdup(m->ruri);
    t->to_uri = g_strdup(m->to_uri);
    t->supported = g_strdup(m->hdr[SA_H_SUPPORTED]);
    t->require = g_strdup(m->hdr[SA_H_REQUIRE]);

    if (strcmp(m->method, "CANCEL") != 0 && (w = find_retried(ctx, m, t)) != NULL) {
        record_retry(ctx, w->r, m, t);
        stop_waiting(ctx, w);
    }
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
    }
    r->new_uris = g_array_sized_new(FALSE, TRUE, sizeof(sa_new_uri_t), m->n_contacts);
    g_array_set_clear_func(r->new_uris, new_uri_clear);
    for (guint i = 0; i < m->n_contacts; i++) {
        const sa_contact_t *c = &m->contacts[i];
        sa_new_uri_t n;
        gint q;

        if (c->uri == NULL || c->uri[0] == '\0')
            continue;
        q = sa_parse_qvalue(c->q);
        n.uri = g_strdup(c->uri);
        n.q_text = g_strdup(c->q);
        n.q_milli = q < 0 ? 1000 : q;
        n.q_valid = q >= 0;
        n.expires = sa_parse_delta_seconds(c->expires);
        g_array_append_val(r->new_uris, n);
    }
    /* g_array_sort is a stable merge sort: equal q keep header order. */
    g_array_sort(r->new_uris, new_uri_compare);
    if (r->new_uris->len == 0)
        r->findings |= SA_FINDING_BIT(SA_F_NO_CONTACT);
}

static void analyse_421(sa_result_t *r, const sa_txn_t *t, const sa_msg_t *m)
{
    GPtrArray *req_require = sa_tagset_new();

    r->required = sa_tagset_new();
    r->supported = sa_tagset_new();
    sa_tagset_add_list(r->required, m->hdr[SA_H_REQUIRE]);
    if (t != NULL) {
        sa_tagset_add_list(r->supported, t->supported);
        /* A tag the request itself required is one the client supports. */
        sa_tagset_add_list(req_require, t->require);
    }
    r->missing = sa_tagset_difference(r->required, r->supported, req_require);
    g_ptr_array_free(req_require, TRUE);
    if (r->required->len == 0)
        r->findings |= SA_FINDING_BIT(SA_F_NO_REQUIRE);
    else if (r->missing->len == 0 && t != NULL && t->request_frame != 0)
        r->findings |= SA_FINDING_BIT(SA_F_REQUIRED_ALREADY_SUPPORTED);
}

/* b - a, or FALSE when either time is out of the range where the
 * subtraction is exact (absurd timestamps from a damaged capture). */
static gboolean time_delta(nstime_t *delta, const nstime_t *b, const nstime_t *a)
{
    const gint64 limit = G_GINT64_CONSTANT(1) << 40; /* seconds: about 35,000 years */

    if ((gint64)a->secs > limit || (gint64)a->secs < -limit || (gint64)b->secs > limit ||
        (gint64)b->secs < -limit || a->nsecs < 0 || a->nsecs >= 1000000000 || b->nsecs < 0 ||
        b->nsecs >= 1000000000)
        return FALSE;
    nstime_delta(delta, b, a);
    return TRUE;
}

static void store_result(sa_ctx_t *ctx, sa_result_t *r)
{
    GPtrArray *list = g_hash_table_lookup(ctx->results, GUINT_TO_POINTER(r->frame));

    if (list == NULL) {
        list = g_ptr_array_new_with_free_func(result_free);
        g_hash_table_insert(ctx->results, GUINT_TO_POINTER(r->frame), list);
    }
    g_ptr_array_add(list, r);
}

static const sa_result_t *add_response(sa_ctx_t *ctx, const sa_msg_t *m)
{
    sa_match_t kind = SA_MATCH_NONE;
    char *key = txn_key(m, &kind);
    sa_txn_t *t = NULL;
    gboolean resend = FALSE;
    guint32 original = 0;
    sa_result_t *r;

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
                if (t->retry_of != NULL)
                    t->retry_of->retry_status = m->status;
            } else if (t->final_status == m->status) {
                resend = TRUE;
                original = t->final_frame;
            }
        }
        if (t->result != NULL)
            seen_in_transaction(t->result, m);
    }
    if (!sa_status_is_analysed(m->status))
        return NULL;

    r = g_new0(sa_result_t, 1);
    r->frame = m->frame;
    r->index = m->index;
    r->status = m->status;
    r->resend = resend;
    r->original_frame = original;
    seen_in_transaction(r, m);
    if (t == NULL) {
        r->findings |= SA_FINDING_BIT(SA_F_UNMATCHABLE);
    } else if (t->request_frame == 0) {
        r->findings |= SA_FINDING_BIT(SA_F_REQUEST_NOT_CAPTURED);
    } else {
        r->match = t->kind;
        r->request_frame = t->request_frame;
        r->request_uri = t->ruri;
        r->has_response_time = time_delta(&r->response_time, &m->time, &t->request_time);
    }
    r->request_method = t != NULL ? t->method : NULL;
    if (m->status == 301) {
        r->findings |= SA_FINDING_BIT(SA_F_MOVED_PERMANENTLY);
        analyse_301(r, t, m);
    } else {
        r->findings |= SA_FINDING_BIT(SA_F_EXTENSION_REQUIRED);
        analyse_421(r, t, m);
    }
    /* A retransmission repeats its first copy: the findings stay there. */
    if (resend)
        r->findings = SA_FINDING_BIT(SA_F_RESPONSE_RESENT);
    store_result(ctx, r);

    if (t != NULL && t->result == NULL && !resend) {
        t->result = r;
        if (t->request_frame != 0)
            request_note(ctx, t->request_frame, t->request_index)->answered_by = r;
        wait_for_retry(ctx, r, m);
        g_ptr_array_add(ctx->followups, r);
    }
    return r;
}

static gboolean is_invite(const sa_result_t *r)
{
    return r->request_method != NULL && strcmp(r->request_method, "INVITE") == 0;
}

void sa_ctx_finish(sa_ctx_t *ctx)
{
    const guint64 judged = SA_FINDING_BIT(SA_F_NOT_FOLLOWED) | SA_FINDING_BIT(SA_F_NO_ACK);

    if (ctx->finished)
        return;
    for (guint i = 0; i < ctx->followups->len; i++) {
        sa_result_t *r = g_ptr_array_index(ctx->followups, i);

        r->findings &= ~judged;
        r->has_followup_window = FALSE;
        if (r->follow == SA_FOLLOW_NONE) {
            r->findings |= SA_FINDING_BIT(SA_F_NOT_FOLLOWED);
            if (ctx->has_end && nstime_cmp(&ctx->end_time, &r->last_time) >= 0)
                r->has_followup_window = time_delta(&r->followup_window, &ctx->end_time, &r->last_time);
        }
        /* Without later SIP messages, a missing ACK may just be cut off. */
        if (is_invite(r) && r->ack_frame == 0 && ctx->last_frame > r->last_frame)
            r->findings |= SA_FINDING_BIT(SA_F_NO_ACK);
    }
    ctx->finished = TRUE;
}

const sa_result_t *sa_ctx_add(sa_ctx_t *ctx, const sa_msg_t *msg)
{
    ctx->finished = FALSE;
    if (msg->frame > ctx->last_frame)
        ctx->last_frame = msg->frame;
    if (msg->is_request) {
        add_request(ctx, msg);
        return NULL;
    }
    return add_response(ctx, msg);
}
