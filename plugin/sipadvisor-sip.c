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

gboolean sa_uri_host(const char *uri, char **host, guint *port, char **maddr)
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

/* Unquotes a parameter value ("\"a\\\"b\"" -> "a\"b"; a quoted backslash
 * stays in the reader's "\x5c" form). */
static char *unquote(const char *b, const char *e)
{
    GString *out;

    while (b < e && is_blank(*b))
        b++;
    while (e > b && is_blank(e[-1]))
        e--;
    if (e - b < 2 || *b != '"' || e[-1] != '"')
        return g_strndup(b, (gsize)(e - b));
    out = g_string_sized_new((gsize)(e - b));
    for (const char *p = b + 1; p < e - 1;) {
        gboolean backslash;
        gsize n = unit_len(p, &backslash);

        if (backslash && p + n < e - 1) {
            p += n; /* the byte after a quoted-pair's backslash is literal */
            n = unit_len(p, &backslash);
        }
        if (p + n > e - 1)
            n = (gsize)(e - 1 - p);
        g_string_append_len(out, p, (gssize)n);
        p += n;
    }
    return g_string_free(out, FALSE);
}

/* One parameter of a list separated by `sep`: its name and value (NULL
 * without '='), blanks trimmed, the value still quoted. */
typedef struct {
    const char *name;
    gsize name_len;
    const char *value;
    const char *value_end;
} param_t;

/* Reads the parameter at *p and moves *p past it; FALSE at the end. */
static gboolean next_param(const char **pp, char sep, param_t *out)
{
    const char *p = *pp;
    const char *end = p;
    const char *eq = NULL;
    const char *ne;
    gboolean quoted = FALSE;

    if (p == NULL || *p == '\0')
        return FALSE;
    while (*end != '\0') {
        if (quoted) {
            if (*end == '"')
                quoted = FALSE;
            end += quoted ? quoted_unit_len(end) : 1;
            continue;
        }
        if (*end == '"')
            quoted = TRUE;
        else if (*end == sep)
            break;
        else if (*end == '=' && eq == NULL)
            eq = end;
        end++;
    }
    while (p < end && is_blank(*p))
        p++;
    ne = eq != NULL ? eq : end;
    while (ne > p && is_blank(ne[-1]))
        ne--;
    out->name = p;
    out->name_len = ne > p ? (gsize)(ne - p) : 0;
    out->value = eq != NULL ? eq + 1 : NULL;
    out->value_end = end;
    *pp = *end != '\0' ? end + 1 : end;
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
    param_t prm;

    while (next_param(&p, sep, &prm)) {
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

void sa_auth_clear(sa_auth_t *auth)
{
    g_free(auth->scheme);
    g_free(auth->realm);
    g_free(auth->algorithm);
    g_free(auth->qop);
    g_free(auth->username);
    memset(auth, 0, sizeof *auth);
}

/* Keeps the first value of a parameter. */
static void keep_first(char **slot, const param_t *prm)
{
    if (*slot == NULL)
        *slot = param_value(prm);
}

gboolean sa_auth_parse(const char *value, sa_auth_t *out)
{
    const char *p = value;
    const char *end;
    const char *scheme_end;
    char *line;
    const char *q;
    param_t prm;
    char *response = NULL;
    char *stale = NULL;

    memset(out, 0, sizeof *out);
    if (value == NULL)
        return FALSE;
    end = p + strcspn(p, "\n");
    while (p < end && is_blank(*p))
        p++;
    scheme_end = p;
    while (scheme_end < end && !is_blank(*scheme_end) && *scheme_end != ',')
        scheme_end++;
    if (scheme_end == p)
        return FALSE;
    out->scheme = g_strndup(p, (gsize)(scheme_end - p));
    line = g_strndup(scheme_end, (gsize)(end - scheme_end));
    /* One pass over the parameters; the first of each name counts. */
    for (q = line; next_param(&q, ',', &prm);) {
        if (param_is(&prm, "realm", 5))
            keep_first(&out->realm, &prm);
        else if (param_is(&prm, "algorithm", 9))
            keep_first(&out->algorithm, &prm);
        else if (param_is(&prm, "qop", 3))
            keep_first(&out->qop, &prm);
        else if (param_is(&prm, "username", 8))
            keep_first(&out->username, &prm);
        else if (param_is(&prm, "response", 8))
            keep_first(&response, &prm);
        else if (param_is(&prm, "stale", 5))
            keep_first(&stale, &prm);
    }
    out->has_response = response != NULL && *response != '\0';
    out->stale = stale != NULL && g_ascii_strcasecmp(stale, "true") == 0;
    g_free(response);
    g_free(stale);
    g_free(line);
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
