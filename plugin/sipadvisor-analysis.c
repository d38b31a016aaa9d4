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

/* A lookup key: bytes (not NUL-terminated) and their hash, computed once.
 * The tables below hash and compare keys with key_hash and key_equal; a
 * stored key's bytes live as long as its entry. */
typedef struct sa_key {
    const char *bytes;
    gsize len;
    guint hash;
} sa_key_t;

/* One client transaction, from its request (or, when the request is not in
 * the capture, from its first response). One g_malloc'd block with its key's
 * bytes after it (txn_get), so that an ended one can be forgotten. */
typedef struct sa_txn {
    sa_key_t key;     /* first: the table holds the transaction as its own key */
    guint8 kind;      /* sa_match_t */
    guint8 transport; /* sa_transport_t of the request */
    guint16 final_status;
    guint32 request_frame; /* 0 when the request is not captured */
    guint32 request_index;
    guint32 request_length;
    guint32 final_frame;
    gboolean in_result; /* a result points into it: never forgotten */
    nstime_t request_time;
    const char *method;    /* one copy per context (method_name) */
    const char *req;       /* what the rules need of the request (see digest_*), g_malloc'd */
    sa_endpoint_t dst;     /* where the request went */
    sa_result_t *result;   /* the judged response of this transaction */
    sa_result_t *retry_of; /* the judged response this transaction retries */
} sa_txn_t;

/* A growable byte buffer that keys and digests are built in; reused from
 * message to message. */
typedef struct keybuf {
    char *data;
    gsize len;
    gsize cap;
} keybuf_t;

/* Memory that lives as long as the context: ACK entries, request notes,
 * waits and their lists, with their keys.
 * Freed at once by sa_ctx_free. */
typedef struct arena_block {
    struct arena_block *next;
} arena_block_t;

#define ARENA_BLOCK_SIZE (64 * 1024)

struct sa_ctx {
    GHashTable *txns;     /* sa_txn_t (its key first), a set */
    GHashTable *results;  /* frame number -> GPtrArray of sa_result_t */
    GHashTable *requests; /* frame number -> GPtrArray of sa_request_note_t */
    /* A bit per frame number below FRAME_BITS_LIMIT: set for the frames
     * that have an entry in results or requests, so that most frames are
     * answered without a table lookup. */
    guint64 *frame_bits;
    gsize frame_words;
    /* Judged responses that still wait for the client's retry: by
     * "Call-ID|From tag|sent-by", and, for a retry in a new call, by
     * "From URI|method|sent-by". Sets of wait_list_t (key first). */
    GHashTable *pending_by_dialog;
    GHashTable *pending_by_from;
    guint n_waiting;      /* results that wait */
    GHashTable *acks;     /* ack_entry_t (ack_key first), a set */
    GPtrArray *followups; /* first copies whose follow-up sa_ctx_finish judges */
    GHashTable *methods;  /* method names, owned: one copy each for the context's life */
    /* Transactions whose first final response was a 2xx, in the order of
     * those responses, with the capture second after which nothing can
     * still be matched to them (forget_ended). From ended_head on. */
    GArray *ended;
    guint ended_head;
    gint64 latest_secs; /* the latest message time seen, in seconds */
    gboolean has_latest;
    guint32 last_frame;    /* last frame with a SIP message */
    gboolean has_end;      /* end_time is known */
    nstime_t end_time;     /* time of the capture's last frame */
    gboolean finished;     /* sa_ctx_finish judged everything added so far */
    arena_block_t *blocks; /* the arena: newest block first */
    char *arena_pos;
    gsize arena_left;
    /* Scratch buffers for the keys of the message being added. */
    keybuf_t kb_txn, kb_client, kb_dialog, kb_from, kb_ack, kb_digest;
};

#define FRAME_BITS_LIMIT (1u << 27) /* 16 MiB of bits at most */

struct sa_wait;

#define WAIT_LIST_INLINE 2

/* The waiting results filed under one key, oldest first; in the arena with
 * its key. A list that empties stays in its table for the next result
 * filed under the same key. */
typedef struct wait_list {
    sa_key_t key; /* first */
    guint len;
    guint cap;
    struct sa_wait **items; /* inline_items, or g_malloc'd when longer */
    struct sa_wait *inline_items[WAIT_LIST_INLINE];
} wait_list_t;

/* A result that waits for the client's retry, and where it is filed. In
 * the arena: it outlives its waiting. */
typedef struct sa_wait {
    sa_result_t *r;
    const sa_txn_t *txn; /* the transaction it answered */
    wait_list_t *dialog; /* its list in pending_by_dialog, or NULL */
    wait_list_t *from;   /* its list in pending_by_from, or NULL */
    gboolean waiting;    /* until the retry comes or it stops waiting */
} sa_wait_t;

