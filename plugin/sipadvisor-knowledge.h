/* sipadvisor-knowledge.h
 * What sipadvisor knows about SIP status codes and option tags: data only.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_KNOWLEDGE_H
#define SIPADVISOR_KNOWLEDGE_H

#include <glib.h>

/* Explanation of one response code that sipadvisor analyses. */
typedef struct sa_status_info {
    guint code;
    const char *reason;  /* canonical reason phrase */
    const char *rfc;     /* where it is defined, e.g. "RFC 3261 §21.3.2" */
    const char *meaning; /* what it means */
    const char *when;    /* when a server sends it */
    const char *fix;     /* what to change */
} sa_status_info_t;

/* One registered SIP option tag (IANA "Option Tags" registry). */
typedef struct sa_option_tag {
    const char *tag;
    const char *rfc;     /* "RFC 4028" */
    const char *meaning; /* one line */
} sa_option_tag_t;

/* The explanation of an analysed status code, or NULL. */
const sa_status_info_t *sa_knowledge_status(guint code);

/* "3xx Redirection" etc. for any code 100-699, "invalid" otherwise. */
const char *sa_knowledge_status_class(guint code);

/* A registered option tag, compared case-insensitively, or NULL. */
const sa_option_tag_t *sa_knowledge_option_tag(const char *tag);

/* The whole option-tag table and its length (for tests and documentation). */
const sa_option_tag_t *sa_knowledge_option_tags(gsize *count);

#endif /* SIPADVISOR_KNOWLEDGE_H */
