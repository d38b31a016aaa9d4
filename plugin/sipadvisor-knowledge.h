/* sipadvisor-knowledge.h
 * What sipadvisor knows about SIP status codes and option tags, in English
 * and Simplified Chinese: data only.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_KNOWLEDGE_H
#define SIPADVISOR_KNOWLEDGE_H

#include <glib.h>

typedef enum { SA_LANG_EN = 0, SA_LANG_ZH = 1 } sa_lang_t;
#define SA_LANG_COUNT 2

/* One text in both languages; both always non-NULL and non-empty. Long texts
 * are several lines separated by '\n', one thought per line, each at most 100
 * display columns wide (CJK characters count 2). */
typedef struct sa_text {
    const char *en;
    const char *zh;
} sa_text_t;

/* The text in `lang` (English for an unknown language). */
const char *sa_text(const sa_text_t *t, sa_lang_t lang);

/* Explanation of one response code, or of a whole class (1xx ... 6xx). */
typedef struct sa_status_info {
    guint code;          /* 100-699; class rows: 100, 200, ..., 600 */
    gboolean registered; /* FALSE for the class rows */
    const char *reason;  /* IANA reason phrase ("Extension Required"); class rows: "Client Failure" etc. */
    const char *rfc;     /* the defining reference: "RFC 3261 §21.4.16" */
    sa_text_t name;      /* en: the reason phrase; zh: its usual Chinese name */
    sa_text_t meaning;   /* 描述: line 1 is the one-line meaning */
    sa_text_t when;      /* 何时出现: when servers send it, typical causes */
    sa_text_t fix;       /* 如何修复: what to change; line 1 is the one-line fix */
} sa_status_info_t;

/* The row of an IANA-registered response code, else NULL. */
const sa_status_info_t *sa_knowledge_status(guint code);

/* The code's row; for an unregistered code of 100-699 its class row
 * (registered == FALSE); NULL outside 100-699. */
const sa_status_info_t *sa_knowledge_explain(guint code);

/* Every registered row, in ascending code order, and their number. */
const sa_status_info_t *sa_knowledge_statuses(gsize *count);

/* "4xx Client Failure" / "4xx 客户端错误"; "invalid" / "无效" outside 100-699. */
const char *sa_knowledge_status_class(guint code, sa_lang_t lang);

/* One registered SIP option tag (IANA "Option Tags" registry). */
typedef struct sa_option_tag {
    const char *tag;
    const char *rfc;   /* "RFC 4028" */
    sa_text_t meaning; /* one short line */
} sa_option_tag_t;

/* A registered option tag, compared case-insensitively, or NULL. */
const sa_option_tag_t *sa_knowledge_option_tag(const char *tag);

/* The whole option-tag table (sorted by tag) and its length. */
const sa_option_tag_t *sa_knowledge_option_tags(gsize *count);

/* Labels the presentation shows, in both languages. */
typedef enum {
    SA_LABEL_MEANING,
    SA_LABEL_WHEN,
    SA_LABEL_FIX,
    SA_LABEL_REFERENCE,
    SA_LABEL_CLASS,
    SA_LABEL_EXPLANATION,
    SA_LABEL_UNREGISTERED,
    SA_LABEL_STATUS,
    SA_LABEL_COMPUTED_FIX,
    SA_LABEL_TRANSACTION,
    SA_LABEL_FOLLOWUP,
    SA_LABEL_REQUEST_NOT_CAPTURED,
    SA_LABEL_ANSWERED_BY,
    SA_LABEL_RETRY_AFTER_RESPONSE,
    SA_LABEL_OPTION_TAG_UNREGISTERED,
    SA_LABEL_IN_FRAME, /* "<method> in frame <n>": a format with %s and %u */
    SA_LABEL_RETRY_UNKNOWN,
    SA_LABEL_RETRY_FIXED,
    SA_LABEL_RETRY_UNFIXED,
    SA_LABEL_RETRY_NONE,
    SA_LABEL_COUNT
} sa_label_t;

/* The label in `lang`; "" for an unknown label. */
const char *sa_knowledge_label(sa_label_t label, sa_lang_t lang);

#endif /* SIPADVISOR_KNOWLEDGE_H */
