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

/* Tags compare without ASCII case: a hash set keyed by the lower-case form
 * makes adding and subtracting linear (hostile lists hold 50,000 tags). */
static GHashTable *fold_set_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

static void fold_set_add_all(GHashTable *folded, const GPtrArray *set)
{
    for (guint i = 0; set != NULL && i < set->len; i++)
        g_hash_table_add(folded, g_ascii_strdown(g_ptr_array_index(set, i), -1));
}

static gboolean fold_set_contains(GHashTable *folded, const char *tag)
{
    char *lower = g_ascii_strdown(tag, -1);
    gboolean found = g_hash_table_contains(folded, lower);

    g_free(lower);
    return found;
}

guint sa_tagset_add_list(GPtrArray *set, const char *raw)
{
    guint added = 0;
    const char *p = raw;
    GHashTable *folded;

    if (raw == NULL)
        return 0;
    folded = fold_set_new();
    fold_set_add_all(folded, set);
    while (*p != '\0') {
        /* Items end at a comma, and at the '\n' that joins header lines. */
        const char *end = p + strcspn(p, ",\n");
        const char *b = p;
        const char *e = end;
        while (b < e && is_blank(*b))
            b++;
        while (e > b && is_blank(e[-1]))
            e--;
        if (e > b) {
            char *tag = g_strndup(b, (gsize)(e - b));
            char *lower = g_ascii_strdown(tag, -1);
            if (g_hash_table_add(folded, lower)) {
                g_ptr_array_add(set, tag);
                added++;
            } else {
                g_free(tag);
            }
        }
        p = (*end != '\0') ? end + 1 : end;
    }
    g_hash_table_destroy(folded);
    return added;
}

