/* sipadvisor-analysis.c
 * The engine: transaction matching (RFC 3261 §17.1.3 with the RFC 2543
 * fallback), retransmissions, the ACK, the client's retry and what needs
 * the whole capture. What each response means comes from the rules
 * (sipadvisor-rules.c).
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sipadvisor-analysis.h"

#include "sipadvisor-rules.h"
#include "sipadvisor-sip.h"

#include <string.h>

/* The request headers the rules read, kept per transaction. */
static const sa_header_t kept_headers[] = {
    SA_H_REQUIRE,         SA_H_SUPPORTED,        SA_H_PROXY_REQUIRE,
    SA_H_SESSION_EXPIRES, SA_H_MIN_SE,           SA_H_EXPIRES,
    SA_H_SECURITY_CLIENT, SA_H_AUTHORIZATION,    SA_H_PROXY_AUTHORIZATION,
    SA_H_CONTENT_TYPE,    SA_H_CONTENT_ENCODING, SA_H_EVENT,
};

/* One client transaction, from its request (or, when the request is not in
 * the capture, from its first response). */
typedef struct sa_txn {
    guint8 kind;      /* sa_match_t */
    guint8 transport; /* sa_transport_t of the request */
    guint16 final_status;
    guint32 request_frame; /* 0 when the request is not captured */
    guint32 request_index;
    guint32 request_length;
    guint32 final_frame;
    nstime_t request_time;
    const char *method;    /* one copy per context (method_name) */
    char *req;             /* what the rules need of the request (see digest_*) */
    sa_endpoint_t dst;     /* where the request went */
    sa_result_t *result;   /* the judged response of this transaction */
    sa_result_t *retry_of; /* the judged response this transaction retries */
} sa_txn_t;

struct sa_ctx {
    GHashTable *txns;     /* key string -> sa_txn_t */
    GHashTable *results;  /* frame number -> GPtrArray of sa_result_t */
    GHashTable *requests; /* frame number -> GPtrArray of sa_request_note_t */
    /* Judged responses that still wait for the client's retry: by
     * "Call-ID|From tag|sent-by", and, for a retry in a new call, by
     * "From URI|method|sent-by". Values are GPtrArrays of
     * sa_wait_t, not owned. */
    GHashTable *pending_by_dialog;
    GHashTable *pending_by_from;
    GHashTable *waits;    /* sa_result_t -> sa_wait_t, owned */
    GHashTable *acks;     /* ack_key -> judged response to INVITE, for ACKs with a new branch */
    GPtrArray *followups; /* first copies whose follow-up sa_ctx_finish judges */
    GHashTable *methods;  /* method names, owned: one copy each for the context's life */
    guint32 last_frame;   /* last frame with a SIP message */
    gboolean has_end;     /* end_time is known */
    nstime_t end_time;    /* time of the capture's last frame */
    gboolean finished;    /* sa_ctx_finish judged everything added so far */
};

/* A result that waits for the client's retry, and where it is filed. */
typedef struct sa_wait {
    sa_result_t *r;
    const sa_txn_t *txn; /* the transaction it answered */
    char *dialog;        /* key in pending_by_dialog, or NULL */
    char *from;          /* key in pending_by_from, or NULL */
} sa_wait_t;

/* ------------------------------------------------------------------ */
/* The request digest: "Request-URI\0To URI\0" then, for each kept header
 * that is present, one byte (its sa_header_t + 1) and the value with its
 * '\0', then for each Contact with an expires parameter a byte 0xfe, the
 * URI and the expires value; a final 0 byte. One allocation per request:
 * the table holds one transaction per request of the capture. */

#define DIGEST_CONTACT      0xfe
#define DIGEST_MAX_CONTACTS 64

static void digest_put(GString *d, const char *s)
{
    g_string_append(d, s != NULL ? s : "");
    g_string_append_c(d, '\0');
}

