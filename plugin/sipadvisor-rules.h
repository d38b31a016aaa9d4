/* sipadvisor-rules.h
 * What each analysed status code means to sipadvisor: one table from code
 * to kind, and per kind the rule that reads the response and its request,
 * judges the client's retry and names the fix. GLib only.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_RULES_H
#define SIPADVISOR_RULES_H

#include <glib.h>

#include "sipadvisor-analysis.h"
#include "sipadvisor-knowledge.h"

/* A kind's rule. The request is given as a message rebuilt from what the
 * core keeps of it (NULL when it is not in the capture). */
typedef struct sa_rule {
    sa_kind_t kind;
    const char *name;
    /* Reads the response (and its request) into the result: items, the
     * headline finding and any protocol error. */
    void (*analyse)(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req);
    /* Judges the client's retry: returns SA_F_FOLLOWED when it applied the
     * fix, else the finding that says why not; sets *detail (caller frees)
     * to what the retry carried of what had to change. */
    sa_finding_t (*judge)(sa_result_t *r, const sa_msg_t *req, const sa_msg_t *retry, char **detail);
    /* Whether a request in a new call from the same client to this
     * Request-URI is the retry (NULL: when it is the same Request-URI). */
    gboolean (*new_call_retry)(const sa_result_t *r, const char *ruri);
    /* Whether a retry may use another method (405). */
    gboolean any_method;
    /* What follows the headline summary ("missing timer"), in a language. */
    char *(*describe)(const sa_result_t *r, sa_lang_t lang);
    /* The fix, with its values. */
    char *(*fix)(const sa_result_t *r, sa_lang_t lang);
    /* A short note for the Info column ("missing: timer"). */
    char *(*info)(const sa_result_t *r);
} sa_rule_t;

/* Items a rule adds to its result (the core owns the copies). */
void sa_result_add_str(sa_result_t *r, sa_item_id_t id, guint depth, const char *str);
void sa_result_add_num(sa_result_t *r, sa_item_id_t id, guint depth, gint64 num);
/* sa_result_add_str for a string of the caller's (g_malloc'd), which the
 * result takes over. */
void sa_result_take_str(sa_result_t *r, sa_item_id_t id, guint depth, char *str);

/* The kind of a response: from the status table, else RETRY_AFTER for a
 * final response with Retry-After, else EXPLAIN for other final non-2xx
 * responses. FALSE for provisional and 2xx responses (nothing to say). */
gboolean sa_rules_kind_of(const sa_msg_t *resp, sa_kind_t *kind);

/* The rule of a kind (never NULL for a valid kind). */
const sa_rule_t *sa_rules_get(sa_kind_t kind);

/* Checks the tables: every status code has a kind with a rule, and every
 * rule is complete. Returns NULL, or what is wrong (caller frees). */
char *sa_rules_check(void);

/* The status codes the table names, ascending (for documentation and
 * tests); count set to their number. */
const guint *sa_rules_codes(gsize *count);

/* The details of an expert entry after its registered summary, or NULL
 * when the summary says everything. Caller frees. with_frame adds the
 * request's frame to the headline ("[INVITE in frame 4]", for the tree
 * label; expert texts leave it out so that equal findings group). */
char *sa_finding_detail(const sa_result_t *r, sa_finding_t f, sa_lang_t lang, gboolean with_frame);

/* The headline finding of a result (its first response-code finding;
 * SA_F_RESPONSE_RESENT for a retransmission), or SA_F_COUNT for an
 * explained-only response. */
sa_finding_t sa_result_headline(const sa_result_t *r);

/* Whether a client that never retries after r leaves a problem behind
 * (NOT_FOLLOWED). Not after a response that only offers a later retry
 * (Retry-After on 486, 503, 600, 603, ...: giving up or failing over is
 * as right) or an alternative service (380). */
gboolean sa_rules_expects_retry(const sa_result_t *r);

/* The fix, in a language (caller frees), or NULL for EXPLAIN results. */
char *sa_result_fix(const sa_result_t *r, sa_lang_t lang);

/* The Info column note, without brackets, or NULL. Caller frees. */
char *sa_result_info(const sa_result_t *r);

/* Summaries of the findings table, by language. */
const char *sa_finding_summary(sa_finding_t f, sa_lang_t lang);
const char *sa_finding_name(sa_finding_t f);

#endif /* SIPADVISOR_RULES_H */
