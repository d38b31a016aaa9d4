/* sipadvisor-analysis.h
 * The analysis core: transactions, retransmissions and findings for SIP
 * responses. It sees SIP messages as plain records (sa_msg_t), fed once in
 * capture order, and keeps its results per frame. GLib (and wsutil's
 * nstime_t) only: no epan types, so the unit tests drive it directly.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_ANALYSIS_H
#define SIPADVISOR_ANALYSIS_H

#include <glib.h>

#include "sipadvisor-findings.h"
#include "sipadvisor-msg.h"

/* How a response was tied to its request. */
typedef enum {
    SA_MATCH_NONE = 0,    /* no request in the capture */
    SA_MATCH_RFC3261 = 1, /* top Via branch (z9hG4bK) + sent-by + CSeq method, within one Call-ID */
    SA_MATCH_RFC2543 = 2, /* Call-ID + CSeq + From tag + top Via */
} sa_match_t;

/* The findings of a result, as bits (1 << SA_F_*) of sa_result_t.findings. */
#define SA_FINDING_BIT(f) (G_GUINT64_CONSTANT(1) << (f))

/* What the client did after the response (RFC 3261 §8.1.3.4, §8.1.3.5). */
typedef enum {
    SA_FOLLOW_NONE = 0,      /* no retry seen (yet) */
    SA_FOLLOW_RETRIED,       /* retried at an offered URI / with every missing tag */
    SA_FOLLOW_UNOFFERED_URI, /* 301: retried at a URI the 301 did not offer */
    SA_FOLLOW_STILL_MISSING, /* 421: retried without some missing tag */
} sa_follow_t;

typedef struct sa_new_uri {
    char *uri;
    char *q_text;     /* as written, or NULL */
    gint q_milli;     /* 0-1000; an absent or invalid q counts as 1000 */
    gboolean q_valid; /* q_text is a valid qvalue */
    gint64 expires;   /* seconds, or -1 when absent or invalid */
} sa_new_uri_t;

/* What sipadvisor says about one analysed response (301 or 421). */
typedef struct sa_result {
    guint32 frame;
    guint32 index;
    guint status;
    sa_match_t match;
    guint32 request_frame;      /* first copy of the request; 0 if not captured */
    const char *request_method; /* from the request, else the response's CSeq */
    const char *request_uri;    /* NULL when the request is not captured */
    gboolean has_response_time; /* FALSE when the request is not captured or a time is absurd */
    nstime_t response_time;     /* from the first copy of the request to this response */
    gboolean resend;            /* a retransmission of an earlier response */
    guint32 original_frame;     /* that earlier response, when resend */
    guint64 findings;           /* SA_FINDING_BIT(SA_F_*): all that the core found */
    /* 301 */
    const char *moved_from; /* Request-URI (REGISTER: AOR in To) */
    GArray *new_uris;       /* sa_new_uri_t, highest q first */
    /* 421 */
    GPtrArray *required;  /* response Require */
    GPtrArray *supported; /* request Supported */
    GPtrArray *missing;   /* required - (supported + request Require) */
    /* Follow-up, filled in as later messages arrive (first copies only);
     * what needs the whole capture (SA_F_NOT_FOLLOWED, SA_F_NO_ACK and the
     * window) is set by sa_ctx_finish. */
    guint32 ack_frame;  /* ACK of the 301/421 to INVITE; 0 if none */
    guint32 last_frame; /* last message of this transaction */
    nstime_t last_time; /* and its time */
    sa_follow_t follow;
    guint32 retry_frame;      /* the client's next attempt; 0 if none */
    const char *retry_uri;    /* its Request-URI */
    guint retry_status;       /* final status of the retry; 0 if none */
    GPtrArray *retry_missing; /* 421: tags the retry still lacks */
    /* Not followed: the capture time after the transaction's last message
     * (0 when the capture stops right after it), so that users can tell how
     * sure "the client gave up" is. */
    gboolean has_followup_window;
    nstime_t followup_window;
} sa_result_t;

static inline gboolean sa_result_has(const sa_result_t *r, sa_finding_t f)
{
    return (r->findings & SA_FINDING_BIT(f)) != 0;
}

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
 * the message is an analysed response, else NULL; owned by ctx. */
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

/* Whether sipadvisor analyses responses with this status code. */
gboolean sa_status_is_analysed(guint status);

#endif /* SIPADVISOR_ANALYSIS_H */
