/* sipadvisor-sip.c
 * Option-tag sets and Contact parameter parsing.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sipadvisor-sip.h"

#include <string.h>

#include <wsutil/inet_addr.h>

int sa_time_cmp(const nstime_t *a, const nstime_t *b)
{
    if (a->secs != b->secs)
        return a->secs < b->secs ? -1 : 1;
    if (a->nsecs != b->nsecs)
        return a->nsecs < b->nsecs ? -1 : 1;
    return 0;
}

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

/* Small sets are searched in place; from this size on, through a hash set. */
#define TAGSET_LINEAR_MAX 16

/* Whether set holds the tag [b, e) in any ASCII case. */
static gboolean tagset_contains_n(const GPtrArray *set, const char *b, gsize n)
{
    for (guint i = 0; i < set->len; i++) {
        const char *tag = g_ptr_array_index(set, i);
        if (g_ascii_strncasecmp(tag, b, n) == 0 && tag[n] == '\0')
            return TRUE;
    }
    return FALSE;
}

guint sa_tagset_add_list(GPtrArray *set, const char *raw)
{
    guint added = 0;
    const char *p = raw;
    GHashTable *folded = NULL;

    if (raw == NULL)
        return 0;
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
            gsize n = (gsize)(e - b);
            if (folded == NULL && set->len >= TAGSET_LINEAR_MAX) {
                folded = fold_set_new();
                fold_set_add_all(folded, set);
            }
            if (folded != NULL) {
                char *tag = g_strndup(b, n);
                char *lower = g_ascii_strdown(tag, -1);
                if (g_hash_table_add(folded, lower)) {
                    g_ptr_array_add(set, tag);
                    added++;
                } else {
                    g_free(tag);
                }
            } else if (!tagset_contains_n(set, b, n)) {
                g_ptr_array_add(set, g_strndup(b, n));
                added++;
            }
        }
        p = (*end != '\0') ? end + 1 : end;
    }
    if (folded != NULL)
        g_hash_table_destroy(folded);
    return added;
}