static char *digest_build(const sa_msg_t *m)
{
    GString *d = g_string_sized_new(64);

    digest_put(d, m->ruri);
    digest_put(d, m->to_uri);
    for (gsize i = 0; i < G_N_ELEMENTS(kept_headers); i++) {
        const char *v = m->hdr[kept_headers[i]];
        if (v == NULL)
            continue;
        g_string_append_c(d, (char)(kept_headers[i] + 1));
        if (kept_headers[i] == SA_H_AUTHORIZATION || kept_headers[i] == SA_H_PROXY_AUTHORIZATION) {
            /* Only who, for which realm and whether a response was given:
             * never the response hash itself. */
            sa_auth_t a;
            char *safe = NULL;
            if (sa_auth_parse(v, &a))
                safe = g_strdup_printf("%s username=\"%s\", realm=\"%s\"%s", a.scheme,
                                       a.username ? a.username : "", a.realm ? a.realm : "",
                                       a.has_response ? ", response=\"-\"" : "");
            digest_put(d, safe);
            g_free(safe);
            sa_auth_clear(&a);
        } else {
            digest_put(d, v);
        }
    }
    for (guint i = 0; i < m->n_contacts && i < DIGEST_MAX_CONTACTS; i++) {
        if (m->contacts[i].expires == NULL)
            continue;
        g_string_append_c(d, (char)DIGEST_CONTACT);
        digest_put(d, m->contacts[i].uri);
        digest_put(d, m->contacts[i].expires);
    }
    g_string_append_c(d, '\0');
    return g_string_free(d, FALSE);
}

/* The request as the rules see it, rebuilt from its transaction. */
typedef struct request_view {
    sa_msg_t msg;
    sa_contact_t contacts[DIGEST_MAX_CONTACTS];
} request_view_t;

static const sa_msg_t *request_of(const sa_txn_t *t, request_view_t *v)
{
    const char *p;

    if (t == NULL || t->request_frame == 0 || t->req == NULL)
        return NULL;
    memset(v, 0, sizeof *v);
    v->msg.is_request = TRUE;
    v->msg.frame = t->request_frame;
    v->msg.index = t->request_index;
    v->msg.time = t->request_time;
    v->msg.method = t->method;
    v->msg.cseq_method = t->method;
    v->msg.length = t->request_length;
    v->msg.transport = (sa_transport_t)t->transport;
    v->msg.dst = t->dst;
    p = t->req;
    v->msg.ruri = *p ? p : NULL;
    p += strlen(p) + 1;
    v->msg.to_uri = *p ? p : NULL;
    p += strlen(p) + 1;
    while (*p != '\0') {
        guint8 tag = (guint8)*p++;
        if (tag == DIGEST_CONTACT) {
            sa_contact_t *c = &v->contacts[v->msg.n_contacts++];
            c->uri = p;
            p += strlen(p) + 1;
            c->expires = p;
            p += strlen(p) + 1;
        } else {
            v->msg.hdr[tag - 1] = p;
            p += strlen(p) + 1;
        }
    }
    v->msg.contacts = v->contacts;
    return &v->msg;
}

/* ------------------------------------------------------------------ */

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

    g_free(t->req);
    g_free(t);
}

static void result_free(gpointer data)
{
    sa_result_t *r = data;

    for (guint i = 0; r->items != NULL && i < r->items->len; i++)
        g_free(g_array_index(r->items, sa_item_t, i).str);
    if (r->items != NULL)
        g_array_free(r->items, TRUE);
    g_free(r->missing_header);
    g_free(r->loop_uri);
    g_free(r->retry_uri);
    g_free(r->retry_detail);
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
    ctx->acks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ctx->methods = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
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
    g_hash_table_destroy(ctx->acks);
    g_hash_table_destroy(ctx->txns);
    g_hash_table_destroy(ctx->requests);
    g_hash_table_destroy(ctx->results);
    g_hash_table_destroy(ctx->methods); /* last: results point into it */
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
    if (!ctx->has_end || sa_time_cmp(time, &ctx->end_time) > 0) {
        ctx->end_time = *time;
        ctx->has_end = TRUE;
        ctx->finished = FALSE; /* follow-up windows end later now */
    }
}

