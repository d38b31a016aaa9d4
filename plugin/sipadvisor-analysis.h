/* sipadvisor-analysis.h
 * The analysis core: transactions, retransmissions and findings for SIP
 * responses. It sees SIP messages as plain records (sa_msg_t), fed once in
 * capture order, and keeps its results per frame. GLib only: no epan types,
 * so the unit tests drive it directly.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_ANALYSIS_H
#define SIPADVISOR_ANALYSIS_H

#include <glib.h>

/* How a response was tied to its request. */
typedef enum {
    SA_MATCH_NONE = 0,    /* no request in the capture */
    SA_MATCH_RFC3261 = 1, /* top Via branch (z9hG4bK) + sent-by + CSeq method */
    SA_MATCH_RFC2543 = 2, /* Call-ID + CSeq + From tag + top Via */
} sa_match_t;

/* One Contact entry of a message, as the SIP dissector shows it. */
typedef struct sa_contact_in {
    const char *uri;
    const char *q;       /* value of the q parameter, or NULL */
    const char *expires; /* value of the expires parameter, or NULL */
} sa_contact_in_t;

/* One SIP message. Strings may be NULL when the header is absent; the core
 * copies what it keeps. */
typedef struct sa_msg {
    guint32 frame;
    guint32 index;  /* 0-based position of the message in its frame */
    gint64 time_ns; /* capture time */
    gboolean is_request;
    const char *method; /* request line method */
    const char *ruri;   /* Request-URI */
    guint status;       /* response status code */
    const char *call_id;
    gboolean has_cseq;
    guint32 cseq;
    const char *cseq_method;
    const char *via_sent_by; /* top Via "host[:port]" */
    const char *via_branch;  /* top Via branch parameter */
    const char *from_tag;
    const char *from_uri;
    const char *to_uri;
    const char *require;   /* all Require lines joined by ',' (NULL: none) */
    const char *supported; /* all Supported/k lines joined by ',' (NULL: none) */
    const sa_contact_in_t *contacts;
    guint n_contacts;
} sa_msg_t;

/* Findings, as bits of sa_result_t.findings. */
enum {
    SA_FINDING_NO_CONTACT = 1u << 0,        /* 301 without a usable Contact */
    SA_FINDING_NO_REQUIRE = 1u << 1,        /* 421 without Require */
    SA_FINDING_ALREADY_SUPPORTED = 1u << 2, /* 421 whose tags were all supported */
    SA_FINDING_NOT_CAPTURED = 1u << 3,      /* the request is not in the capture */
    SA_FINDING_UNMATCHABLE = 1u << 4,       /* no Via/CSeq to match with */
};

/* What the client did after the response (RFC 3261 §8.1.3.4, §8.1.3.5). */
typedef enum {
    SA_FOLLOW_NONE = 0,      /* no retry seen (yet) */
    SA_FOLLOW_RETRIED,       /* retried at an offered URI / with every missing tag */
    SA_FOLLOW_UNOFFERED_URI, /* 301: retried at a URI the 301 did not offer */
    SA_FOLLOW_STILL_MISSING, /* 421: retried without some missing tag */
} sa_follow_t;

typedef struct sa_new_uri {
    char *uri;
    char *q_text;   /* as written, or NULL */
    gint q_milli;   /* 0-1000; an absent or invalid q counts as 1000 */
    gint64 expires; /* seconds, or -1 when absent or invalid */
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
    gint64 response_time_ns;    /* -1 when the request is not captured */
    gboolean resend;            /* a retransmission of an earlier response */
    guint32 original_frame;     /* that earlier response, when resend */
    guint findings;             /* SA_FINDING_* */
    /* 301 */
    const char *moved_from; /* Request-URI (REGISTER: AOR in To) */
    GArray *new_uris;       /* sa_new_uri_t, highest q first */
    /* 421 */
    GPtrArray *required;  /* response Require */
    GPtrArray *supported; /* request Supported */
    GPtrArray *missing;   /* required - (supported + request Require) */
    /* Follow-up, filled in as later messages arrive (first copies only). */
    guint32 ack_frame;  /* ACK of the 301/421 to INVITE; 0 if none */
    guint32 last_frame; /* last message of this transaction */
    sa_follow_t follow;
    guint32 retry_frame;      /* the client's next attempt; 0 if none */
    const char *retry_uri;    /* its Request-URI */
    guint retry_status;       /* final status of the retry; 0 if none */
    GPtrArray *retry_missing; /* 421: tags the retry still lacks */
} sa_result_t;

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

/* Whether the capture holds SIP messages after the last message of the
 * result's transaction: only then can a missing ACK or retry be told. */
gboolean sa_ctx_capture_continues(const sa_ctx_t *ctx, const sa_result_t *r);

/* Number of transactions in the table (for tests and memory accounting). */
guint sa_ctx_transaction_count(const sa_ctx_t *ctx);

/* Whether sipadvisor analyses responses with this status code. */
gboolean sa_status_is_analysed(guint status);

#endif /* SIPADVISOR_ANALYSIS_H */