GPtrArray *sa_tagset_difference(const GPtrArray *a, const GPtrArray *b, const GPtrArray *c)
{
    GPtrArray *out = sa_tagset_new();
    GHashTable *folded = fold_set_new();

    fold_set_add_all(folded, b);
    fold_set_add_all(folded, c);
    for (guint i = 0; a != NULL && i < a->len; i++) {
        const char *tag = g_ptr_array_index(a, i);
        if (!fold_set_contains(folded, tag))
            g_ptr_array_add(out, g_strdup(tag));
    }
    g_hash_table_destroy(folded);
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

/* A sip/sips URI split into the parts §19.1.4 compares. */
typedef struct sip_uri {
    char *scheme;       /* lower case */
    char *userinfo;     /* %-decoded, or NULL */
    char *host;         /* lower case */
    char *port;         /* or NULL */
    GPtrArray *params;  /* "name=value" or "name", name lower case */
    GPtrArray *headers; /* "name=value", sorted */
} sip_uri_t;

static char *percent_decode(const char *s, gsize len)
{
    GString *out = g_string_sized_new(len);

    for (gsize i = 0; i < len; i++) {
        if (s[i] == '%' && i + 2 < len && g_ascii_isxdigit(s[i + 1]) && g_ascii_isxdigit(s[i + 2])) {
            g_string_append_c(out,
                              (char)(g_ascii_xdigit_value(s[i + 1]) * 16 + g_ascii_xdigit_value(s[i + 2])));
            i += 2;
        } else {
            g_string_append_c(out, s[i]);
        }
    }
    return g_string_free(out, FALSE);
}

static void sip_uri_clear(sip_uri_t *u)
{
    g_free(u->scheme);
    g_free(u->userinfo);
    g_free(u->host);
    g_free(u->port);
    if (u->params != NULL)
        g_ptr_array_free(u->params, TRUE);
    if (u->headers != NULL)
        g_ptr_array_free(u->headers, TRUE);
}

static gint compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Parses a sip/sips URI; FALSE for other schemes or a malformed URI. */
static gboolean sip_uri_parse(const char *text, sip_uri_t *u)
{
    const char *colon = strchr(text, ':');
    const char *rest, *at, *hostpart, *hostend, *p;
    char *scheme;

    memset(u, 0, sizeof *u);
    if (colon == NULL)
        return FALSE;
    scheme = g_ascii_strdown(text, colon - text);
    if (strcmp(scheme, "sip") != 0 && strcmp(scheme, "sips") != 0) {
        g_free(scheme);
        return FALSE;
    }
    u->scheme = scheme;
    u->params = g_ptr_array_new_with_free_func(g_free);
    u->headers = g_ptr_array_new_with_free_func(g_free);
    rest = colon + 1;
    hostend = rest + strcspn(rest, ";?");
    at = NULL;
    for (p = rest; p < hostend; p++) {
        if (*p == '@')
            at = p; /* the last @ before parameters ends the userinfo */
    }
    if (at != NULL) {
        u->userinfo = percent_decode(rest, (gsize)(at - rest));
        hostpart = at + 1;
    } else {
        hostpart = rest;
    }
    {
        /* host[:port]; an IPv6 reference keeps its colons inside [] */
        const char *portsep = NULL;
        const char *close = (*hostpart == '[') ? memchr(hostpart, ']', (gsize)(hostend - hostpart)) : NULL;
        const char *scan = close ? close : hostpart;
        for (p = scan; p < hostend; p++) {
            if (*p == ':')
                portsep = p;
        }
        const char *hend = portsep ? portsep : hostend;
        if (hend == hostpart)
            return FALSE;
        u->host = g_ascii_strdown(hostpart, hend - hostpart);
        if (portsep != NULL)
            u->port = g_strndup(portsep + 1, (gsize)(hostend - portsep - 1));
    }
    p = hostend;
    while (*p == ';') {
        const char *end = p + 1 + strcspn(p + 1, ";?");
        char *param = percent_decode(p + 1, (gsize)(end - p - 1));
        char *eq = strchr(param, '=');
        gsize namelen = eq ? (gsize)(eq - param) : strlen(param);
        for (gsize i = 0; i < namelen; i++)
            param[i] = g_ascii_tolower(param[i]);
        /* Values of these parameters are case-insensitive tokens or hosts. */
        if (eq != NULL && (g_str_has_prefix(param, "transport=") || g_str_has_prefix(param, "user=") ||
                           g_str_has_prefix(param, "method=") || g_str_has_prefix(param, "maddr="))) {
            for (char *v = eq + 1; *v; v++)
                *v = g_ascii_tolower(*v);
        }
        g_ptr_array_add(u->params, param);
        p = end;
    }
    if (*p == '?') {
        gchar **hdrs = g_strsplit(p + 1, "&", -1);
        for (gchar **h = hdrs; *h != NULL; h++) {
            char *eq = strchr(*h, '=');
            gsize namelen = eq ? (gsize)(eq - *h) : strlen(*h);
            char *name = g_ascii_strdown(*h, (gssize)namelen);
            char *value = percent_decode(eq ? eq + 1 : "", eq ? strlen(eq + 1) : 0);
            g_ptr_array_add(u->headers, g_strconcat(name, "=", value, NULL));
            g_free(name);
            g_free(value);
        }
        g_strfreev(hdrs);
        g_ptr_array_sort(u->headers, compare_strings);
    }
    return TRUE;
}

/* The value of parameter `name` ("" for a flag), or NULL when absent. */
static const char *uri_param(const sip_uri_t *u, const char *name)
{
    gsize len = strlen(name);

    for (guint i = 0; i < u->params->len; i++) {
        const char *p = g_ptr_array_index(u->params, i);
        if (strncmp(p, name, len) == 0 && (p[len] == '=' || p[len] == '\0'))
            return p[len] == '=' ? p + len + 1 : "";
    }
    return NULL;
}

static gboolean params_agree(const sip_uri_t *a, const sip_uri_t *b)
{
    static const char *const must_match[] = {"user", "ttl", "method", "maddr", "transport"};

    for (gsize i = 0; i < G_N_ELEMENTS(must_match); i++) {
        if (g_strcmp0(uri_param(a, must_match[i]), uri_param(b, must_match[i])) != 0)
            return FALSE;
    }
    for (guint i = 0; i < a->params->len; i++) {
        const char *p = g_ptr_array_index(a->params, i);
        const char *eq = strchr(p, '=');
        char *name = g_strndup(p, eq ? (gsize)(eq - p) : strlen(p));
        const char *other = uri_param(b, name);
        /* A repeated name counts once, as its first occurrence, on both sides. */
        const char *mine = uri_param(a, name);
        gboolean ok = other == NULL || g_ascii_strcasecmp(mine, other) == 0;
        g_free(name);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

gboolean sa_uri_equal(const char *a, const char *b)
{
    sip_uri_t ua, ub;
    gboolean pa, pb, equal = FALSE;

    if (a == NULL || b == NULL)
        return FALSE;
    pa = sip_uri_parse(a, &ua);
    pb = sip_uri_parse(b, &ub);
    if (!pa && !pb && ua.scheme == NULL && ub.scheme == NULL) {
        /* Neither is a sip/sips URI (a malformed one sets the scheme). */
        equal = g_ascii_strcasecmp(a, b) == 0;
    } else if (pa && pb) {
        equal = strcmp(ua.scheme, ub.scheme) == 0 && g_strcmp0(ua.userinfo, ub.userinfo) == 0 &&
                strcmp(ua.host, ub.host) == 0 && g_strcmp0(ua.port, ub.port) == 0 && params_agree(&ua, &ub) &&
                ua.headers->len == ub.headers->len;
        for (guint i = 0; equal && i < ua.headers->len; i++)
            equal = strcmp(g_ptr_array_index(ua.headers, i), g_ptr_array_index(ub.headers, i)) == 0;
    }
    sip_uri_clear(&ua);
    sip_uri_clear(&ub);
    return equal;
}