/* A judged response to INVITE, found again by its ACK. */
typedef struct ack_entry {
    sa_key_t key; /* first */
    sa_result_t *r;
} ack_entry_t;

/* ------------------------------------------------------------------ */
/* Keys, buffers and the arena */

static guint key_hash(gconstpointer k)
{
    return ((const sa_key_t *)k)->hash;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    const sa_key_t *x = a;
    const sa_key_t *y = b;

    return x->hash == y->hash && x->len == y->len && memcmp(x->bytes, y->bytes, x->len) == 0;
}

/* One 8-byte word into the hash: a multiply, then a rotation that brings
 * the high bits (where the multiply carries a difference) to the bottom. */
static inline guint64 hash_word(guint64 h, guint64 w)
{
    h = (h ^ w) * G_GUINT64_CONSTANT(0xbf58476d1ce4e5b9);
    return (h << 31) | (h >> 33);
}

/* A 64-bit multiply-rotate over 8-byte words, mixed and folded to a
 * guint. */
static guint hash_bytes(const char *p, gsize n)
{
    guint64 h = G_GUINT64_CONSTANT(0x9e3779b97f4a7c15) ^ n;
    guint64 w, w2;

    for (; n >= 16; p += 16, n -= 16) {
        memcpy(&w, p, 8);
        memcpy(&w2, p + 8, 8);
        h = hash_word(hash_word(h, w), w2);
    }
    if (n >= 8) {
        memcpy(&w, p, 8);
        h = hash_word(h, w);
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        w = 0;
        memcpy(&w, p, n);
        h = hash_word(h, w);
    }
    h ^= h >> 29;
    h *= G_GUINT64_CONSTANT(0x94d049bb133111eb);
    return (guint)(h ^ (h >> 32));
}

static void kb_reset(keybuf_t *b)
{
    b->len = 0;
}

/* Makes room for n more bytes. New memory is zeroed: kb_put_lower works
 * on whole words past the end of what it writes. */
static void kb_reserve_slow(keybuf_t *b, gsize n)
{
    gsize cap = b->cap ? b->cap : 128;

    while (cap - b->len < n)
        cap *= 2;
    b->data = g_realloc(b->data, cap);
    memset(b->data + b->cap, 0, cap - b->cap);
    b->cap = cap;
}

static inline void kb_reserve(keybuf_t *b, gsize n)
{
    if (G_UNLIKELY(b->cap - b->len < n))
        kb_reserve_slow(b, n);
}

static inline char *kb_grow(keybuf_t *b, gsize n)
{
    kb_reserve(b, n);
    b->len += n;
    return b->data + b->len - n;
}

static inline void kb_put(keybuf_t *b, const char *s, gsize n)
{
    if (n > 0)
        memcpy(kb_grow(b, n), s, n);
}

static inline void kb_put_str(keybuf_t *b, const char *s)
{
    if (s != NULL)
        kb_put(b, s, strlen(s));
}

static inline void kb_put_c(keybuf_t *b, char c)
{
    *kb_grow(b, 1) = c;
}

/* The 8 bytes of w with 'A'-'Z' in lower case, others unchanged. */
static inline guint64 ascii_lower64(guint64 w)
{
    const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
    const guint64 high = G_GUINT64_CONSTANT(0x8080808080808080);
    guint64 low7 = w & ~high;
    guint64 ge_a = low7 + ones * (0x80 - 'A'); /* high bit: byte >= 'A' */
    guint64 gt_z = low7 + ones * (0x7f - 'Z'); /* high bit: byte > 'Z' */

    return w | ((ge_a & ~gt_z & ~w & high) >> 2);
}

/* The n bytes of s to d in ASCII lower case (as g_ascii_strdown), a word
 * at a time: the bytes up to the next multiple of 8 after d + n are
 * overwritten. */
static inline void lower_into(char *d, const char *s, gsize n)
{
    memcpy(d, s, n);
    for (gsize i = 0; i < n; i += 8) {
        guint64 w;
        memcpy(&w, d + i, 8);
        w = ascii_lower64(w);
        memcpy(d + i, &w, 8);
    }
}

/* s in ASCII lower case. */
static void kb_put_lower(keybuf_t *b, const char *s)
{
    gsize n = strlen(s);

    kb_reserve(b, n + 8);
    lower_into(b->data + b->len, s, n);
    b->len += n;
}

/* v in decimal (as "%u"). */
static void kb_put_uint(keybuf_t *b, guint v)
{
    char tmp[16];
    gsize i = sizeof tmp;

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    kb_put(b, tmp + i, sizeof tmp - i);
}

