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

#include "sipadvisor-msg.h"

/* RFC 3261 branches start with this magic cookie (§8.1.1.7). */
#define SA_BRANCH_COOKIE "z9hG4bK"

/* a before, equal to or after b as -1, 0, 1, for any two times (the
 * nstime_cmp of older wsutil subtracts seconds in an int: wrong when the
 * times are 68 years apart). */
int sa_time_cmp(const nstime_t *a, const nstime_t *b);

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

/* The items of a list header value: split at commas and at the '\n' that
 * joins header lines, never inside a quoted string or <...>; trimmed,
 * empty items left out. A new array of owned strings. */
GPtrArray *sa_list_split(const char *value);

/* The token an item starts with, before any ';' parameter, trimmed
 * ("text/plain;charset=utf-8" -> "text/plain"). Caller frees. */
char *sa_item_token(const char *item);

/* Delta-seconds at the start of a value ("90;refresher=uac" -> 90), or -1. */
gint64 sa_parse_delta_prefix(const char *value);

/* The value of parameter `name` (case-insensitive) in the ';' parameters
 * of one item ("ipsec-3gpp;q=0.1;alg=x"), unquoted; "" for a flag, NULL
 * when absent. Caller frees. */
char *sa_item_param(const char *item, const char *name);

/* One challenge or credentials header line (RFC 3261 §20.27, §20.44):
 * the scheme and the parameters sipadvisor shows. Never the response hash,
 * the nonce or the password. */
typedef struct sa_auth {
    char *scheme;
    char *realm;
    char *algorithm;
    char *qop;
    char *username;
    gboolean stale;
    gboolean has_response; /* credentials: a non-empty response parameter */
} sa_auth_t;

/* Parses the first line of an authentication header value; FALSE when
 * there is no scheme. Clear with sa_auth_clear either way. */
gboolean sa_auth_parse(const char *value, sa_auth_t *out);
void sa_auth_clear(sa_auth_t *auth);

/* A parameter value as written in a header value, [begin, end): blanks
 * and quotes still there; begin NULL when the parameter is absent, and
 * begin == end for a parameter without '='. */
typedef struct sa_value {
    const char *begin;
    const char *end;
} sa_value_t;

/* What sa_auth_parse reads, without copies: views into the value. */
typedef struct sa_auth_view {
    const char *scheme;
    gsize scheme_len;
    sa_value_t realm;
    sa_value_t algorithm;
    sa_value_t qop;
    sa_value_t username;
    gboolean stale;
    gboolean has_response;
} sa_auth_view_t;

/* sa_auth_parse into views of value (valid as long as value is). */
gboolean sa_auth_scan(const char *value, sa_auth_view_t *out);

/* The value as sa_auth_parse gives it (unquoted; "" for a parameter
 * without '='), or NULL when absent. Caller frees. */
char *sa_value_dup(const sa_value_t *v);

/* Writes that value to out, which has room for v->end - v->begin bytes,
 * without a terminating NUL; returns its length (0 when absent). */
gsize sa_value_unquote(const sa_value_t *v, char *out);

/* Whether that value is present and equals str. */
gboolean sa_value_equal(const sa_value_t *v, const char *str);

/* Host (lower case), port (0 when absent) and maddr parameter (NULL when
 * absent) of a sip/sips URI; FALSE for another scheme or a malformed URI.
 * Caller frees host and maddr. */
gboolean sa_uri_host(const char *uri, char **host, guint *port, char **maddr);

/* Whether host is an IP literal (dotted IPv4, or IPv6 in brackets or
 * not); its address goes into ep (the port is left alone). */
gboolean sa_ip_literal(const char *host, sa_endpoint_t *ep);

/* "192.0.2.1:5060", "[2001:db8:0:0:0:0:0:1]:5060" (with_port), or the
 * address alone. Caller frees. */
char *sa_endpoint_text(const sa_endpoint_t *ep, gboolean with_port);

#endif /* SIPADVISOR_SIP_H */