/* One copy of each method name per context: a hostile capture's invented
 * methods go with the context, not into the process for good. */
static const char *method_name(sa_ctx_t *ctx, const char *name)
{
    char *known;

    if (name == NULL)
        return NULL;
    known = g_hash_table_lookup(ctx->methods, name);
    if (known == NULL) {
        known = g_strdup(name);
        g_hash_table_add(ctx->methods, known);
    }
    return known;
}

gboolean sa_ctx_finished(const sa_ctx_t *ctx)
{
    return ctx->finished;
}

/* ------------------------------------------------------------------ */
/* Items */

static void add_item(sa_result_t *r, sa_item_id_t id, guint depth, char *str, gint64 num)
{
    sa_item_t it;

    if (r->items == NULL)
        r->items = g_array_new(FALSE, FALSE, sizeof(sa_item_t));
    it.id = (guint16)id;
    it.depth = (guint16)depth;
    it.str = str;
    it.num = num;
    g_array_append_val(r->items, it);
}

void sa_result_add_str(sa_result_t *r, sa_item_id_t id, guint depth, const char *str)
{
    if (str != NULL)
        add_item(r, id, depth, g_strdup(str), 0);
}

void sa_result_add_num(sa_result_t *r, sa_item_id_t id, guint depth, gint64 num)
{
    add_item(r, id, depth, NULL, num);
}

const sa_item_t *sa_result_item(const sa_result_t *r, sa_item_id_t id)
{
    for (guint i = 0; r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id == id)
            return it;
    }
    return NULL;
}

guint sa_result_item_count(const sa_result_t *r, sa_item_id_t id)
{
    guint n = 0;

    for (guint i = 0; r->items != NULL && i < r->items->len; i++)
        n += g_array_index(r->items, sa_item_t, i).id == id;
    return n;
}

/* ------------------------------------------------------------------ */
/* Keys */

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

/* The client: its top Via sent-by, with the default port when it names
 * none (a client that moves from UDP to TCP keeps it), else the address the
 * message came from. */
static char *client_of(const sa_msg_t *m, gboolean response)
{
    const sa_endpoint_t *ep = response ? &m->dst : &m->src;
    GString *s;

    if (m->via_host != NULL) {
        /* A sent-by without port means the transport's default port. */
        guint port = m->via_port;
        char *host = g_ascii_strdown(m->via_host, -1);
        char *client;
        if (port == 0)
            port = g_ascii_strcasecmp(m->via_transport ? m->via_transport : "", "TLS") == 0 ? 5061 : 5060;
        client = g_strdup_printf("%s:%u", host, port);
        g_free(host);
        return client;
    }
    if (m->via_sent_by != NULL)
        return g_ascii_strdown(m->via_sent_by, -1);
    s = g_string_new("@");

    for (guint i = 0; i < ep->addr_len; i++)
        g_string_append_printf(s, "%02x", ep->addr[i]);
    g_string_append_printf(s, ":%u", ep->port);
    return g_string_free(s, FALSE);
}

/* Where a response waits for a retry in the same call: the client's
 * Call-ID, From tag and sent-by. A REGISTER belongs to no dialog and
 * clients do change its From tag between attempts (RFC 3261 §10.2 asks only
 * for the same Call-ID), so its retries are found without the tag. */
static char *dialog_key(const sa_msg_t *m, const char *method, const char *client)
{
    gboolean register_ = g_strcmp0(method, "REGISTER") == 0;

    if (m->call_id == NULL)
        return NULL;
    return g_strconcat(m->call_id, "|", register_ || m->from_tag == NULL ? "" : m->from_tag, "|", client,
                       NULL);
}