/* The key of what b holds (valid until b is reset). */
static sa_key_t kb_key(const keybuf_t *b)
{
    sa_key_t k;

    k.bytes = b->data;
    k.len = b->len;
    k.hash = hash_bytes(b->data, b->len);
    return k;
}

static void kb_free(keybuf_t *b)
{
    g_free(b->data);
    memset(b, 0, sizeof *b);
}

static void *arena_alloc(sa_ctx_t *ctx, gsize size)
{
    const gsize header = (sizeof(arena_block_t) + 15) & ~(gsize)15;
    arena_block_t *block;
    char *p;

    size = (size + 15) & ~(gsize)15;
    if (size > ctx->arena_left) {
        if (size > ARENA_BLOCK_SIZE / 4) {
            /* A block of its own, behind the current one. */
            block = g_malloc(header + size);
            if (ctx->blocks != NULL) {
                block->next = ctx->blocks->next;
                ctx->blocks->next = block;
            } else {
                block->next = NULL;
                ctx->blocks = block;
            }
            return (char *)block + header;
        }
        block = g_malloc(ARENA_BLOCK_SIZE);
        block->next = ctx->blocks;
        ctx->blocks = block;
        ctx->arena_pos = (char *)block + header;
        ctx->arena_left = ARENA_BLOCK_SIZE - header;
    }
    p = ctx->arena_pos;
    ctx->arena_pos += size;
    ctx->arena_left -= size;
    return p;
}

static void *arena_alloc0(sa_ctx_t *ctx, gsize size)
{
    return memset(arena_alloc(ctx, size), 0, size);
}

/* dst becomes src with its bytes copied to `bytes` (room for src->len). */
static void key_copy(sa_key_t *dst, char *bytes, const sa_key_t *src)
{
    memcpy(bytes, src->bytes, src->len);
    dst->bytes = bytes;
    dst->len = src->len;
    dst->hash = src->hash;
}

/* A copy of the key's bytes in the arena. */
static void arena_key(sa_ctx_t *ctx, sa_key_t *dst, const sa_key_t *src)
{
    key_copy(dst, arena_alloc(ctx, src->len > 0 ? src->len : 1), src);
}

static void arena_free(sa_ctx_t *ctx)
{
    while (ctx->blocks != NULL) {
        arena_block_t *next = ctx->blocks->next;
        g_free(ctx->blocks);
        ctx->blocks = next;
    }
    ctx->arena_pos = NULL;
    ctx->arena_left = 0;
}

/* ------------------------------------------------------------------ */
/* The request digest: "Request-URI\0To URI\0" then, for each kept header
 * that is present, one byte (its sa_header_t + 1) and the value with its
 * '\0', then for each Contact with an expires parameter a byte 0xfe, the
 * URI and the expires value; a final 0 byte. One allocation per request:
 * the table holds one transaction per request of the capture. */

#define DIGEST_CONTACT      0xfe
#define DIGEST_MAX_CONTACTS 64

static void digest_put(keybuf_t *d, const char *s)
{
    kb_put_str(d, s);
    kb_put_c(d, '\0');
}

/* Appends an authentication parameter's value, unquoted. */
static void digest_put_value(keybuf_t *d, const sa_value_t *v)
{
    gsize room = v->begin != NULL ? (gsize)(v->end - v->begin) : 0;
    gsize len;

    kb_grow(d, room);
    d->len -= room;
    len = sa_value_unquote(v, d->data + d->len);
    d->len += len;
}

