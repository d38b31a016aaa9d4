/* sipadvisor-sip.h
 * Small SIP text helpers used by the analysis core: option-tag sets and
 * Contact parameters. GLib only.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_SIP_H
#define SIPADVISOR_SIP_H

#include <glib.h>

/* RFC 3261 branches start with this magic cookie (§8.1.1.7). */
#define SA_BRANCH_COOKIE "z9hG4bK"

/* An option-tag set: a GPtrArray of owned strings, in first-seen order,
 * without case-insensitive duplicates. */
GPtrArray *sa_tagset_new(void);

/* Adds the tags of one header value ("100rel, timer"; the lines of a
 * repeated header joined by '\n'), trimming blanks; returns how many new
 * tags were added. NULL adds none. Linear in the sizes involved. */
guint sa_tagset_add_list(GPtrArray *set, const char *raw);

gboolean sa_tagset_contains(const GPtrArray *set, const char *tag);

/* The tags of `a` that are in neither `b` nor `c` (`c` may be NULL).
 * Linear in the sizes involved. */
GPtrArray *sa_tagset_difference(const GPtrArray *a, const GPtrArray *b, const GPtrArray *c);

/* Joins a set as "a, b, c" (caller frees). */
char *sa_tagset_join(const GPtrArray *set);

/* A q-value (RFC 3261 §25.1 qvalue) in thousandths, 0-1000, or -1 when
 * `value` is not a valid qvalue. */
gint sa_parse_qvalue(const char *value);

/* Delta-seconds as for the expires parameter, or -1 when not a number. */
gint64 sa_parse_delta_seconds(const char *value);

gboolean sa_is_rfc3261_branch(const char *branch);

/* URI equivalence as RFC 3261 §19.1.4 defines it for sip/sips URIs: scheme
 * and host without case, user and password with case (after %-decoding),
 * port only equal to port (an absent port does not match 5060), the user,
 * ttl, method, maddr and transport parameters must agree when either URI has
 * them, other parameters only when both have them, in any order, and header
 * components must all agree. Other schemes (tel:) compare case-insensitively
 * as whole strings. */
gboolean sa_uri_equal(const char *a, const char *b);

#endif /* SIPADVISOR_SIP_H */
