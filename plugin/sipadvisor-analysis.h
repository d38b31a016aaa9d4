/* sipadvisor-analysis.h
 * The analysis core: transactions, retransmissions, the findings on SIP
 * responses and the client's follow-up. It sees SIP messages as plain
 * records (sa_msg_t), fed once in capture order, and keeps its results per
 * frame. GLib (and wsutil's nstime_t) only: no epan types, so the unit
 * tests drive it directly.
 *
 * What each status code means to the analysis is in sipadvisor-rules.c:
 * its kind, the items it reads, how a retry is judged and the fix it
 * names. This file is the engine that applies them.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_ANALYSIS_H
#define SIPADVISOR_ANALYSIS_H

#include <glib.h>

#include "sipadvisor-findings.h"
#include "sipadvisor-items.h"
#include "sipadvisor-msg.h"

/* How a response was tied to its request. */
typedef enum {
    SA_MATCH_NONE = 0,    /* no request in the capture */
    SA_MATCH_RFC3261 = 1, /* top Via branch (z9hG4bK) + sent-by + CSeq method, within one Call-ID */
    SA_MATCH_RFC2543 = 2, /* Call-ID + CSeq + From tag + top Via */
} sa_match_t;

/* What a status code means to the analysis (sipadvisor-rules.c). */
typedef enum {
    SA_KIND_EXPLAIN = 0,        /* other final non-2xx responses: explained and linked, not judged */
    SA_KIND_REDIRECT,           /* 300 301 302 305 380 */
    SA_KIND_BAD_EXTENSION,      /* 420 */
    SA_KIND_EXTENSION_REQUIRED, /* 421 */
    SA_KIND_SESSION_INTERVAL,   /* 422 */
    SA_KIND_INTERVAL_TOO_BRIEF, /* 423 */
    SA_KIND_SECURITY,           /* 494 */
    SA_KIND_AUTH,               /* 401 407 */
    SA_KIND_METHOD,             /* 405 */
    SA_KIND_MEDIA,              /* 415 */
    SA_KIND_EVENT,              /* 489 */
    SA_KIND_TOO_LARGE,          /* 413 513 */
    SA_KIND_RETRY_AFTER,        /* any other final response with Retry-After */
    SA_KIND_COUNT
} sa_kind_t;

/* The findings of a result, as bits (1 << SA_F_*) of sa_result_t.findings. */
#define SA_FINDING_BIT(f) (G_GUINT64_CONSTANT(1) << (f))

/* What the client did after the response (RFC 3261 §8.1.3.4, §8.1.3.5). */
typedef enum {
    SA_RETRY_UNKNOWN = 0, /* no retry so far; the whole capture is needed to tell */
    SA_RETRY_FIXED,       /* the retry applied the fix */
    SA_RETRY_UNFIXED,     /* the retry did not (too early, wrong place, same mistake) */
    SA_RETRY_NONE,        /* the whole capture holds no retry */
} sa_retry_state_t;

/* One value a rule read (sipadvisor-items.h). */
typedef struct sa_item {
    guint16 id;    /* sa_item_id_t */
    guint16 depth; /* 1: belongs to the depth-0 item before it */
    char *str;     /* STRING and TAG items */
    gint64 num;    /* UINT, Q (thousandths) and BOOL items */
} sa_item_t;