/* The digest of request m (g_malloc'd). */
static const char *digest_build(sa_ctx_t *ctx, const sa_msg_t *m)
{
    keybuf_t *d = &ctx->kb_digest;
    char *copy;

    kb_reset(d);
    digest_put(d, m->ruri);
    digest_put(d, m->to_uri);
    for (gsize i = 0; i < G_N_ELEMENTS(kept_headers); i++) {
        const char *v = m->hdr[kept_headers[i]];
        if (v == NULL)
            continue;
        kb_put_c(d, (char)(kept_headers[i] + 1));
        if (kept_headers[i] == SA_H_AUTHORIZATION || kept_headers[i] == SA_H_PROXY_AUTHORIZATION) {
            /* Only who, for which realm and whether a response was given:
             * never the response hash itself. */
            sa_auth_view_t a;
            if (sa_auth_scan(v, &a)) {
                kb_put(d, a.scheme, a.scheme_len);
                kb_put_str(d, " username=\"");
                digest_put_value(d, &a.username);
                kb_put_str(d, "\", realm=\"");
                digest_put_value(d, &a.realm);
                kb_put_c(d, '"');
                if (a.has_response)
                    kb_put_str(d, ", response=\"-\"");
            }
            kb_put_c(d, '\0');
        } else {
            digest_put(d, v);
        }
    }
    for (guint i = 0; i < m->n_contacts && i < DIGEST_MAX_CONTACTS; i++) {
        if (m->contacts[i].expires == NULL)
            continue;
        kb_put_c(d, (char)DIGEST_CONTACT);
        digest_put(d, m->contacts[i].uri);
        digest_put(d, m->contacts[i].expires);
    }
    kb_put_c(d, '\0');
    /* Not in the arena: it goes with its transaction (forget_ended). */
    copy = g_malloc(d->len);
    memcpy(copy, d->data, d->len);
    return copy;
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
    memset(&v->msg, 0, sizeof v->msg);
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
            c->params = NULL;
            c->q = NULL;
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

static void wait_list_release(gpointer data)
{
    wait_list_t *list = data;

    if (list->items != list->inline_items)
        g_free(list->items);
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

/* A transaction that ended with a 2xx, and the capture second after
 * which it is forgotten. */
typedef struct ended {
    sa_txn_t *t;
    gint64 until;
} ended_t;

/* How long an ended transaction is kept, in seconds of capture time:
 * 64*T1, the longest an RFC 3261 transaction waits for retransmissions
 * (Timers B, F, H and J). */
#define ENDED_KEEP_SECS 32

/* The table's key destroy function: a transaction, its key and its
 * request digest. */
static void txn_free(gpointer p)
{
    g_free((gpointer)((sa_txn_t *)p)->req);
    g_free(p);
}

sa_ctx_t *sa_ctx_new(void)
{
    sa_ctx_t *ctx = g_new0(sa_ctx_t, 1);

    ctx->txns = g_hash_table_new_full(key_hash, key_equal, txn_free, NULL);
    ctx->results = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, ptr_array_free);
    ctx->requests = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, ptr_array_free);
    ctx->pending_by_dialog = g_hash_table_new_full(key_hash, key_equal, wait_list_release, NULL);
    ctx->pending_by_from = g_hash_table_new_full(key_hash, key_equal, wait_list_release, NULL);
    ctx->followups = g_ptr_array_new();
    ctx->ended = g_array_new(FALSE, FALSE, sizeof(ended_t));
    ctx->acks = g_hash_table_new(key_hash, key_equal);
    ctx->methods = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return ctx;
}

void sa_ctx_free(sa_ctx_t *ctx)
{
    if (ctx == NULL)
        return;
    g_hash_table_destroy(ctx->pending_by_dialog);
    g_hash_table_destroy(ctx->pending_by_from);
    g_ptr_array_free(ctx->followups, TRUE);
    g_array_free(ctx->ended, TRUE);
    g_hash_table_destroy(ctx->acks);
    g_hash_table_destroy(ctx->requests);
    g_hash_table_destroy(ctx->results);
    g_hash_table_destroy(ctx->txns);    /* after the results: they point into its digests */
    g_hash_table_destroy(ctx->methods); /* last: results point into it */
    arena_free(ctx);
    kb_free(&ctx->kb_txn);
    kb_free(&ctx->kb_client);
    kb_free(&ctx->kb_dialog);
    kb_free(&ctx->kb_from);
    kb_free(&ctx->kb_ack);
    kb_free(&ctx->kb_digest);
    g_free(ctx->frame_bits);
    g_free(ctx);
}

guint sa_ctx_transaction_count(const sa_ctx_t *ctx)
{
    return g_hash_table_size(ctx->txns);
}

/* Frame has (or may have) an entry in results or requests. */
static void mark_frame(sa_ctx_t *ctx, guint32 frame)
{
    gsize word = frame / 64;

    if (frame >= FRAME_BITS_LIMIT)
        return;
    if (word >= ctx->frame_words) {
        gsize words = MAX(word + 1, ctx->frame_words * 2);
        ctx->frame_bits = g_renew(guint64, ctx->frame_bits, words);
        memset(ctx->frame_bits + ctx->frame_words, 0, (words - ctx->frame_words) * sizeof(guint64));
        ctx->frame_words = words;
    }
    ctx->frame_bits[word] |= G_GUINT64_CONSTANT(1) << (frame % 64);
}

static gboolean frame_marked(const sa_ctx_t *ctx, guint32 frame)
{
    gsize word = frame / 64;

    if (frame >= FRAME_BITS_LIMIT)
        return TRUE;
    return word < ctx->frame_words && ((ctx->frame_bits[word] >> (frame % 64)) & 1) != 0;
}