/* The ACK of a non-2xx response to INVITE reuses the INVITE's branch; a
 * client that gives it a new branch is still recognised by Call-ID, CSeq
 * number and From tag (the RFC 2543 way). */
static char *ack_key(const sa_msg_t *m)
{
    if (m->call_id == NULL || !m->has_cseq)
        return NULL;
    return g_strdup_printf("%s|%u|%s", m->call_id, m->cseq, m->from_tag ? m->from_tag : "");
}

static char *from_key(const char *from_uri, const char *method, const char *client)
{
    if (from_uri == NULL || method == NULL)
        return NULL;
    return g_strconcat(from_uri, "|", method, "|", client, NULL);
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

/* ------------------------------------------------------------------ */
/* Waiting for the retry */

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

/* A client that collects more unanswered responses than this under one key
 * is not retrying them: the oldest stop waiting, so that every new request
 * checks a bounded list (a flood must not cost quadratic time). */
#define SA_MAX_WAITING_PER_KEY 32

static void unfile_wait(GHashTable *table, const char *key, sa_wait_t *w)
{
    GPtrArray *list = key ? g_hash_table_lookup(table, key) : NULL;

    if (list != NULL) {
        g_ptr_array_remove(list, w);
        if (list->len == 0)
            g_hash_table_remove(table, key);
    }
}

static void file_bounded(sa_ctx_t *ctx, GHashTable *table, const char *key, sa_wait_t *w)
{
    GPtrArray *list;

    file_wait(table, key, w);
    list = g_hash_table_lookup(table, key);
    if (list->len > SA_MAX_WAITING_PER_KEY)
        stop_waiting(ctx, g_ptr_array_index(list, 0));
}

/* Files a first-copy result to wait for the client's retry. */
static void wait_for_retry(sa_ctx_t *ctx, sa_result_t *r, const sa_msg_t *m, const sa_txn_t *t)
{
    sa_wait_t *w = g_new0(sa_wait_t, 1);
    char *client = client_of(m, TRUE);

    w->r = r;
    w->txn = t;
    w->dialog = dialog_key(m, r->request_method, client);
    w->from = from_key(m->from_uri, r->request_method, client);
    g_hash_table_insert(ctx->waits, r, w);
    if (w->dialog != NULL)
        file_bounded(ctx, ctx->pending_by_dialog, w->dialog, w);
    if (w->from != NULL && g_hash_table_contains(ctx->waits, r))
        file_bounded(ctx, ctx->pending_by_from, w->from, w);
    g_free(client);
}

static void stop_waiting(sa_ctx_t *ctx, sa_wait_t *w)
{
    unfile_wait(ctx->pending_by_dialog, w->dialog, w);
    unfile_wait(ctx->pending_by_from, w->from, w);
    g_hash_table_remove(ctx->waits, w->r);
}

/* Whether request m, in a new call from the same client, From URI and
 * method, is the retry after the result w waits with. The rule says where
 * it has a way (a redirect: an offered URI); else it must go to the same
 * Request-URI and apply the fix: clients and B2BUAs do start a new call to
 * retry, but a new call that repeats the request unchanged is more likely
 * someone calling again than a retry. */
static gboolean new_call_retries(const sa_wait_t *w, const sa_msg_t *m)
{
    const sa_rule_t *rule = sa_rules_get(w->r->kind);
    sa_result_t trial;
    request_view_t view;
    char *detail = NULL;
    sa_finding_t verdict;

    if (rule->new_call_retry != NULL)
        return rule->new_call_retry(w->r, m->ruri);
    if (w->r->request_uri == NULL || !sa_uri_equal(w->r->request_uri, m->ruri))
        return FALSE;
    trial = *w->r; /* judges other than the redirect's only read the result */
    verdict = rule->judge(&trial, request_of(w->txn, &view), m, &detail);
    g_free(detail);
    return verdict == SA_F_FOLLOWED;
}

/* The waiting result that request m (transaction t) is the client's next
 * attempt after: the same client in the same call (the same method, unless
 * the rule accepts another), or, where the rule says so, a new call from
 * the same From URI and client. The oldest first. */
static sa_wait_t *find_retried(sa_ctx_t *ctx, const sa_msg_t *m, const sa_txn_t *t)
{
    char *client = client_of(m, FALSE);
    char *key = dialog_key(m, m->method, client);
    GPtrArray *list = key ? g_hash_table_lookup(ctx->pending_by_dialog, key) : NULL;
    sa_wait_t *found = NULL;

    g_free(key);
    for (guint i = 0; list != NULL && i < list->len && found == NULL; i++) {
        sa_wait_t *w = g_ptr_array_index(list, i);
        if (t->result == w->r)
            continue;
        if (sa_rules_get(w->r->kind)->any_method || g_strcmp0(w->r->request_method, m->method) == 0)
            found = w;
    }
    if (found == NULL) {
        key = from_key(m->from_uri, m->method, client);
        list = key ? g_hash_table_lookup(ctx->pending_by_from, key) : NULL;
        g_free(key);
        for (guint i = 0; list != NULL && i < list->len && found == NULL; i++) {
            sa_wait_t *w = g_ptr_array_index(list, i);
            if (t->result != w->r && new_call_retries(w, m))
                found = w;
        }
    }
    g_free(client);
    return found;
}

/* Message m belongs to the transaction of result r. */
static void seen_in_transaction(sa_result_t *r, const sa_msg_t *m)
{
    r->last_frame = m->frame;
    r->last_time = m->time;
}

/* Request m (transaction t) is the retry after the result that w waits
 * with: the rule judges whether it applied the fix. */
static void record_retry(sa_ctx_t *ctx, sa_wait_t *w, const sa_msg_t *m, sa_txn_t *t)
{
    sa_result_t *r = w->r;
    request_view_t view;
    sa_finding_t verdict;

    r->retry_frame = m->frame;
    r->retry_uri = g_strdup(m->ruri);
    t->retry_of = r;
    request_note(ctx, m->frame, m->index)->retry_of = r;
    verdict = sa_rules_get(r->kind)->judge(r, request_of(w->txn, &view), m, &r->retry_detail);
    r->retry_state = verdict == SA_F_FOLLOWED ? SA_RETRY_FIXED : SA_RETRY_UNFIXED;
    r->findings |= SA_FINDING_BIT(verdict);
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
        sa_result_t *r = t != NULL ? t->result : NULL;
        g_free(key);
        if (r == NULL && (key = ack_key(m)) != NULL) {
            r = g_hash_table_lookup(ctx->acks, key);
            g_free(key);
        }
        if (r != NULL) {
            if (r->ack_frame == 0)
                r->ack_frame = m->frame;
            seen_in_transaction(r, m);
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
    t->kind = (guint8)kind;
    t->request_frame = m->frame;
    t->request_index = m->index;
    t->request_time = m->time;
    t->request_length = m->length;
    t->transport = (guint8)m->transport;
    t->dst = m->dst;
    t->method = method_name(ctx, m->method);
    t->req = digest_build(m);

    if (strcmp(m->method, "CANCEL") != 0 && (w = find_retried(ctx, m, t)) != NULL) {
        record_retry(ctx, w, m, t);
        stop_waiting(ctx, w);
    }
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

static gboolean is_invite(const sa_result_t *r)
{
    return r->request_method != NULL && strcmp(r->request_method, "INVITE") == 0;
}

static const sa_result_t *add_response(sa_ctx_t *ctx, const sa_msg_t *m)
{
    sa_match_t kind = SA_MATCH_NONE;
    char *key = txn_key(m, &kind);
    sa_txn_t *t = NULL;
    gboolean resend = FALSE;
    guint32 original = 0;
    sa_kind_t rkind;
    sa_result_t *r;
    request_view_t view;

    if (key != NULL) {
        t = g_hash_table_lookup(ctx->txns, key);
        if (t == NULL) {
            /* Keep a transaction without request, so that retransmissions
             * of this response are still recognised. */
            t = g_new0(sa_txn_t, 1);
            t->kind = (guint8)kind;
            t->method = method_name(ctx, m->cseq_method);
            g_hash_table_insert(ctx->txns, key, t);
        } else {
            g_free(key);
        }
        if (m->status >= 200) {
            if (t->final_frame == 0) {
                t->final_frame = m->frame;
                t->final_status = (guint16)m->status;
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
    if (!sa_rules_kind_of(m, &rkind))
        return NULL;

    r = g_new0(sa_result_t, 1);
    r->frame = m->frame;
    r->index = m->index;
    r->status = m->status;
    r->kind = rkind;
    r->time = m->time;
    r->retry_choice = -1;
    r->server = m->src;
    r->resend = resend;
    r->original_frame = original;
    seen_in_transaction(r, m);
    if (t != NULL && t->request_frame != 0) {
        r->match = (sa_match_t)t->kind;
        r->request_frame = t->request_frame;
        r->request_uri = request_of(t, &view) ? view.msg.ruri : NULL;
        r->has_response_time = time_delta(&r->response_time, &m->time, &t->request_time);
    }
    r->request_method = t != NULL ? t->method : NULL;
    r->chain_prev = t != NULL ? t->retry_of : NULL;
    if (rkind != SA_KIND_EXPLAIN) {
        if (t == NULL)
            r->findings |= SA_FINDING_BIT(SA_F_UNMATCHABLE);
        else if (t->request_frame == 0)
            r->findings |= SA_FINDING_BIT(SA_F_REQUEST_NOT_CAPTURED);
    }
    sa_rules_get(rkind)->analyse(r, m, request_of(t, &view));
    /* A retransmission repeats its first copy: the findings stay there. */
    if (resend) {
        r->findings = rkind != SA_KIND_EXPLAIN ? SA_FINDING_BIT(SA_F_RESPONSE_RESENT) : 0;
        g_free(r->missing_header);
        r->missing_header = NULL;
        g_free(r->loop_uri);
        r->loop_uri = NULL;
    }
    store_result(ctx, r);

    if (t != NULL && t->result == NULL && !resend) {
        if (t->request_frame != 0)
            request_note(ctx, t->request_frame, t->request_index)->answered_by = r;
        /* Explained-only responses are linked, not followed up. */
        if (rkind != SA_KIND_EXPLAIN) {
            t->result = r;
            /* After refused credentials a new attempt is a new start
             * (or a new password), not a retry that could fix this. */
            if (!sa_result_has(r, SA_F_AUTH_REJECTED))
                wait_for_retry(ctx, r, m, t);
            g_ptr_array_add(ctx->followups, r);
            if (is_invite(r)) {
                char *ack = ack_key(m);
                if (ack != NULL)
                    g_hash_table_replace(ctx->acks, ack, r);
            }
        }
    }
    return r;
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
        if (r->retry_frame == 0) {
            r->retry_state = SA_RETRY_NONE;
            /* Giving up is right after refused credentials or a loop (those
             * findings say it already), and a choice where the response
             * only offers a retry (sa_rules_expects_retry). */
            if (!sa_result_has(r, SA_F_AUTH_REJECTED) && !sa_result_has(r, SA_F_REDIRECT_LOOP)) {
                if (sa_rules_expects_retry(r))
                    r->findings |= SA_FINDING_BIT(SA_F_NOT_FOLLOWED);
                if (ctx->has_end && sa_time_cmp(&ctx->end_time, &r->last_time) >= 0)
                    r->has_followup_window = time_delta(&r->followup_window, &ctx->end_time, &r->last_time);
            }
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
