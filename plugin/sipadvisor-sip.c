/* sipadvisor-sip.c
 * Option-tag sets and Contact parameter parsing.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sipadvisor-sip.h"

#include <string.h>

GPtrArray *sa_tagset_new(void)
{
    return g_ptr_array_new_with_free_func(g_free);
}

gboolean sa_tagset_contains(const GPtrArray *set, const char *tag)
{
    if (set == NULL)
        return FALSE;
    for (guint i = 0; i < set->len; i++) {
        if (g_ascii_strcasecmp(g_ptr_array_index(set, i), tag) == 0)
            return TRUE;
    }
    return FALSE;
}

static gboolean is_blank(char c)
{
    /* A folded header keeps its CRLF and the leading white space. */
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

guint sa_tagset_add_list(GPtrArray *set, const char *raw)
{
    guint added = 0;
    const char *p = raw;

    if (raw == NULL)
        return 0;
    while (*p != '\0') {
        const char *end = strchr(p, ',');
        if (end == NULL)
            end = p + strlen(p);
        const char *b = p;
        const char *e = end;
        while (b < e && is_blank(*b))
            b++;
        while (e > b && is_blank(e[-1]))
            e--;
        if (e > b) {
            char *tag = g_strndup(b, (gsize)(e - b));
            if (sa_tagset_contains(set, tag)) {
                g_free(tag);
            } else {
                g_ptr_array_add(set, tag);
                added++;
            }
        }
        p = (*end == ',') ? end + 1 : end;
    }
    return added;
}

GPtrArray *sa_tagset_difference(const GPtrArray *a, const GPtrArray *b, const GPtrArray *c)
{
    GPtrArray *out = sa_tagset_new();

    for (guint i = 0; a != NULL && i < a->len; i++) {
        const char *tag = g_ptr_array_index(a, i);
        if (!sa_tagset_contains(b, tag) && !sa_tagset_contains(c, tag))
            g_ptr_array_add(out, g_strdup(tag));
    }
    return out;
}

char *sa_tagset_join(const GPtrArray *set)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; set != NULL && i < set->len; i++) {
        if (i > 0)
            g_string_append(s, ", ");
        g_string_append(s, g_ptr_array_index(set, i));
    }
    return g_string_free(s, FALSE);
}

gint sa_parse_qvalue(const char *value)
{
    const char *p = value;
    gint whole;
    gint frac = 0;
    gint digits = 0;

    if (p == NULL || (*p != '0' && *p != '1'))
        return -1;
    whole = *p++ - '0';
    if (*p == '.') {
        p++;
        while (g_ascii_isdigit(*p) && digits < 3) {
            frac = frac * 10 + (*p++ - '0');
            digits++;
        }
    }
    if (*p != '\0')
        return -1;
    while (digits++ < 3)
        frac *= 10;
    if (whole == 1 && frac != 0)
        return -1;
    return whole * 1000 + frac;
}

gint64 sa_parse_delta_seconds(const char *value)
{
    gint64 v = 0;
    const char *p = value;

    if (p == NULL || !g_ascii_isdigit(*p))
        return -1;
    for (; g_ascii_isdigit(*p); p++) {
        /* RFC 3261 §20.19: values above 2**32-1 are taken as 2**32-1. */
        if (v < G_GINT64_CONSTANT(4294967295))
            v = v * 10 + (*p - '0');
    }
    if (*p != '\0')
        return -1;
    return MIN(v, G_GINT64_CONSTANT(4294967295));
}

gboolean sa_is_rfc3261_branch(const char *branch)
{
    return branch != NULL && g_str_has_prefix(branch, SA_BRANCH_COOKIE);
}