const GPtrArray *sa_ctx_frame_results(const sa_ctx_t *ctx, guint32 frame)
{
    if (!frame_marked(ctx, frame))
        return NULL;
    return g_hash_table_lookup(ctx->results, GUINT_TO_POINTER(frame));
}

const GPtrArray *sa_ctx_frame_requests(const sa_ctx_t *ctx, guint32 frame)
{
    if (!frame_marked(ctx, frame))
        return NULL;
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

void sa_result_take_str(sa_result_t *r, sa_item_id_t id, guint depth, char *str)
{
    if (str != NULL)
        add_item(r, id, depth, str, 0);
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

    if (method != NULL && method[0] == 'A' && strcmp(method, "ACK") == 0)
        return "INVITE";
    return method;
}

/* sa_is_rfc3261_branch() without the call: byte by byte, so that a shorter
 * string ends the comparison at its NUL. */
static inline gboolean is_rfc3261_branch(const char *b)
{
    static const char cookie[] = SA_BRANCH_COOKIE;

    G_STATIC_ASSERT(sizeof cookie == 8);
    return b != NULL && b[0] == cookie[0] && b[1] == cookie[1] && b[2] == cookie[2] && b[3] == cookie[3] &&
           b[4] == cookie[4] && b[5] == cookie[5] && b[6] == cookie[6];
}

/* The key that both a request and its responses produce (built in
 * ctx->kb_txn), or FALSE when the message lacks what matching needs:
 *   "3|branch|sent-by|method|Call-ID" (RFC 3261), or
 *   "2|Call-ID|CSeq|method|From tag|sent-by|branch" (RFC 2543). */
static gboolean txn_key(sa_ctx_t *ctx, const sa_msg_t *m, sa_match_t *kind, sa_key_t *key)
{
    const char *method = txn_method(m);
    keybuf_t *b = &ctx->kb_txn;

    if (method == NULL || m->via_sent_by == NULL)
        return FALSE;
    kb_reset(b);
    /* Hosts compare case-insensitively; the response copies the request's
     * top Via, so both sides normalise the same text. */
    if (is_rfc3261_branch(m->via_branch)) {
        /* The Call-ID is not part of RFC 3261 matching, but a response
         * always copies it: adding it keeps a branch that a broken client
         * reuses in another call from linking the two. So a message without
         * Call-ID (malformed: it is mandatory) cannot be matched. */
        gsize branch_len, sent_by_len, method_len, call_id_len;
        char *d;

        *kind = SA_MATCH_RFC3261;
        if (m->call_id == NULL)
            return FALSE;
        /* "3|branch|sent-by|method|Call-ID", sized once. */
        branch_len = strlen(m->via_branch);
        sent_by_len = strlen(m->via_sent_by);
        method_len = strlen(method);
        call_id_len = strlen(m->call_id);
        d = kb_grow(b, 5 + branch_len + sent_by_len + method_len + call_id_len + 8);
        b->len -= 8; /* room for lower_into's last word */
        memcpy(d, "3|", 2);
        d += 2;
        memcpy(d, m->via_branch, branch_len);
        d += branch_len;
        *d++ = '|';
        lower_into(d, m->via_sent_by, sent_by_len);
        d += sent_by_len;
        *d++ = '|';
        memcpy(d, method, method_len);
        d += method_len;
        *d++ = '|';
        memcpy(d, m->call_id, call_id_len);
    } else if (m->call_id != NULL && m->has_cseq) {
        *kind = SA_MATCH_RFC2543;
        kb_put(b, "2|", 2);
        kb_put_str(b, m->call_id);
        kb_put_c(b, '|');
        kb_put_uint(b, m->cseq);
        kb_put_c(b, '|');
        kb_put_str(b, method);
        kb_put_c(b, '|');
        kb_put_str(b, m->from_tag);
        kb_put_c(b, '|');
        kb_put_lower(b, m->via_sent_by);
        kb_put_c(b, '|');
        kb_put_str(b, m->via_branch);
    } else {
        return FALSE;
    }
    *key = kb_key(b);
    return TRUE;
}

/* The client (built in ctx->kb_client): its top Via sent-by, with the
 * default port when it names none (a client that moves from UDP to TCP
 * keeps it), else the address the message came from. */
static const keybuf_t *client_of(sa_ctx_t *ctx, const sa_msg_t *m, gboolean response)
{
    static const char hex[] = "0123456789abcdef";
    const sa_endpoint_t *ep = response ? &m->dst : &m->src;
    keybuf_t *b = &ctx->kb_client;

    kb_reset(b);
    if (m->via_host != NULL) {
        /* A sent-by without port means the transport's default port. */
        guint port = m->via_port;
        if (port == 0)
            port = g_ascii_strcasecmp(m->via_transport ? m->via_transport : "", "TLS") == 0 ? 5061 : 5060;
        kb_put_lower(b, m->via_host);
        kb_put_c(b, ':');
        kb_put_uint(b, port);
    } else if (m->via_sent_by != NULL) {
        kb_put_lower(b, m->via_sent_by);
    } else {
        kb_put_c(b, '@');
        for (guint i = 0; i < ep->addr_len; i++) {
            kb_put_c(b, hex[ep->addr[i] >> 4]);
            kb_put_c(b, hex[ep->addr[i] & 0xf]);
        }
        kb_put_c(b, ':');
        kb_put_uint(b, ep->port);
    }
    return b;
}

/* Where a response waits for a retry in the same call: the client's
 * Call-ID, From tag and sent-by. A REGISTER belongs to no dialog and
 * clients do change its From tag between attempts (RFC 3261 §10.2 asks only
 * for the same Call-ID), so its retries are found without the tag. Built
 * in ctx->kb_dialog; FALSE without Call-ID. */
static gboolean dialog_key(sa_ctx_t *ctx, const sa_msg_t *m, const char *method, const keybuf_t *client,
                           sa_key_t *key)
{
    gboolean register_ = g_strcmp0(method, "REGISTER") == 0;
    keybuf_t *b = &ctx->kb_dialog;

    if (m->call_id == NULL)
        return FALSE;
    kb_reset(b);
    kb_put_str(b, m->call_id);
    kb_put_c(b, '|');
    if (!register_)
        kb_put_str(b, m->from_tag);
    kb_put_c(b, '|');
    kb_put(b, client->data, client->len);
    *key = kb_key(b);
    return TRUE;
}

/* The ACK of a non-2xx response to INVITE reuses the INVITE's branch; a
 * client that gives it a new branch is still recognised by Call-ID, CSeq
 * number and From tag (the RFC 2543 way). Built in ctx->kb_ack. */
static gboolean ack_key(sa_ctx_t *ctx, const sa_msg_t *m, sa_key_t *key)
{
    keybuf_t *b = &ctx->kb_ack;

    if (m->call_id == NULL || !m->has_cseq)
        return FALSE;
    kb_reset(b);
    kb_put_str(b, m->call_id);
    kb_put_c(b, '|');
    kb_put_uint(b, m->cseq);
    kb_put_c(b, '|');
    kb_put_str(b, m->from_tag);
    *key = kb_key(b);
    return TRUE;
}

/* "From URI|method|client", built in ctx->kb_from. */
static gboolean from_key(sa_ctx_t *ctx, const char *from_uri, const char *method, const keybuf_t *client,
                         sa_key_t *key)
{
    keybuf_t *b = &ctx->kb_from;

    if (from_uri == NULL || method == NULL)
        return FALSE;
    kb_reset(b);
    kb_put_str(b, from_uri);
    kb_put_c(b, '|');
    kb_put_str(b, method);
    kb_put_c(b, '|');
    kb_put(b, client->data, client->len);
    *key = kb_key(b);
    return TRUE;
}

static sa_request_note_t *request_note(sa_ctx_t *ctx, guint32 frame, guint32 msg_index)
{
    GPtrArray *notes = g_hash_table_lookup(ctx->requests, GUINT_TO_POINTER(frame));
    sa_request_note_t *note;

    if (notes == NULL) {
        notes = g_ptr_array_new(); /* the notes are in the arena */
        g_hash_table_insert(ctx->requests, GUINT_TO_POINTER(frame), notes);
        mark_frame(ctx, frame);
    }
    for (guint i = 0; i < notes->len; i++) {
        note = g_ptr_array_index(notes, i);
        if (note->index == msg_index)
            return note;
    }
    note = arena_alloc0(ctx, sizeof *note);
    note->frame = frame;
    note->index = msg_index;
    g_ptr_array_add(notes, note);
    return note;
}

/* ------------------------------------------------------------------ */
/* Waiting for the retry */

static void stop_waiting(sa_ctx_t *ctx, sa_wait_t *w);

/* A client that collects more unanswered responses than this under one key
 * is not retrying them: the oldest stop waiting, so that every new request
 * checks a bounded list (a flood must not cost quadratic time). */
#define SA_MAX_WAITING_PER_KEY 32

/* Files w under key in table; *slot remembers the list. */
static void file_bounded(sa_ctx_t *ctx, GHashTable *table, const sa_key_t *key, sa_wait_t *w,
                         wait_list_t **slot)
{
    wait_list_t *list = g_hash_table_lookup(table, key);

    if (list == NULL) {
        list = arena_alloc0(ctx, sizeof *list);
        arena_key(ctx, &list->key, key);
        list->items = list->inline_items;
        list->cap = WAIT_LIST_INLINE;
        g_hash_table_add(table, list);
    }
    if (list->len == list->cap) {
        sa_wait_t **items = list->items == list->inline_items ? NULL : list->items;
        items = g_renew(sa_wait_t *, items, list->cap * 2);
        if (list->items == list->inline_items)
            memcpy(items, list->inline_items, sizeof list->inline_items);
        list->items = items;
        list->cap *= 2;
    }
    list->items[list->len++] = w;
    *slot = list;
    if (list->len > SA_MAX_WAITING_PER_KEY)
        stop_waiting(ctx, list->items[0]);
}

static void unfile_wait(wait_list_t **slot, sa_wait_t *w)
{
    wait_list_t *list = *slot;

    if (list == NULL)
        return;
    *slot = NULL;
    for (guint i = 0; i < list->len; i++) {
        if (list->items[i] == w) {
            memmove(&list->items[i], &list->items[i + 1], (list->len - i - 1) * sizeof list->items[0]);
            list->len--;
            break;
        }
    }
}

/* Files a first-copy result to wait for the client's retry. */
static void wait_for_retry(sa_ctx_t *ctx, sa_result_t *r, const sa_msg_t *m, const sa_txn_t *t)
{
    sa_wait_t *w = arena_alloc0(ctx, sizeof *w);
    const keybuf_t *client = client_of(ctx, m, TRUE);
    sa_key_t key;

    w->r = r;
    w->txn = t;
    w->waiting = TRUE;
    ctx->n_waiting++;
    if (dialog_key(ctx, m, r->request_method, client, &key))
        file_bounded(ctx, ctx->pending_by_dialog, &key, w, &w->dialog);
    if (from_key(ctx, m->from_uri, r->request_method, client, &key) && w->waiting)
        file_bounded(ctx, ctx->pending_by_from, &key, w, &w->from);
}

static void stop_waiting(sa_ctx_t *ctx, sa_wait_t *w)
{
    unfile_wait(&w->dialog, w);
    unfile_wait(&w->from, w);
    if (w->waiting) {
        w->waiting = FALSE;
        ctx->n_waiting--;
    }
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
    const keybuf_t *client;
    sa_key_t key;
    wait_list_t *list = NULL;
    sa_wait_t *found = NULL;

    if (ctx->n_waiting == 0)
        return NULL; /* nothing waits */
    client = client_of(ctx, m, FALSE);
    if (dialog_key(ctx, m, m->method, client, &key))
        list = g_hash_table_lookup(ctx->pending_by_dialog, &key);
    for (guint i = 0; list != NULL && i < list->len && found == NULL; i++) {
        sa_wait_t *w = list->items[i];
        if (t->result == w->r)
            continue;
        if (sa_rules_get(w->r->kind)->any_method || g_strcmp0(w->r->request_method, m->method) == 0)
            found = w;
    }
    if (found == NULL && from_key(ctx, m->from_uri, m->method, client, &key)) {
        list = g_hash_table_lookup(ctx->pending_by_from, &key);
        for (guint i = 0; list != NULL && i < list->len && found == NULL; i++) {
            sa_wait_t *w = list->items[i];
            if (t->result != w->r && new_call_retries(w, m))
                found = w;
        }
    }
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

/* The transaction of key, new when absent. */
static sa_txn_t *txn_get(sa_ctx_t *ctx, const sa_key_t *key, gboolean *created)
{
    sa_txn_t *t = g_hash_table_lookup(ctx->txns, key);

    *created = t == NULL;
    if (t == NULL) {
        /* With its key in one block of its own: a transaction that ended
         * with a 2xx is forgotten after a while (forget_ended). */
        t = g_malloc0(sizeof *t + (key->len > 0 ? key->len : 1));
        key_copy(&t->key, (char *)(t + 1), key);
        g_hash_table_add(ctx->txns, t);
    }
    return t;
}

/* A transaction whose first final response is a 2xx: once retransmissions
 * of the request or of the response can no longer come, nothing is matched
 * to it, and it is forgotten (ENDED_KEEP_SECS later). */
static void note_ended(sa_ctx_t *ctx, sa_txn_t *t, const nstime_t *time)
{
    ended_t e = {t, (gint64)time->secs + ENDED_KEEP_SECS};

    g_array_append_val(ctx->ended, e);
}

/* Forgets the ended transactions whose time is up at the latest message
 * time seen (capture time, which may step back: the latest counts). One
 * that got a response with a result after its 2xx (a broken capture)
 * stays: the result points into it. */
static void forget_ended(sa_ctx_t *ctx, const nstime_t *time)
{
    if (!ctx->has_latest || (gint64)time->secs > ctx->latest_secs) {
        ctx->latest_secs = (gint64)time->secs;
        ctx->has_latest = TRUE;
    }
    while (ctx->ended_head < ctx->ended->len) {
        ended_t *e = &g_array_index(ctx->ended, ended_t, ctx->ended_head);
        if (e->until >= ctx->latest_secs)
            break;
        if (!e->t->in_result)
            g_hash_table_remove(ctx->txns, e->t);
        ctx->ended_head++;
    }
    if (ctx->ended_head >= 4096 && ctx->ended_head * 2 >= ctx->ended->len) {
        g_array_remove_range(ctx->ended, 0, ctx->ended_head);
        ctx->ended_head = 0;
    }
}

static void add_request(sa_ctx_t *ctx, const sa_msg_t *m)
{
    sa_match_t kind = SA_MATCH_NONE;
    sa_key_t key;
    sa_txn_t *t;
    sa_wait_t *w;
    gboolean created;

    if (m->method == NULL)
        return;
    if (!txn_key(ctx, m, &kind, &key))
        return;
    if (strcmp(m->method, "ACK") == 0) {
        /* The ACK of a non-2xx final response reuses the INVITE's
         * transaction; an ACK of a 2xx is a transaction of its own. */
        sa_result_t *r;
        t = g_hash_table_lookup(ctx->txns, &key);
        r = t != NULL ? t->result : NULL;
        if (r == NULL && g_hash_table_size(ctx->acks) > 0 && ack_key(ctx, m, &key)) {
            ack_entry_t *e = g_hash_table_lookup(ctx->acks, &key);
            r = e != NULL ? e->r : NULL;
        }
        if (r != NULL) {
            if (r->ack_frame == 0)
                r->ack_frame = m->frame;
            seen_in_transaction(r, m);
        }
        return;
    }
    t = txn_get(ctx, &key, &created);
    if (!created && t->request_frame != 0) {
        /* a retransmission: the first copy stays the request */
        if (t->result != NULL)
            seen_in_transaction(t->result, m);
        return;
    }
    /* A new transaction, or one whose response came first: the request
     * fills in. */
    t->kind = (guint8)kind;
    t->request_frame = m->frame;
    t->request_index = m->index;
    t->request_time = m->time;
    t->request_length = m->length;
    t->transport = (guint8)m->transport;
    t->dst = m->dst;
    t->method = method_name(ctx, m->method);
    t->req = digest_build(ctx, m);

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
        mark_frame(ctx, r->frame);
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
    sa_key_t key;
    sa_txn_t *t = NULL;
    gboolean resend = FALSE;
    gboolean created;
    guint32 original = 0;
    sa_kind_t rkind;
    sa_result_t *r;
    request_view_t view;
    const sa_msg_t *req;

    if (txn_key(ctx, m, &kind, &key)) {
        t = txn_get(ctx, &key, &created);
        if (created) {
            /* Keep a transaction without request, so that retransmissions
             * of this response are still recognised. */
            t->kind = (guint8)kind;
            t->method = method_name(ctx, m->cseq_method);
        }
        if (m->status >= 200) {
            if (t->final_frame == 0) {
                t->final_frame = m->frame;
                t->final_status = (guint16)m->status;
                if (t->retry_of != NULL)
                    t->retry_of->retry_status = m->status;
                if (m->status < 300 && t->result == NULL)
                    note_ended(ctx, t, &m->time);
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
    req = request_of(t, &view);
    if (t != NULL)
        t->in_result = TRUE;
    if (t != NULL && t->request_frame != 0) {
        r->match = (sa_match_t)t->kind;
        r->request_frame = t->request_frame;
        r->request_uri = req != NULL ? req->ruri : NULL;
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
    sa_rules_get(rkind)->analyse(r, m, req);
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
            if (is_invite(r) && ack_key(ctx, m, &key)) {
                ack_entry_t *e = g_hash_table_lookup(ctx->acks, &key);
                if (e == NULL) {
                    e = arena_alloc(ctx, sizeof *e);
                    arena_key(ctx, &e->key, &key);
                    g_hash_table_add(ctx->acks, e);
                }
                e->r = r;
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
    forget_ended(ctx, &msg->time);
    if (msg->frame > ctx->last_frame)
        ctx->last_frame = msg->frame;
    if (msg->is_request) {
        add_request(ctx, msg);
        return NULL;
    }
    return add_response(ctx, msg);
}