/* What sipadvisor says about one analysed response. */
typedef struct sa_result {
    guint32 frame;
    guint32 index;
    guint status;
    sa_kind_t kind;
    nstime_t time;        /* capture time of the response */
    sa_endpoint_t server; /* where the response came from */
    sa_match_t match;
    guint32 request_frame;              /* first copy of the request; 0 if not captured */
    const char *request_method;         /* from the request, else the response's CSeq */
    const char *request_uri;            /* NULL when the request is not captured */
    gboolean has_response_time;         /* FALSE when the request is not captured or a time is absurd */
    nstime_t response_time;             /* from the first copy of the request to this response */
    gboolean resend;                    /* a retransmission of an earlier response */
    guint32 original_frame;             /* that earlier response, when resend */
    guint64 findings;                   /* SA_FINDING_BIT(SA_F_*): all that the core found */
    GArray *items;                      /* sa_item_t, in the order the tree shows them */
    char *missing_header;               /* the header the code requires and the response lacks */
    char *loop_uri;                     /* redirect loop: the offered URI already tried */
    guint32 loop_frame;                 /* and the request that tried it */
    const struct sa_result *chain_prev; /* the response whose retry this response answers */
    /* Follow-up, filled in as later messages arrive (first copies only);
     * what needs the whole capture (SA_F_NOT_FOLLOWED, SA_F_NO_ACK and the
     * window) is set by sa_ctx_finish. */
    guint32 ack_frame;  /* ACK of the response to INVITE; 0 if none */
    guint32 last_frame; /* last message of this transaction */
    nstime_t last_time; /* and its time */
    sa_retry_state_t retry_state;
    guint32 retry_frame; /* the client's next attempt; 0 if none */
    char *retry_uri;     /* its Request-URI */
    char *retry_detail;  /* what the retry carried of what had to change */
    gint retry_choice;   /* redirect: which offered URI (0 = highest q) the retry used; -1 none */
    guint retry_status;  /* final status of the retry; 0 if none */
    /* Not retried: the capture time after the transaction's last message
     * (0 when the capture stops right after it), so that users can tell
     * how sure "the client gave up" is. */
    gboolean has_followup_window;
    nstime_t followup_window;
} sa_result_t;

static inline gboolean sa_result_has(const sa_result_t *r, sa_finding_t f)
{
    return (r->findings & SA_FINDING_BIT(f)) != 0;
}

/* The first item with this id, or NULL. */
const sa_item_t *sa_result_item(const sa_result_t *r, sa_item_id_t id);

/* How many items with this id the result holds. */
guint sa_result_item_count(const sa_result_t *r, sa_item_id_t id);

/* What sipadvisor says about a request: the analysed response it got, and
 * the analysed response it is a retry after. */
typedef struct sa_request_note {
    guint32 frame;
    guint32 index;
    const sa_result_t *answered_by;
    const sa_result_t *retry_of;
} sa_request_note_t;

typedef struct sa_ctx sa_ctx_t;

sa_ctx_t *sa_ctx_new(void);
void sa_ctx_free(sa_ctx_t *ctx);

/* Feeds one message (each once, in capture order). Returns the result when
 * the message is a final non-2xx response, else NULL; owned by ctx. */
const sa_result_t *sa_ctx_add(sa_ctx_t *ctx, const sa_msg_t *msg);

/* The results stored for a frame (sa_result_t *), or NULL. */
const GPtrArray *sa_ctx_frame_results(const sa_ctx_t *ctx, guint32 frame);

/* The request notes stored for a frame (sa_request_note_t *), or NULL. */
const GPtrArray *sa_ctx_frame_requests(const sa_ctx_t *ctx, guint32 frame);

/* Tells the core about every frame of the capture (SIP or not), in the
 * first pass: the capture's end time bounds the follow-up windows. */
void sa_ctx_note_frame(sa_ctx_t *ctx, const nstime_t *time);

/* Judges what needs the whole capture, once it has been read: the clients
 * that never retried (SA_F_NOT_FOLLOWED, with the window) and the final
 * responses to INVITE that were never acknowledged while the capture went
 * on (SA_F_NO_ACK). Cheap when nothing changed since the last call; a
 * message added later makes the next call judge again. */
void sa_ctx_finish(sa_ctx_t *ctx);

/* Whether sa_ctx_finish has judged every message added so far. */
gboolean sa_ctx_finished(const sa_ctx_t *ctx);

/* Number of transactions in the table (for tests and memory accounting). */
guint sa_ctx_transaction_count(const sa_ctx_t *ctx);

#endif /* SIPADVISOR_ANALYSIS_H */