GPtrArray *sa_tagset_difference(const GPtrArray *a, const GPtrArray *b, const GPtrArray *c)
{
    GPtrArray *out = sa_tagset_new();
    guint others = (b != NULL ? b->len : 0) + (c != NULL ? c->len : 0);
    GHashTable *folded;

    if (a == NULL)
        return out;
    if (others <= TAGSET_LINEAR_MAX) {
        for (guint i = 0; i < a->len; i++) {
            const char *tag = g_ptr_array_index(a, i);
            if (!sa_tagset_contains(b, tag) && !sa_tagset_contains(c, tag))
                g_ptr_array_add(out, g_strdup(tag));
        }
        return out;
    }
    folded = fold_set_new();
    fold_set_add_all(folded, b);
    fold_set_add_all(folded, c);
    for (guint i = 0; i < a->len; i++) {
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
    return branch != NULL && strncmp(branch, SA_BRANCH_COOKIE, sizeof SA_BRANCH_COOKIE - 1) == 0;
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

static gboolean uri_equal_slow(const char *a, const char *b)
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

static gboolean uri_host_slow(const char *uri, char **host, guint *port, char **maddr)
{
    sip_uri_t u;
    gboolean ok = uri != NULL && sip_uri_parse(uri, &u);

    *host = NULL;
    *port = 0;
    *maddr = NULL;
    if (ok) {
        const char *m = uri_param(&u, "maddr");
        guint64 p = 0;
        *host = g_strdup(u.host);
        if (u.port != NULL && g_ascii_string_to_unsigned(u.port, 10, 1, 65535, &p, NULL))
            *port = (guint)p;
        if (m != NULL && *m != '\0')
            *maddr = g_strdup(m);
    }
    if (uri != NULL)
        sip_uri_clear(&u);
    return ok;
}

/* The common case of a sip/sips URI, without '%' escapes and header
 * components, as views into its text: what sip_uri_parse gives, without
 * copies. */
#define URI_VIEW_MAX_PARAMS 16

typedef struct {
    const char *b;
    gsize n;
} span_t;

typedef struct uri_view {
    span_t scheme;
    gboolean has_user;
    span_t user;
    span_t host; /* compares without case */
    gboolean has_port;
    span_t port;
    guint n_params;
    span_t params[URI_VIEW_MAX_PARAMS]; /* "name=value" or "name", as written */
} uri_view_t;

typedef enum {
    URI_NOT_SIP,    /* another scheme, or no scheme (sip_uri_parse: no scheme) */
    URI_MALFORMED,  /* sip/sips without host (sip_uri_parse: FALSE with the scheme) */
    URI_PARSED,     /* sip_uri_parse: TRUE */
    URI_UNSUPPORTED /* '%', '?' or many parameters: sip_uri_parse must do it */
} uri_view_state_t;

static gboolean span_eq(span_t a, span_t b)
{
    return a.n == b.n && memcmp(a.b, b.b, a.n) == 0;
}

static gboolean span_caseeq(span_t a, span_t b)
{
    return a.n == b.n && g_ascii_strncasecmp(a.b, b.b, a.n) == 0;
}

static gboolean span_is(span_t a, const char *lower)
{
    gsize n = strlen(lower);

    return a.n == n && g_ascii_strncasecmp(a.b, lower, n) == 0;
}

static uri_view_state_t uri_view_parse(const char *text, uri_view_t *u)
{
    const char *colon = strchr(text, ':');
    const char *rest, *at, *hostpart, *hostend, *p, *portsep, *close, *hend;

    u->n_params = 0;
    if (colon == NULL)
        return URI_NOT_SIP;
    u->scheme.b = text;
    u->scheme.n = (gsize)(colon - text);
    if (!span_is(u->scheme, "sip") && !span_is(u->scheme, "sips"))
        return URI_NOT_SIP;
    rest = colon + 1;
    if (strpbrk(rest, "%?") != NULL)
        return URI_UNSUPPORTED;
    hostend = strchr(rest, ';');
    if (hostend == NULL)
        hostend = rest + strlen(rest);
    at = NULL;
    for (p = rest; p < hostend; p++) {
        if (*p == '@')
            at = p;
    }
    u->has_user = at != NULL;
    if (at != NULL) {
        u->user.b = rest;
        u->user.n = (gsize)(at - rest);
    }
    hostpart = at != NULL ? at + 1 : rest;
    close = NULL;
    if (*hostpart == '[') {
        for (p = hostpart; p < hostend && close == NULL; p++) {
            if (*p == ']')
                close = p;
        }
    }
    portsep = NULL;
    for (p = close ? close : hostpart; p < hostend; p++) {
        if (*p == ':')
            portsep = p;
    }
    hend = portsep ? portsep : hostend;
    if (hend == hostpart)
        return URI_MALFORMED;
    u->host.b = hostpart;
    u->host.n = (gsize)(hend - hostpart);
    u->has_port = portsep != NULL;
    if (portsep != NULL) {
        u->port.b = portsep + 1;
        u->port.n = (gsize)(hostend - portsep - 1);
    }
    for (p = hostend; *p == ';';) {
        const char *end = strchr(p + 1, ';');
        if (end == NULL)
            end = p + 1 + strlen(p + 1);
        if (u->n_params == URI_VIEW_MAX_PARAMS)
            return URI_UNSUPPORTED;
        u->params[u->n_params].b = p + 1;
        u->params[u->n_params].n = (gsize)(end - p - 1);
        u->n_params++;
        p = end;
    }
    return URI_PARSED;
}

/* A parameter's name (before the first '=') and value (NULL for a flag). */
static span_t param_name(span_t prm, const char **value, gsize *value_len)
{
    const char *eq = memchr(prm.b, '=', prm.n);
    span_t name = {prm.b, eq != NULL ? (gsize)(eq - prm.b) : prm.n};

    *value = eq != NULL ? eq + 1 : NULL;
    *value_len = eq != NULL ? prm.n - name.n - 1 : 0;
    return name;
}

/* uri_param for a view: the first parameter of that name (any case); its
 * value is "" for a flag. FALSE when absent. */
static gboolean view_param(const uri_view_t *u, span_t name, span_t *value)
{
    for (guint i = 0; i < u->n_params; i++) {
        const char *v;
        gsize vn;
        if (span_caseeq(param_name(u->params[i], &v, &vn), name)) {
            value->b = v != NULL ? v : "";
            value->n = vn;
            return TRUE;
        }
    }
    return FALSE;
}

/* params_agree for views: the values of transport, user, method and maddr
 * compare without case (sip_uri_parse lowers them), ttl with case. */
static gboolean view_params_agree(const uri_view_t *a, const uri_view_t *b)
{
    static const char *const must_match[] = {"user", "ttl", "method", "maddr", "transport"};

    for (gsize i = 0; i < G_N_ELEMENTS(must_match); i++) {
        span_t name = {must_match[i], strlen(must_match[i])};
        span_t va, vb;
        gboolean ha = view_param(a, name, &va);
        gboolean hb = view_param(b, name, &vb);
        if (ha != hb)
            return FALSE;
        if (ha && !(i == 1 ? span_eq(va, vb) : span_caseeq(va, vb)))
            return FALSE;
    }
    for (guint i = 0; i < a->n_params; i++) {
        const char *v;
        gsize vn;
        span_t name = param_name(a->params[i], &v, &vn);
        span_t mine, other;
        /* A repeated name counts once, as its first occurrence, on both sides. */
        if (view_param(b, name, &other) && view_param(a, name, &mine) && !span_caseeq(mine, other))
            return FALSE;
    }
    return TRUE;
}

gboolean sa_uri_equal(const char *a, const char *b)
{
    uri_view_t ua, ub;
    uri_view_state_t sa, sb;

    if (a == NULL || b == NULL)
        return FALSE;
    sa = uri_view_parse(a, &ua);
    sb = uri_view_parse(b, &ub);
    if (sa == URI_UNSUPPORTED || sb == URI_UNSUPPORTED)
        return uri_equal_slow(a, b);
    if (sa == URI_NOT_SIP && sb == URI_NOT_SIP)
        return g_ascii_strcasecmp(a, b) == 0;
    if (sa != URI_PARSED || sb != URI_PARSED)
        return FALSE;
    return span_caseeq(ua.scheme, ub.scheme) && ua.has_user == ub.has_user &&
           (!ua.has_user || span_eq(ua.user, ub.user)) && span_caseeq(ua.host, ub.host) &&
           ua.has_port == ub.has_port && (!ua.has_port || span_eq(ua.port, ub.port)) &&
           view_params_agree(&ua, &ub);
}

gboolean sa_uri_host(const char *uri, char **host, guint *port, char **maddr)
{
    static const span_t maddr_name = {"maddr", 5};
    uri_view_t u;
    uri_view_state_t state = uri != NULL ? uri_view_parse(uri, &u) : URI_NOT_SIP;
    span_t m;

    if (state == URI_UNSUPPORTED)
        return uri_host_slow(uri, host, port, maddr);
    *host = NULL;
    *port = 0;
    *maddr = NULL;
    if (state != URI_PARSED)
        return FALSE;
    *host = g_ascii_strdown(u.host.b, (gssize)u.host.n);
    if (u.has_port) {
        char *text = g_strndup(u.port.b, u.port.n);
        guint64 p = 0;
        if (g_ascii_string_to_unsigned(text, 10, 1, 65535, &p, NULL))
            *port = (guint)p;
        g_free(text);
    }
    if (view_param(&u, maddr_name, &m) && m.n > 0)
        *maddr = g_ascii_strdown(m.b, (gssize)m.n);
    return TRUE;
}

gboolean sa_ip_literal(const char *host, sa_endpoint_t *ep)
{
    char *bare;
    gsize len;
    gboolean ok = FALSE;

    if (host == NULL)
        return FALSE;
    len = strlen(host);
    bare =
        (len >= 2 && host[0] == '[' && host[len - 1] == ']') ? g_strndup(host + 1, len - 2) : g_strdup(host);
    if (ws_inet_pton4(bare, (ws_in4_addr *)(void *)ep->addr)) {
        ep->addr_len = 4;
        ok = TRUE;
    } else if (ws_inet_pton6(bare, (ws_in6_addr *)(void *)ep->addr)) {
        ep->addr_len = 16;
        ok = TRUE;
    }
    g_free(bare);
    return ok;
}

/* The reader writes a backslash as "\x5c" and other unsafe bytes as
 * "\xNN". How many characters at p stand for one byte of the message, and
 * whether that byte was a backslash (a raw one too, for text from
 * elsewhere). */
static gsize unit_len(const char *p, gboolean *backslash)
{
    *backslash = FALSE;
    if (p[0] != '\\')
        return 1;
    *backslash = TRUE;
    if (p[1] == 'x' && g_ascii_isxdigit(p[2]) && g_ascii_isxdigit(p[3])) {
        *backslash = p[2] == '5' && g_ascii_tolower(p[3]) == 'c';
        return 4;
    }
    return 1;
}

/* Inside a quoted string: the characters at p that make one unit, a
 * quoted-pair (backslash and the byte it quotes) counting as one. */
static gsize quoted_unit_len(const char *p)
{
    gboolean backslash;
    gboolean ignored;
    gsize n = unit_len(p, &backslash);

    if (backslash && p[n] != '\0')
        n += unit_len(p + n, &ignored);
    return n;
}

/* Where the item starting at p ends: the next comma or '\n' outside a
 * quoted string and <...>. */
static const char *item_end(const char *p)
{
    gboolean quoted = FALSE;
    int angle = 0;

    while (*p != '\0') {
        if (quoted) {
            if (*p == '"')
                quoted = FALSE;
            p += quoted ? quoted_unit_len(p) : 1;
            continue;
        }
        if (*p == '"') {
            quoted = TRUE;
        } else if (*p == '<') {
            angle++;
        } else if (*p == '>' && angle > 0) {
            angle--;
        } else if ((*p == ',' || *p == '\n') && angle == 0) {
            break;
        }
        p++;
    }
    return p;
}

static char *trimmed(const char *b, const char *e)
{
    while (b < e && is_blank(*b))
        b++;
    while (e > b && is_blank(e[-1]))
        e--;
    return g_strndup(b, (gsize)(e - b));
}

GPtrArray *sa_list_split(const char *value)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    const char *p = value;

    while (p != NULL && *p != '\0') {
        const char *end = item_end(p);
        char *item = trimmed(p, end);
        if (*item != '\0')
            g_ptr_array_add(out, item);
        else
            g_free(item);
        p = *end != '\0' ? end + 1 : end;
    }
    return out;
}

char *sa_item_token(const char *item)
{
    const char *end;

    if (item == NULL)
        return NULL;
    end = item + strcspn(item, ";");
    return trimmed(item, end);
}

gint64 sa_parse_delta_prefix(const char *value)
{
    char *token = sa_item_token(value);
    gint64 v;

    if (token == NULL)
        return -1;
    /* "3 (back soon)": the comment of Retry-After follows white space. */
    token[strcspn(token, " \t(")] = '\0';
    v = sa_parse_delta_seconds(token);
    g_free(token);
    return v;
}

/* unit_len for text that ends at `end` (the bytes from `end` on read as
 * the end of the string). */
static gsize unit_len_n(const char *p, const char *end, gboolean *backslash)
{
    *backslash = FALSE;
    if (p[0] != '\\')
        return 1;
    *backslash = TRUE;
    if (end - p >= 4 && p[1] == 'x' && g_ascii_isxdigit(p[2]) && g_ascii_isxdigit(p[3])) {
        *backslash = p[2] == '5' && g_ascii_tolower(p[3]) == 'c';
        return 4;
    }
    return 1;
}

/* quoted_unit_len for text that ends at `end`. */
static gsize quoted_unit_len_n(const char *p, const char *end)
{
    gboolean backslash;
    gboolean ignored;
    gsize n = unit_len_n(p, end, &backslash);

    if (backslash && p + n < end)
        n += unit_len_n(p + n, end, &ignored);
    return n;
}

/* Trims blanks from [*b, *e); TRUE when what is left is a quoted string
 * (at least the two quotes). */
static gboolean trim_quoted(const char **b, const char **e)
{
    while (*b < *e && is_blank(**b))
        (*b)++;
    while (*e > *b && is_blank((*e)[-1]))
        (*e)--;
    return *e - *b >= 2 && **b == '"' && (*e)[-1] == '"';
}

/* Writes the unquoted [b, e) to out (room for e - b bytes) and returns its
 * length: "\"a\\\"b\"" -> "a\"b"; a quoted backslash stays in the reader's
 * "\x5c" form; text that is not a quoted string is kept as it is. */
static gsize unquote_into(const char *b, const char *e, char *out)
{
    gsize len = 0;

    if (!trim_quoted(&b, &e)) {
        memcpy(out, b, (gsize)(e - b));
        return (gsize)(e - b);
    }
    if (memchr(b + 1, '\\', (gsize)(e - b - 2)) == NULL) {
        memcpy(out, b + 1, (gsize)(e - b - 2));
        return (gsize)(e - b - 2);
    }
    for (const char *p = b + 1; p < e - 1;) {
        gboolean backslash;
        gsize n = unit_len(p, &backslash);

        if (backslash && p + n < e - 1) {
            p += n; /* the byte after a quoted-pair's backslash is literal */
            n = unit_len(p, &backslash);
        }
        if (p + n > e - 1)
            n = (gsize)(e - 1 - p);
        memcpy(out + len, p, n);
        len += n;
        p += n;
    }
    return len;
}

/* Unquotes a parameter value (see unquote_into). */
static char *unquote(const char *b, const char *e)
{
    char *out = g_malloc((gsize)(e - b) + 1);

    out[unquote_into(b, e, out)] = '\0';
    return out;
}

/* One parameter of a list separated by `sep`: its name and value (NULL
 * without '='), blanks trimmed, the value still quoted. */
typedef struct {
    const char *name;
    gsize name_len;
    const char *value;
    const char *value_end;
} param_t;

/* Reads the parameter at *pp (text that ends at `end`) and moves *pp past
 * it; FALSE at the end. */
static gboolean next_param(const char **pp, const char *end, char sep, param_t *out)
{
    const char *p = *pp;
    const char *cur = p;
    const char *eq = NULL;
    const char *ne;
    gboolean quoted = FALSE;

    if (p == NULL || p >= end)
        return FALSE;
    while (cur < end) {
        if (quoted) {
            /* Only a quote and a backslash mean something here: the
             * string ends at the first quote that no backslash quotes. */
            const char *quote = memchr(cur, '"', (gsize)(end - cur));
            const char *stop = quote != NULL ? quote : end;
            const char *backslash = memchr(cur, '\\', (gsize)(stop - cur));
            if (backslash != NULL) {
                cur = backslash + quoted_unit_len_n(backslash, end);
            } else {
                cur = quote != NULL ? quote + 1 : end;
                quoted = FALSE;
            }
            continue;
        }
        if (*cur == '"')
            quoted = TRUE;
        else if (*cur == sep)
            break;
        else if (*cur == '=' && eq == NULL)
            eq = cur;
        cur++;
    }
    while (p < cur && is_blank(*p))
        p++;
    ne = eq != NULL ? eq : cur;
    while (ne > p && is_blank(ne[-1]))
        ne--;
    out->name = p;
    out->name_len = ne > p ? (gsize)(ne - p) : 0;
    out->value = eq != NULL ? eq + 1 : NULL;
    out->value_end = cur;
    *pp = cur < end ? cur + 1 : cur;
    return TRUE;
}

static gboolean param_is(const param_t *prm, const char *name, gsize name_len)
{
    return prm->name_len == name_len && g_ascii_strncasecmp(prm->name, name, name_len) == 0;
}

static char *param_value(const param_t *prm)
{
    return prm->value != NULL ? unquote(prm->value, prm->value_end) : g_strdup("");
}

/* The value of `name` among parameters separated by `sep`, starting at p. */
static char *find_param(const char *p, char sep, const char *name)
{
    gsize name_len = strlen(name);
    const char *end = p + strlen(p);
    param_t prm;

    while (next_param(&p, end, sep, &prm)) {
        if (param_is(&prm, name, name_len))
            return param_value(&prm);
    }
    return NULL;
}

char *sa_item_param(const char *item, const char *name)
{
    const char *semi = item != NULL ? strchr(item, ';') : NULL;

    return semi != NULL ? find_param(semi + 1, ';', name) : NULL;
}

/* A parameter's value as a view: "" (begin == end) for a flag. */
static void param_view(sa_value_t *v, const param_t *prm)
{
    v->begin = prm->value != NULL ? prm->value : prm->name;
    v->end = prm->value != NULL ? prm->value_end : prm->name;
}

gsize sa_value_unquote(const sa_value_t *v, char *out)
{
    return v->begin != NULL ? unquote_into(v->begin, v->end, out) : 0;
}

char *sa_value_dup(const sa_value_t *v)
{
    return v->begin != NULL ? unquote(v->begin, v->end) : NULL;
}

gboolean sa_value_equal(const sa_value_t *v, const char *str)
{
    const char *b = v->begin;
    const char *e = v->end;
    gsize len;
    char *text;
    gboolean equal;

    if (b == NULL || str == NULL)
        return FALSE;
    len = strlen(str);
    if (!trim_quoted(&b, &e))
        return (gsize)(e - b) == len && memcmp(b, str, len) == 0;
    if (memchr(b + 1, '\\', (gsize)(e - b - 2)) == NULL)
        return (gsize)(e - b - 2) == len && memcmp(b + 1, str, len) == 0;
    text = unquote(b, e);
    equal = strcmp(text, str) == 0;
    g_free(text);
    return equal;
}

/* Whether the unquoted value is not empty. */
static gboolean value_nonempty(const sa_value_t *v)
{
    const char *b = v->begin;
    const char *e = v->end;

    return trim_quoted(&b, &e) ? e - b > 2 : e > b;
}

/* Whether the unquoted value is "true" in any case. */
static gboolean value_is_true(const sa_value_t *v)
{
    char buf[64];
    const char *b = v->begin;
    const char *e = v->end;
    char *text;
    gboolean is_true;

    trim_quoted(&b, &e);
    if (e - b <= (gssize)sizeof buf)
        return unquote_into(b, e, buf) == 4 && g_ascii_strncasecmp(buf, "true", 4) == 0;
    text = unquote(b, e);
    is_true = g_ascii_strcasecmp(text, "true") == 0;
    g_free(text);
    return is_true;
}

void sa_auth_clear(sa_auth_t *auth)
{
    g_free(auth->scheme);
    g_free(auth->realm);
    g_free(auth->algorithm);
    g_free(auth->qop);
    g_free(auth->username);
    memset(auth, 0, sizeof *auth);
}

gboolean sa_auth_scan(const char *value, sa_auth_view_t *out)
{
    const char *p = value;
    const char *end;
    const char *scheme_end;
    const char *q;
    param_t prm;
    sa_value_t response = {NULL, NULL};
    sa_value_t stale = {NULL, NULL};

    memset(out, 0, sizeof *out);
    if (value == NULL)
        return FALSE;
    end = strchr(p, '\n');
    if (end == NULL)
        end = p + strlen(p);
    while (p < end && is_blank(*p))
        p++;
    scheme_end = p;
    while (scheme_end < end && !is_blank(*scheme_end) && *scheme_end != ',')
        scheme_end++;
    if (scheme_end == p)
        return FALSE;
    out->scheme = p;
    out->scheme_len = (gsize)(scheme_end - p);
    /* One pass over the parameters; the first of each name counts. */
    for (q = scheme_end; next_param(&q, end, ',', &prm);) {
        sa_value_t *slot;
        if (param_is(&prm, "realm", 5))
            slot = &out->realm;
        else if (param_is(&prm, "algorithm", 9))
            slot = &out->algorithm;
        else if (param_is(&prm, "qop", 3))
            slot = &out->qop;
        else if (param_is(&prm, "username", 8))
            slot = &out->username;
        else if (param_is(&prm, "response", 8))
            slot = &response;
        else if (param_is(&prm, "stale", 5))
            slot = &stale;
        else
            continue;
        if (slot->begin == NULL)
            param_view(slot, &prm);
    }
    out->has_response = response.begin != NULL && value_nonempty(&response);
    out->stale = stale.begin != NULL && value_is_true(&stale);
    return TRUE;
}

gboolean sa_auth_parse(const char *value, sa_auth_t *out)
{
    sa_auth_view_t v;

    memset(out, 0, sizeof *out);
    if (!sa_auth_scan(value, &v))
        return FALSE;
    out->scheme = g_strndup(v.scheme, v.scheme_len);
    out->realm = sa_value_dup(&v.realm);
    out->algorithm = sa_value_dup(&v.algorithm);
    out->qop = sa_value_dup(&v.qop);
    out->username = sa_value_dup(&v.username);
    out->stale = v.stale;
    out->has_response = v.has_response;
    return TRUE;
}

char *sa_endpoint_text(const sa_endpoint_t *ep, gboolean with_port)
{
    GString *s = g_string_new(NULL);

    if (ep->addr_len == 4) {
        g_string_append_printf(s, "%u.%u.%u.%u", ep->addr[0], ep->addr[1], ep->addr[2], ep->addr[3]);
    } else if (ep->addr_len == 16) {
        /* Plain groups, no :: shortening: enough to tell addresses apart. */
        if (with_port)
            g_string_append_c(s, '[');
        for (int i = 0; i < 16; i += 2)
            g_string_append_printf(s, "%s%x", i ? ":" : "", (guint)(ep->addr[i] << 8 | ep->addr[i + 1]));
        if (with_port)
            g_string_append_c(s, ']');
    } else {
        g_string_append(s, "unknown address");
        return g_string_free(s, FALSE);
    }
    if (with_port)
        g_string_append_printf(s, ":%u", ep->port);
    return g_string_free(s, FALSE);
}
