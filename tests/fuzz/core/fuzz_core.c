/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * fuzz_core.c
 * libFuzzer harness for the sipadvisor analysis core (GLib only).
 *
 * The input is a small program. Its first bytes choose the time mode and
 * the first frame number; then each opcode byte either builds one sa_msg_t
 * (a fresh request or response, a response to / retransmission / ACK /
 * CANCEL / retry of an earlier message, with optional field overrides) and
 * feeds it to one sa_ctx_t, or runs a side check of the SIP text helpers
 * (sa_uri_equal, option-tag sets, qvalue and delta-seconds parsing). At the
 * end every stored result and request note is read back, checked against
 * the contract of sipadvisor-analysis.h, and the context is freed.
 *
 * Strings are NUL-terminated copies of input slices (any byte but NUL, so
 * also invalid UTF-8), entries of small realistic dictionaries, earlier
 * strings from a pool (so that Call-IDs, branches and URIs can repeat), or
 * sip URIs assembled from parts.
 *
 * An invariant violation prints "INVARIANT <name>: ..." and calls abort().
 * SIPADVISOR_FUZZ_RELAX="name,name" (or "all") reports those once and goes
 * on instead, so that a known violation does not stop a long run; the name
 * "time-range" keeps capture times within +-2**62 ns. SIPADVISOR_FUZZ_TRACE=1
 * prints every message and result (to check what a seed does).
 *
 * Copyright 2026 The sipadvisor authors
 */
#include <glib.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipadvisor-analysis.h"
#include "sipadvisor-knowledge.h"
#include "sipadvisor-sip.h"

#define MAX_MSGS     256  /* messages per input */
#define MAX_OPS      1024 /* opcodes per input */
#define MAX_CONTACTS 6    /* Contact entries per message */
#define POOL_SIZE    16   /* reusable strings */
#define MAX_RAW      512  /* longest raw slice */
#define MAX_FRAMES   (MAX_MSGS + 8)

/* ------------------------------------------------------------------ */
/* Invariant reporting */

static char **relaxed; /* names from SIPADVISOR_FUZZ_RELAX */
static gboolean relax_all;
static GHashTable *reported; /* relaxed names already printed */
static volatile size_t sink; /* keeps the reads of results alive */
static gboolean trace;       /* SIPADVISOR_FUZZ_TRACE: print messages and results */

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *env = getenv("SIPADVISOR_FUZZ_RELAX");

    (void)argc;
    (void)argv;
    if (env != NULL && *env != '\0') {
        relaxed = g_strsplit(env, ",", -1);
        for (char **p = relaxed; *p != NULL; p++) {
            if (strcmp(*p, "all") == 0)
                relax_all = TRUE;
        }
    }
    reported = g_hash_table_new(g_str_hash, g_str_equal);
    trace = getenv("SIPADVISOR_FUZZ_TRACE") != NULL;
    return 0;
}

static gboolean is_relaxed(const char *name)
{
    if (relax_all)
        return TRUE;
    for (char **p = relaxed; p != NULL && *p != NULL; p++) {
        if (strcmp(*p, name) == 0)
            return TRUE;
    }
    return FALSE;
}

/* Escapes a string for the report (it may hold any byte). */
static char *show(const char *s)
{
    return s == NULL ? g_strdup("(null)") : g_strescape(s, NULL);
}

static void G_GNUC_PRINTF(2, 3) violation(const char *name, const char *fmt, ...)
{
    va_list ap;

    if (is_relaxed(name)) {
        if (g_hash_table_contains(reported, name))
            return;
        g_hash_table_add(reported, (gpointer)name);
    }
    fprintf(stderr, "INVARIANT %s: ", name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (!is_relaxed(name))
        abort();
    fprintf(stderr, "(relaxed: reported once, fuzzing goes on)\n");
}

static void touch(const char *s)
{
    if (s != NULL)
        sink += strlen(s) + (unsigned char)s[0];
}

/* ------------------------------------------------------------------ */
/* Input reader and string arena */

typedef struct fz {
    const uint8_t *data;
    size_t size;
    size_t pos;
    GPtrArray *arena; /* every string made for this input */
    const char *pool[POOL_SIZE];
    guint pool_next;
    guint serial; /* for fresh branches and tags */
} fz_t;

static gboolean fz_more(const fz_t *f)
{
    return f->pos < f->size;
}

static guint8 u8(fz_t *f)
{
    return f->pos < f->size ? f->data[f->pos++] : 0;
}

static guint16 u16(fz_t *f)
{
    guint16 hi = u8(f);
    return (guint16)(hi << 8 | u8(f));
}

static guint32 u32(fz_t *f)
{
    guint32 hi = u16(f);
    return hi << 16 | u16(f);
}

static guint64 u64(fz_t *f)
{
    guint64 hi = u32(f);
    return hi << 32 | u32(f);
}

static const char *keep(fz_t *f, char *s)
{
    g_ptr_array_add(f->arena, s);
    return s;
}

static const char *remember(fz_t *f, const char *s)
{
    if (s != NULL) {
        f->pool[f->pool_next % POOL_SIZE] = s;
        f->pool_next++;
    }
    return s;
}

/* A copy of the next `len` input bytes, cut at the first NUL. */
static const char *raw_slice(fz_t *f, size_t len)
{
    size_t avail = f->size - f->pos;

    if (len > avail)
        len = avail;
    if (len > MAX_RAW)
        len = MAX_RAW;
    const char *s = keep(f, g_strndup((const char *)f->data + f->pos, len));
    f->pos += len;
    return s;
}

/* ------------------------------------------------------------------ */
/* Dictionaries */

#define N(a) G_N_ELEMENTS(a)

static const char *const methods[] = {
    "INVITE",  "REGISTER", "ACK",   "CANCEL", "BYE",  "OPTIONS", "SUBSCRIBE", "NOTIFY",
    "MESSAGE", "UPDATE",   "PRACK", "REFER",  "INFO", "PUBLISH", "invite",    "INVITE ",
};

static const char *const uris[] = {
    "sip:alice@old.example.com",
    "sip:alice@new.example.com",
    "sip:alice@new.example.com;transport=tcp",
    "sips:alice@new.example.com",
    "sip:alice@NEW.Example.COM",
    "SIP:alice@new.example.com",
    "sip:%61lice@new.example.com",
    "sip:bob@192.0.2.10:5060",
    "sip:bob@192.0.2.10",
    "sip:bob@[2001:db8::1]:5080",
    "sip:bob@[2001:db8::1]",
    "tel:+15551234567",
    "TEL:+15551234567",
    "sip:+15551234567@gw.example.net;user=phone",
    "sip:carol@example.org?subject=hi&priority=urgent",
    "sip:carol@example.org?Priority=urgent&Subject=hi",
    "sip:registrar.example.com",
    "sip:alice:secret@new.example.com;lr;maddr=239.255.255.1;ttl=15",
    "<sip:alice@new.example.com>",
    "mailto:alice@example.com",
};

static const char *const call_ids[] = {
    "call-1", "call-2", "a84b4c76e66710@pc33.atlanta.com", "CALL-1", "",
};

static const char *const branches[] = {
    "z9hG4bK776asdhds", "z9hG4bK-1", "z9hG4bK-2", "z9hG4bKnashds8", "776asdhds", "", "z9hG4bK", "Z9HG4BK-1",
};

static const char *const sent_bys[] = {
    "client.example.com:5060",
    "Client.Example.com:5060",
    "192.0.2.1:5060",
    "192.0.2.1",
    "[2001:db8::9]:5061",
    "proxy.example.net",
    "",
};

static const char *const from_tags[] = {"ft1", "ft2", "1928301774", ""};

static const char *const tag_lists[] = {
    "100rel",
    "timer",
    "100rel, timer",
    "precondition",
    " ,\r\n\tTIMER ,, replaces\t",
    "path, gruu, outbound",
    "sec-agree",
    "100REL",
    "x-unknown-ext",
    "timer,timer,TIMER",
    ",",
    "\r\n ",
    "100rel,\r\n precondition, timer",
    "",
};

static const char *const qvalues[] = {
    "0", "0.5", "1", "1.0", "1.000", "0.125", "0.1234", "1.5", "2", "", ".5", "0.", "1.", "0.001", "1.001",
};

static const char *const expires_values[] = {
    "0", "3600", "4294967295", "4294967296", "99999999999", "-1", "", "12a", " 60", "007",
};

/* Edge strings for any field. */
static const char *const nasty[] = {
    "",
    " ",
    "\t",
    "\r\n",
    "\r\n ",
    ",",
    ",,",
    " , ",
    "\xff",
    "\xc3\x28",
    "\xe2\x82",
    "\xed\xa0\x80",
    "\xf4\x90\x80\x80",
    "\xc0\xaf",
    "%",
    "%4",
    "%zz",
    "%00",
    "%ff%FE",
    ":",
    "sip:",
    "sips:",
    "sip:@",
    "sip:@;",
    "sip:[",
    "sip:[]",
    "sip:[::1",
    "sip:[::1]:",
    "sip:a:",
    "sip::",
    "sip:a;",
    "sip:a?",
    "sip:a?&",
    "sip:a?=&=",
    "sip:a;=",
    "sip:a;;",
    "sip:a;x=1;x=2",
    "SIP:A@B;TRANSPORT=TCP",
    "z9hG4bK",
    "z9hG4b",
    "0.",
    "1.",
    "1.0000",
    "01",
    "4294967296",
    "99999999999999999999999",
    "-0",
    "+1",
    "|",
    "||",
};

enum kind {
    K_METHOD,
    K_URI,
    K_CALLID,
    K_BRANCH,
    K_SENTBY,
    K_TAG,
    K_TAGLIST,
    K_Q,
    K_EXPIRES,
};

static const char *dict_pick(enum kind k, guint i)
{
    switch (k) {
    case K_METHOD:
        return methods[i % N(methods)];
    case K_URI:
        return uris[i % N(uris)];
    case K_CALLID:
        return call_ids[i % N(call_ids)];
    case K_BRANCH:
        return branches[i % N(branches)];
    case K_SENTBY:
        return sent_bys[i % N(sent_bys)];
    case K_TAG:
        return from_tags[i % N(from_tags)];
    case K_TAGLIST:
        return tag_lists[i % N(tag_lists)];
    case K_Q:
        return qvalues[i % N(qvalues)];
    case K_EXPIRES:
        return expires_values[i % N(expires_values)];
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Structured sip URIs */

#define USER_CHARS  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()&=+$,"
#define TOKEN_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'"
#define HOST_CHARS  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-."
#define ALNUM       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

typedef struct uparam {
    char name[16];
    char value[24];
    gboolean has_value;
} uparam_t;

/* A well-formed sip/sips URI: non-empty host, unique parameter names. */
typedef struct uri_parts {
    gboolean sips;
    gboolean has_user;
    char user[24];
    gboolean has_password;
    char password[16];
    char host[48];
    gboolean has_port;
    char port[8];
    uparam_t params[7];
    guint n_params;
    uparam_t headers[4];
    guint n_headers;
} uri_parts_t;

static const char *const param_names[] = {
    "transport", "user", "ttl", "method", "maddr", "lr", "ob", "x-foo", "gr", "comp",
};
static const char *const must_match[] = {"user", "ttl", "method", "maddr", "transport"};
static const char *const hdr_names[] = {"subject", "priority", "call-id", "x-h"};

static void gen_token(fz_t *f, char *buf, size_t size, const char *alphabet, guint minlen)
{
    size_t n = strlen(alphabet);
    guint len = minlen + u8(f) % (guint)(size - minlen);

    for (guint i = 0; i < len; i++)
        buf[i] = alphabet[u8(f) % n];
    buf[len] = '\0';
}

static gboolean parts_has_param(const uri_parts_t *u, const char *name)
{
    for (guint i = 0; i < u->n_params; i++) {
        if (g_ascii_strcasecmp(u->params[i].name, name) == 0)
            return TRUE;
    }
    return FALSE;
}

static void gen_param_value(fz_t *f, const char *name, uparam_t *p)
{
    static const char *const transports[] = {"udp", "tcp", "TLS", "sctp", "ws"};
    static const char *const users[] = {"phone", "ip", "dialstring"};
    static const char *const mets[] = {"INVITE", "register", "Bye"};
    static const char *const maddrs[] = {"239.255.255.1", "Example.COM", "[2001:db8::2]"};
    const char *v = NULL;
    guint8 b = u8(f);

    p->has_value = TRUE;
    if (strcmp(name, "transport") == 0)
        v = transports[b % N(transports)];
    else if (strcmp(name, "user") == 0)
        v = users[b % N(users)];
    else if (strcmp(name, "method") == 0)
        v = mets[b % N(mets)];
    else if (strcmp(name, "maddr") == 0)
        v = maddrs[b % N(maddrs)];
    else if (strcmp(name, "ttl") == 0) {
        g_snprintf(p->value, sizeof p->value, "%u", b);
        return;
    } else if (b & 1) {
        gen_token(f, p->value, sizeof p->value, TOKEN_CHARS, 1);
        return;
    } else {
        p->has_value = FALSE;
        p->value[0] = '\0';
        return;
    }
    g_strlcpy(p->value, v, sizeof p->value);
}

static void gen_uri_parts(fz_t *f, uri_parts_t *u)
{
    guint8 b = u8(f);

    memset(u, 0, sizeof *u);
    u->sips = (b & 1) != 0;
    u->has_user = (b & 2) != 0;
    u->has_password = u->has_user && (b & 4) != 0;
    u->has_port = (b & 8) != 0;
    if (u->has_user)
        gen_token(f, u->user, sizeof u->user, USER_CHARS, 1);
    if (u->has_password)
        gen_token(f, u->password, sizeof u->password, USER_CHARS, 0);
    switch (u8(f) % 4) {
    case 0: {
        guint32 ip = u32(f);
        g_snprintf(u->host, sizeof u->host, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255,
                   ip & 255);
        break;
    }
    case 1:
        g_snprintf(u->host, sizeof u->host, "[2001:db8::%x]", u16(f));
        break;
    default:
        gen_token(f, u->host, sizeof u->host, HOST_CHARS, 1);
        break;
    }
    if (u->has_port)
        g_snprintf(u->port, sizeof u->port, "%u", u16(f));
    for (guint n = (b >> 4) % 5, i = 0; i < n; i++) {
        const char *name = param_names[u8(f) % N(param_names)];
        if (parts_has_param(u, name))
            continue;
        uparam_t *p = &u->params[u->n_params++];
        g_strlcpy(p->name, name, sizeof p->name);
        gen_param_value(f, name, p);
    }
    for (guint n = (b >> 7) ? u8(f) % 4 : 0, i = 0; i < n; i++) {
        const char *name = hdr_names[u8(f) % N(hdr_names)];
        gboolean dup = FALSE;
        for (guint j = 0; j < u->n_headers; j++)
            dup = dup || strcmp(u->headers[j].name, name) == 0;
        if (dup)
            continue;
        uparam_t *h = &u->headers[u->n_headers++];
        g_strlcpy(h->name, name, sizeof h->name);
        h->has_value = TRUE;
        gen_token(f, h->value, sizeof h->value, ALNUM, 0);
    }
}

/* Rendering variations that keep the URI equivalent (RFC 3261 §19.1.4 as
 * sipadvisor-sip.h documents it). */
enum {
    V_SCHEME_CASE = 1 << 0, /* scheme without case */
    V_HOST_CASE = 1 << 1,   /* host without case */
    V_PARAM_CASE = 1 << 2,  /* parameter names and values without case */
    V_PARAM_ORDER = 1 << 3, /* parameters in any order */
    V_HDR_ORDER = 1 << 4,   /* headers in any order, names without case */
    V_ESCAPE = 1 << 5,      /* %HEX of unreserved characters in user/params */
    V_EXTRA_PARAM = 1 << 6, /* another parameter on one side only */
};

static void flip_case(char *s, guint8 seed)
{
    for (guint i = 0; s[i] != '\0'; i++) {
        if (((seed >> (i % 8)) & 1) && g_ascii_isalpha(s[i]))
            s[i] = g_ascii_isupper(s[i]) ? g_ascii_tolower(s[i]) : g_ascii_toupper(s[i]);
    }
}

static void append_escaped(GString *out, const char *s, gboolean escape, guint8 seed)
{
    for (guint i = 0; s[i] != '\0'; i++) {
        if (escape && g_ascii_isalnum(s[i]) && ((seed >> (i % 8)) & 1))
            g_string_append_printf(out, (seed & 0x80) ? "%%%02X" : "%%%02x", (unsigned char)s[i]);
        else
            g_string_append_c(out, s[i]);
    }
}

static char *render_uri(const uri_parts_t *in, guint variant, guint8 seed)
{
    uri_parts_t u = *in;
    GString *s = g_string_new(NULL);
    guint order[8];

    char scheme[8];
    g_strlcpy(scheme, u.sips ? "sips" : "sip", sizeof scheme);
    if (variant & V_SCHEME_CASE)
        flip_case(scheme, seed | 1);
    if (variant & V_HOST_CASE)
        flip_case(u.host, seed | 1);
    g_string_append(s, scheme);
    g_string_append_c(s, ':');
    if (u.has_user) {
        append_escaped(s, u.user, (variant & V_ESCAPE) != 0, seed);
        if (u.has_password) {
            g_string_append_c(s, ':');
            append_escaped(s, u.password, (variant & V_ESCAPE) != 0, seed);
        }
        g_string_append_c(s, '@');
    }
    g_string_append(s, u.host);
    if (u.has_port)
        g_string_append_printf(s, ":%s", u.port);
    if ((variant & V_EXTRA_PARAM) && u.n_params < N(u.params)) {
        uparam_t *p = &u.params[u.n_params++];
        g_strlcpy(p->name, "x-added", sizeof p->name);
        g_strlcpy(p->value, "1", sizeof p->value);
        p->has_value = TRUE;
    }
    for (guint i = 0; i < u.n_params; i++)
        order[i] = i;
    if (variant & V_PARAM_ORDER) {
        for (guint i = u.n_params; i > 1; i--) {
            guint j = (seed + i * 7u) % i;
            guint t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
    }
    for (guint i = 0; i < u.n_params; i++) {
        uparam_t p = u.params[order[i]];
        if (variant & V_PARAM_CASE) {
            flip_case(p.name, seed);
            flip_case(p.value, (guint8)~seed);
        }
        g_string_append_c(s, ';');
        append_escaped(s, p.name, (variant & V_ESCAPE) != 0, (guint8)(seed >> 1));
        if (p.has_value) {
            g_string_append_c(s, '=');
            append_escaped(s, p.value, (variant & V_ESCAPE) != 0, (guint8)(seed >> 2));
        }
    }
    for (guint i = 0; i < u.n_headers; i++) {
        guint k = (variant & V_HDR_ORDER) ? u.n_headers - 1 - i : i;
        uparam_t h = u.headers[k];
        if (variant & V_HDR_ORDER)
            flip_case(h.name, seed);
        g_string_append_c(s, i == 0 ? '?' : '&');
        g_string_append_printf(s, "%s=", h.name);
        append_escaped(s, h.value, (variant & V_ESCAPE) != 0, (guint8)(seed >> 3));
    }
    return g_string_free(s, FALSE);
}

/* Changes `u` so that it is no longer equivalent; FALSE if not possible. */
static gboolean make_different(fz_t *f, uri_parts_t *u, const char **what)
{
    switch (u8(f) % 7) {
    case 0: /* user compares with case */
        for (char *c = u->user; u->has_user && *c; c++) {
            if (g_ascii_isalpha(*c)) {
                *c = g_ascii_isupper(*c) ? g_ascii_tolower(*c) : g_ascii_toupper(*c);
                *what = "user case";
                return TRUE;
            }
        }
        return FALSE;
    case 1: /* an absent port does not match 5060; ports compare as text */
        if (u->has_port)
            g_strlcat(u->port, "1", sizeof u->port);
        else
            g_strlcpy(u->port, "5060", sizeof u->port);
        u->has_port = TRUE;
        *what = "port";
        return TRUE;
    case 2:
        if (strlen(u->host) + 2 >= sizeof u->host)
            return FALSE;
        memmove(u->host + 1, u->host, strlen(u->host) + 1);
        u->host[0] = 'x';
        *what = "host";
        return TRUE;
    case 3: /* a must-match parameter on one side only */
        for (guint i = 0; i < N(must_match); i++) {
            if (!parts_has_param(u, must_match[i]) && u->n_params < N(u->params)) {
                uparam_t *p = &u->params[u->n_params++];
                g_strlcpy(p->name, must_match[i], sizeof p->name);
                g_strlcpy(p->value, strcmp(must_match[i], "ttl") == 0 ? "7" : "tcp", sizeof p->value);
                p->has_value = TRUE;
                *what = "must-match parameter added";
                return TRUE;
            }
        }
        return FALSE;
    case 4: /* one more header */
        if (u->n_headers >= N(u->headers))
            return FALSE;
        g_strlcpy(u->headers[u->n_headers].name, "x-extra", sizeof u->headers[0].name);
        g_strlcpy(u->headers[u->n_headers].value, "1", sizeof u->headers[0].value);
        u->headers[u->n_headers++].has_value = TRUE;
        *what = "header added";
        return TRUE;
    case 5: /* a parameter present on both sides with another value */
        for (guint i = 0; i < u->n_params; i++) {
            if (u->params[i].has_value && strlen(u->params[i].value) + 2 < sizeof u->params[i].value) {
                g_strlcat(u->params[i].value, "9", sizeof u->params[i].value);
                *what = "parameter value";
                return TRUE;
            }
        }
        return FALSE;
    default:
        u->sips = !u->sips;
        *what = "scheme";
        return TRUE;
    }
}

/* ------------------------------------------------------------------ */
/* Side checks of the text helpers */

static void check_uri_pair(const char *a, const char *b)
{
    gboolean ab = sa_uri_equal(a, b);
    gboolean ba = sa_uri_equal(b, a);

    if (ab != ba) {
        char *x = show(a), *y = show(b);
        violation("uri-symmetry", "sa_uri_equal(\"%s\", \"%s\") = %d but reversed = %d", x, y, ab, ba);
        g_free(x);
        g_free(y);
    }
    /* What equals something is well-formed enough to equal itself. */
    if (ab || ba) {
        for (int i = 0; i < 2; i++) {
            const char *u = i == 0 ? a : b;
            if (!sa_uri_equal(u, u)) {
                char *x = show(a), *y = show(b), *z = show(u);
                violation("uri-reflexive", "\"%s\" equals \"%s\" but \"%s\" does not equal itself", x, y, z);
                g_free(x);
                g_free(y);
                g_free(z);
            }
        }
    }
}

/* The text before the first ':' names a sip or sips URI. */
static gboolean looks_sip(const char *s)
{
    const char *colon = s ? strchr(s, ':') : NULL;

    if (colon == NULL)
        return FALSE;
    return ((colon - s) == 3 && g_ascii_strncasecmp(s, "sip", 3) == 0) ||
           ((colon - s) == 4 && g_ascii_strncasecmp(s, "sips", 4) == 0);
}

static void check_uri_self(const char *a)
{
    /* Anything that is not a sip/sips URI compares as a whole string, so it
     * must equal itself; a malformed sip URI may equal nothing. */
    if (a != NULL && !looks_sip(a) && !sa_uri_equal(a, a)) {
        char *x = show(a);
        violation("uri-reflexive", "non-sip \"%s\" does not equal itself", x);
        g_free(x);
    }
}

/* Well-formed URIs: equivalent renderings must match, different ones not. */
static void check_uri_structured(fz_t *f)
{
    uri_parts_t u, d;
    guint variant = u8(f);
    guint8 seed = u8(f);
    const char *what = NULL;
    char *base, *same, *diff;

    gen_uri_parts(f, &u);
    base = render_uri(&u, 0, 0);
    same = render_uri(&u, variant, seed);
    if (!sa_uri_equal(base, base))
        violation("uri-reflexive", "well-formed \"%s\" does not equal itself", base);
    if (!sa_uri_equal(base, same))
        violation("uri-equivalent", "\"%s\" and \"%s\" differ (variation 0x%x)", base, same, variant);
    check_uri_pair(base, same);
    d = u;
    if (make_different(f, &d, &what)) {
        diff = render_uri(&d, variant & ~(guint)V_EXTRA_PARAM, seed);
        if (sa_uri_equal(base, diff))
            violation("uri-different", "\"%s\" and \"%s\" are equal (%s changed)", base, diff, what);
        check_uri_pair(base, diff);
        g_free(diff);
    }
    if (trace)
        fprintf(stderr, "uri %s ~ %s (variation 0x%x, then %s changed)\n", base, same, variant,
                what ? what : "nothing");
    remember(f, keep(f, base));
    remember(f, keep(f, same));
}

/* Reference qvalue: "0" ["." 0*3DIGIT] / "1" ["." 0*3("0")]. */
static gint ref_qvalue(const char *s)
{
    gint frac = 0, digits = 0;

    if (s == NULL || (s[0] != '0' && s[0] != '1'))
        return -1;
    if (s[1] == '\0')
        return (s[0] - '0') * 1000;
    if (s[1] != '.')
        return -1;
    for (const char *p = s + 2; *p; p++) {
        if (!g_ascii_isdigit(*p) || ++digits > 3)
            return -1;
        if (s[0] == '1' && *p != '0')
            return -1;
        frac = frac * 10 + (*p - '0');
    }
    while (digits++ < 3)
        frac *= 10;
    return (s[0] - '0') * 1000 + frac;
}

/* Reference delta-seconds: 1*DIGIT, capped at 2**32-1. */
static gint64 ref_delta(const char *s)
{
    gint64 v = 0;

    if (s == NULL || *s == '\0')
        return -1;
    for (const char *p = s; *p; p++) {
        if (!g_ascii_isdigit(*p))
            return -1;
        v = MIN(v * 10 + (*p - '0'), G_GINT64_CONSTANT(4294967295));
    }
    return v;
}

static void check_numbers(const char *s)
{
    gint q = sa_parse_qvalue(s);
    gint64 d = sa_parse_delta_seconds(s);
    char *x;

    if (q < -1 || q > 1000 || q != ref_qvalue(s)) {
        x = show(s);
        violation("qvalue", "sa_parse_qvalue(\"%s\") = %d, expected %d", x, q, ref_qvalue(s));
        g_free(x);
    }
    if (d < -1 || d > G_GINT64_CONSTANT(4294967295) || d != ref_delta(s)) {
        x = show(s);
        violation("delta-seconds",
                  "sa_parse_delta_seconds(\"%s\") = %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT, x, d,
                  ref_delta(s));
        g_free(x);
    }
}

static gboolean is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A tag set: non-empty trimmed tags without ',' and without duplicates. */
static void check_tagset(const GPtrArray *set, const char *what)
{
    if (set == NULL)
        return;
    for (guint i = 0; i < set->len; i++) {
        const char *t = g_ptr_array_index(set, i);
        size_t len = strlen(t);
        if (len == 0 || strchr(t, ',') != NULL || is_blank(t[0]) || is_blank(t[len - 1])) {
            char *x = show(t);
            violation("tagset-form", "%s holds the tag \"%s\"", what, x);
            g_free(x);
        }
        for (guint j = 0; j < i; j++) {
            if (g_ascii_strcasecmp(t, g_ptr_array_index(set, j)) == 0) {
                char *x = show(t);
                violation("tagset-duplicate", "%s holds \"%s\" twice", what, x);
                g_free(x);
            }
        }
        touch(t);
        if (sa_knowledge_option_tag(t) != NULL)
            touch(sa_knowledge_option_tag(t)->rfc);
    }
    g_free(sa_tagset_join(set));
}

/* Every tag of `diff` is in `a` and in neither `b` nor `c`, and every tag
 * of `a` that is in neither is in `diff`. */
static void check_difference(const GPtrArray *diff, const GPtrArray *a, const GPtrArray *b,
                             const GPtrArray *c, const char *what)
{
    check_tagset(diff, what);
    for (guint i = 0; diff != NULL && i < diff->len; i++) {
        const char *t = g_ptr_array_index(diff, i);
        if (!sa_tagset_contains(a, t) || sa_tagset_contains(b, t) || sa_tagset_contains(c, t)) {
            char *x = show(t);
            violation("tagset-difference", "%s holds \"%s\" (in a: %d, in b: %d, in c: %d)", what, x,
                      sa_tagset_contains(a, t), sa_tagset_contains(b, t), sa_tagset_contains(c, t));
            g_free(x);
        }
    }
    for (guint i = 0; a != NULL && i < a->len; i++) {
        const char *t = g_ptr_array_index(a, i);
        if (!sa_tagset_contains(b, t) && !sa_tagset_contains(c, t) && !sa_tagset_contains(diff, t)) {
            char *x = show(t);
            violation("tagset-difference", "%s lacks \"%s\"", what, x);
            g_free(x);
        }
    }
}

static void check_tagsets(const char *ra, const char *rb, const char *rc)
{
    GPtrArray *a = sa_tagset_new();
    GPtrArray *b = sa_tagset_new();
    GPtrArray *c = sa_tagset_new();
    GPtrArray *d;
    guint before = a->len;
    guint added = sa_tagset_add_list(a, ra);

    if (added != a->len - before)
        violation("tagset-count", "sa_tagset_add_list returned %u for %u new tags", added, a->len - before);
    before = a->len;
    added = sa_tagset_add_list(a, rb); /* a = ra + rb */
    if (added != a->len - before)
        violation("tagset-count", "sa_tagset_add_list returned %u for %u new tags", added, a->len - before);
    sa_tagset_add_list(b, rb);
    sa_tagset_add_list(c, rc);
    check_tagset(a, "tagset a");
    check_tagset(b, "tagset b");
    d = sa_tagset_difference(a, b, NULL);
    check_difference(d, a, b, NULL, "difference(a, b)");
    g_ptr_array_free(d, TRUE);
    d = sa_tagset_difference(a, b, c);
    check_difference(d, a, b, c, "difference(a, b, c)");
    g_ptr_array_free(d, TRUE);
    d = sa_tagset_difference(b, a, NULL); /* b is inside a */
    if (d->len != 0)
        violation("tagset-difference", "difference(b, a) is not empty although a holds b");
    g_ptr_array_free(d, TRUE);
    g_ptr_array_free(a, TRUE);
    g_ptr_array_free(b, TRUE);
    g_ptr_array_free(c, TRUE);
}

/* ------------------------------------------------------------------ */
/* Strings for message fields */

static const char *mutate(fz_t *f, const char *s)
{
    static const char *const tails[] = {
        " ",    "\r\n ",  ",",      ";lr",      "\xff",     "\xc3",     "%",    "?",    ":5060",
        "@",    ";x=1",   ";x=2",   ";X=1",     ";lr=on",   ";maddr=a", "?x=1", "&y=2", ";transport=UDP",
        ";ttl", ";user=", "%3Bx=1", ";method=", "@[::1]:5", ";;",       "?&",   ";=",   "%25",
    };
    GString *out = g_string_new(s ? s : "");
    guint8 b = u8(f);

    switch (b % 6) {
    case 0:
        for (gsize i = 0; i < out->len; i++)
            out->str[i] =
                g_ascii_isupper(out->str[i]) ? g_ascii_tolower(out->str[i]) : g_ascii_toupper(out->str[i]);
        break;
    case 1:
        g_string_append(out, tails[(b >> 3) % N(tails)]);
        break;
    case 2:
        g_string_prepend(out, (b & 8) ? SA_BRANCH_COOKIE : " \t");
        break;
    case 3:
        g_string_truncate(out, out->len ? (b >> 3) % out->len : 0);
        break;
    case 4: { /* long repetition (bounded) */
        guint times = 1 + (b >> 3) % 32;
        gsize len = out->len;
        for (guint i = 0; i < times && out->len < 4096 && len > 0; i++)
            g_string_append_len(out, out->str, (gssize)len);
        break;
    }
    default:
        g_string_append(out, raw_slice(f, u8(f) % 16));
        break;
    }
    return keep(f, g_string_free(out, FALSE));
}

static const char *composed(fz_t *f, enum kind k)
{
    switch (k) {
    case K_URI: {
        uri_parts_t u;
        gen_uri_parts(f, &u);
        return keep(f, render_uri(&u, u8(f), u8(f)));
    }
    case K_BRANCH:
        return keep(f, g_strdup_printf("%s%s-%u", (u8(f) & 1) ? SA_BRANCH_COOKIE : "", "fz", ++f->serial));
    case K_TAGLIST: {
        GString *s = g_string_new(NULL);
        static const char *const seps[] = {",", ", ", " ,", ",\r\n ", "\t,\t", ",,"};
        for (guint n = 1 + u8(f) % 5, i = 0; i < n; i++) {
            if (i > 0)
                g_string_append(s, seps[u8(f) % N(seps)]);
            gsize count = 0;
            const sa_option_tag_t *all = sa_knowledge_option_tags(&count);
            guint8 b = u8(f);
            if (b < 200 && count > 0)
                g_string_append(s, all[b % count].tag);
            else
                g_string_append(s, raw_slice(f, b % 8));
        }
        return keep(f, g_string_free(s, FALSE));
    }
    case K_Q: {
        guint whole = u8(f) % 3;
        int width = 1 + u8(f) % 4;
        guint frac = u16(f) % 10000;
        return keep(f, g_strdup_printf("%u.%0*u", whole, width, frac));
    }
    case K_EXPIRES: {
        guint64 v = u64(f);
        return keep(f, g_strdup_printf("%" G_GUINT64_FORMAT, v >> (u8(f) % 64)));
    }
    default:
        return mutate(f, dict_pick(k, u8(f)));
    }
}

/* One string for a field of kind `k`, or NULL. */
static const char *get_str(fz_t *f, enum kind k)
{
    guint8 b = u8(f);
    guint arg = b >> 3;
    const char *s;

    switch (b & 7) {
    case 0:
        return NULL;
    case 1:
    case 2:
        return dict_pick(k, arg);
    case 3:
        return f->pool[arg % POOL_SIZE];
    case 4: {
        size_t len = arg < 31 ? arg : 31 + (size_t)u8(f);
        s = raw_slice(f, len);
        break;
    }
    case 5:
        s = composed(f, k);
        break;
    case 6:
        s = mutate(f, (arg & 1) ? f->pool[(arg >> 1) % POOL_SIZE] : dict_pick(k, arg >> 1));
        break;
    default:
        return nasty[arg % N(nasty)];
    }
    return remember(f, s);
}

/* ------------------------------------------------------------------ */
/* Messages */

typedef struct fz_prog {
    fz_t f;
    sa_ctx_t *ctx;
    sa_msg_t msgs[MAX_MSGS];
    guint n_msgs;
    guint32 frame;
    guint32 next_index;
    guint32 frames[MAX_FRAMES]; /* distinct frames used */
    guint n_frames;
    guint time_mode;
    gint64 time_ns;
} fz_prog_t;

/* Moves to a later frame (never past G_MAXUINT32: frames only grow). */
static void advance(fz_prog_t *p, guint32 n)
{
    guint32 next = G_MAXUINT32 - p->frame < n ? G_MAXUINT32 : p->frame + n;

    if (next != p->frame) {
        p->frame = next;
        p->next_index = 0;
    }
}

/* The frame of the last message fed, 0 before the first. */
static guint32 last_msg_frame(const fz_prog_t *p)
{
    return p->n_frames > 0 ? p->frames[p->n_frames - 1] : 0;
}

static const guint statuses[] = {
    100, 180, 183, 200, 202, 301, 301, 301, 302, 305, 380, 400, 401, 403, 404, 407,
    420, 421, 421, 421, 480, 486, 487, 488, 491, 500, 503, 603, 699, 0,   99,  1000,
};

static void gen_contacts(fz_prog_t *p, sa_msg_t *m)
{
    fz_t *f = &p->f;
    guint8 b = u8(f);
    guint n = b % (MAX_CONTACTS + 1);
    sa_contact_t *c;

    m->n_contacts = n;
    m->contacts = NULL;
    if (n == 0)
        return;
    c = g_new0(sa_contact_t, n);
    g_ptr_array_add(f->arena, c);
    for (guint i = 0; i < n; i++) {
        c[i].uri = get_str(f, K_URI);
        c[i].q = get_str(f, K_Q);
        c[i].expires = get_str(f, K_EXPIRES);
        check_numbers(c[i].q);
        check_numbers(c[i].expires);
        check_uri_self(c[i].uri);
        if (i > 0)
            check_uri_pair(c[i - 1].uri, c[i].uri);
    }
    m->contacts = c;
}

static void gen_fields(fz_prog_t *p, sa_msg_t *m, guint mask)
{
    fz_t *f = &p->f;

    if (mask & 0x01)
        m->ruri = m->is_request ? get_str(f, K_URI) : NULL;
    if (mask & 0x02)
        m->call_id = get_str(f, K_CALLID);
    if (mask & 0x04) {
        guint8 b = u8(f);
        m->has_cseq = (b & 7) != 0;
        m->cseq = (b & 8) ? u32(f) : b >> 4;
        m->cseq_method = (b & 0x80) && m->is_request ? m->method : get_str(f, K_METHOD);
    }
    if (mask & 0x08) {
        m->via_sent_by = get_str(f, K_SENTBY);
        m->via_branch = get_str(f, K_BRANCH);
    }
    if (mask & 0x10) {
        m->from_tag = get_str(f, K_TAG);
        m->from_uri = get_str(f, K_URI);
    }
    if (mask & 0x20)
        m->to_uri = get_str(f, K_URI);
    if (mask & 0x40) {
        m->hdr[SA_H_REQUIRE] = get_str(f, K_TAGLIST);
        m->hdr[SA_H_SUPPORTED] = get_str(f, K_TAGLIST);
    }
    if (mask & 0x80)
        gen_contacts(p, m);
}

static const sa_msg_t *pick(fz_prog_t *p)
{
    guint8 b = u8(&p->f);

    if (p->n_msgs == 0)
        return NULL;
    /* Mostly recent messages: counted back from the last one. */
    return &p->msgs[p->n_msgs - 1 - b % p->n_msgs];
}

static const char *fresh_branch(fz_prog_t *p)
{
    return keep(&p->f, g_strdup_printf(SA_BRANCH_COOKIE "-fz%u", ++p->f.serial));
}

static void check_result(fz_prog_t *p, const sa_result_t *r, gboolean fresh);

static void add_message(fz_prog_t *p, guint flavor)
{
    fz_t *f = &p->f;
    const sa_msg_t *k = pick(p);
    sa_msg_t m = {0};
    gint64 t_ns;
    guint8 b;

    switch (flavor) {
    case 0: /* fresh request */
    case 1:
        m.is_request = TRUE;
        m.method = get_str(f, K_METHOD);
        gen_fields(p, &m, 0xff & ~0x04u);
        m.has_cseq = TRUE;
        m.cseq = u8(f);
        m.cseq_method = (u8(f) & 7) ? m.method : get_str(f, K_METHOD);
        break;
    case 2: /* response to an earlier message */
    case 3:
        if (k != NULL) {
            m = *k;
            m.cseq_method = k->is_request ? k->method : k->cseq_method;
        }
        m.is_request = FALSE;
        m.method = NULL;
        m.ruri = NULL;
        b = u8(f);
        m.status = (b & 0x80) ? u16(f) : statuses[b % N(statuses)];
        m.contacts = NULL;
        m.n_contacts = 0;
        m.hdr[SA_H_REQUIRE] = NULL;
        m.hdr[SA_H_SUPPORTED] = NULL;
        if (m.status == 301 || (m.status >= 300 && m.status < 400) || (b & 0x40))
            gen_contacts(p, &m);
        if (m.status == 421 || (b & 0x20))
            m.hdr[SA_H_REQUIRE] = get_str(f, K_TAGLIST);
        if (k == NULL)
            gen_fields(p, &m, 0x7e);
        break;
    case 4: /* retransmission */
        if (k == NULL)
            return;
        m = *k;
        break;
    case 5: /* ACK (non-2xx: same branch) */
    case 6: /* CANCEL */
        if (k != NULL)
            m = *k;
        m.is_request = TRUE;
        m.status = 0;
        m.method = m.cseq_method = flavor == 5 ? "ACK" : "CANCEL";
        m.contacts = NULL;
        m.n_contacts = 0;
        if (k != NULL && !k->is_request)
            m.ruri = NULL;
        if (m.ruri == NULL)
            m.ruri = get_str(f, K_URI);
        break;
    case 7: /* the client's retry after an earlier response */
        if (k == NULL)
            return;
        m = *k;
        m.is_request = TRUE;
        m.status = 0;
        m.method = k->is_request ? k->method : k->cseq_method;
        m.cseq_method = m.method;
        m.cseq = k->cseq + 1;
        m.has_cseq = TRUE;
        m.via_branch = (u8(f) & 3) ? fresh_branch(p) : get_str(f, K_BRANCH);
        b = u8(f);
        if (k->n_contacts > 0 && (b & 3) != 0)
            m.ruri = k->contacts[(b >> 2) % k->n_contacts].uri;
        else
            m.ruri = get_str(f, K_URI);
        if (b & 0x40) /* a new call from the same From URI */
            m.call_id = keep(f, g_strdup_printf("retry-call-%u", ++f->serial));
        if (b & 0x80) { /* supports now what the 421 required */
            m.hdr[SA_H_SUPPORTED] = k->hdr[SA_H_REQUIRE];
            if (u8(f) & 1)
                m.hdr[SA_H_SUPPORTED] = keep(f, g_strconcat(k->hdr[SA_H_REQUIRE] ? k->hdr[SA_H_REQUIRE] : "",
                                                            ",", get_str(f, K_TAGLIST), NULL));
        }
        m.contacts = NULL;
        m.n_contacts = 0;
        break;
    case 8: /* copy of an earlier message with overrides */
        if (k != NULL)
            m = *k;
        else
            m.is_request = TRUE;
        break;
    default: /* fresh response */
        m.is_request = FALSE;
        b = u8(f);
        m.status = (b & 0x80) ? u16(f) : statuses[b % N(statuses)];
        gen_fields(p, &m, 0xfe);
        break;
    }
    if (flavor >= 2 && flavor != 4) {
        guint mask = u8(f);
        if (mask & 1)
            m.is_request = !m.is_request;
        gen_fields(p, &m, mask & 0xfe);
        if (m.is_request && m.method == NULL)
            m.method = get_str(f, K_METHOD);
        if (!m.is_request && m.status == 0 && (mask & 1))
            m.status = statuses[u8(f) % N(statuses)];
    }
    if (m.is_request)
        m.status = 0;

    m.frame = p->frame;
    m.index = p->next_index++;
    t_ns = 0;
    switch (p->time_mode) {
    case 0: /* in step with the frames */
        t_ns = (gint64)p->frame * 1000000 + m.index;
        break;
    case 1: /* jitter, also backwards */
        p->time_ns += (gint16)u16(f) * G_GINT64_CONSTANT(1000000);
        t_ns = p->time_ns;
        break;
    case 2: /* any capture time within +-2**62 ns (+-146 years) */
        t_ns = (gint64)u64(f) >> 1;
        break;
    default: /* any 64-bit time (a wrapped secs * 10**9) */
        t_ns = (gint64)u64(f);
        if (is_relaxed("time-range"))
            t_ns >>= 1;
        break;
    }
    /* Capture times as Wireshark has them: seconds and 0-999,999,999 ns. */
    m.time.secs = (time_t)(t_ns / 1000000000);
    m.time.nsecs = (int)(t_ns % 1000000000);
    if (m.time.nsecs < 0) {
        m.time.secs -= 1;
        m.time.nsecs += 1000000000;
    }
    if (p->n_frames == 0 || p->frames[p->n_frames - 1] != p->frame)
        p->frames[p->n_frames++] = p->frame;

    /* Cross checks on the strings of the message. */
    check_uri_self(m.ruri);
    check_uri_pair(m.ruri, m.to_uri);
    check_uri_pair(m.from_uri, m.ruri);
    if (m.n_contacts > 0)
        check_uri_pair(m.contacts[0].uri, m.ruri);
    check_tagsets(m.hdr[SA_H_REQUIRE], m.hdr[SA_H_SUPPORTED], NULL);

    if (trace) {
        char *u = show(m.ruri), *c = show(m.call_id), *br = show(m.via_branch),
             *rq = show(m.hdr[SA_H_REQUIRE]);
        char *su = show(m.hdr[SA_H_SUPPORTED]), *cm = show(m.cseq_method);
        fprintf(stderr,
                "msg %u/%u t=%" G_GINT64_FORMAT
                " %s%s%.0u call=%s cseq=%s%u %s branch=%s require=%s supported=%s "
                "contacts=%u\n",
                m.frame, m.index, t_ns, m.is_request ? (m.method ? m.method : "(null)") : "",
                m.is_request ? " " : "", m.status, c, m.has_cseq ? "" : "-", m.cseq, cm, br, rq, su,
                m.n_contacts);
        if (m.is_request)
            fprintf(stderr, "    ruri=%s\n", u);
        for (guint i = 0; i < m.n_contacts; i++) {
            char *cu = show(m.contacts[i].uri), *q = show(m.contacts[i].q), *e = show(m.contacts[i].expires);
            fprintf(stderr, "    contact %s q=%s expires=%s\n", cu, q, e);
            g_free(cu);
            g_free(q);
            g_free(e);
        }
        g_free(u);
        g_free(c);
        g_free(br);
        g_free(rq);
        g_free(su);
        g_free(cm);
    }
    const sa_result_t *r = sa_ctx_add(p->ctx, &m);
    gboolean want = !m.is_request && sa_status_is_analysed(m.status);
    touch(sa_knowledge_status_class(m.status, SA_LANG_EN));
    if (sa_knowledge_status(m.status) != NULL)
        touch(sa_knowledge_status(m.status)->reason);
    if ((r != NULL) != want)
        violation("add-result", "sa_ctx_add returned %p for %s status %u", (const void *)r,
                  m.is_request ? "request" : "response", m.status);
    if (r != NULL) {
        if (r->frame != m.frame || r->index != m.index || r->status != m.status)
            violation("result-identity", "result %u/%u/%u for message %u/%u/%u", r->frame, r->index,
                      r->status, m.frame, m.index, m.status);
        check_result(p, r, TRUE);
    }
    p->msgs[p->n_msgs++] = m;
}

/* ------------------------------------------------------------------ */
/* Reading results back */

static gboolean in_frame_results(const sa_ctx_t *ctx, const sa_result_t *r)
{
    const GPtrArray *list = sa_ctx_frame_results(ctx, r->frame);

    for (guint i = 0; list != NULL && i < list->len; i++) {
        if (g_ptr_array_index(list, i) == r)
            return TRUE;
    }
    return FALSE;
}

static void check_result(fz_prog_t *p, const sa_result_t *r, gboolean fresh)
{
    guint32 f = r->frame;

    if (r->status != 301 && r->status != 421)
        violation("result-status", "result in frame %u has status %u", f, r->status);
    if (!in_frame_results(p->ctx, r))
        violation("result-stored", "result of frame %u/%u is not among its frame's results", f, r->index);
    touch(r->request_method);
    touch(r->request_uri);
    touch(r->moved_from);
    touch(r->retry_uri);
    sink += (size_t)r->response_time.nsecs + (size_t)r->has_response_time + (size_t)r->findings + r->match +
            r->follow + r->retry_status;
    if (sa_knowledge_status(r->status) != NULL)
        touch(sa_knowledge_status(r->status)->fix.en);
    touch(sa_knowledge_status_class(r->status, SA_LANG_EN));

    /* The request side. */
    if ((r->request_frame == 0) != (r->match == SA_MATCH_NONE))
        violation("result-match", "frame %u: request_frame %u with match %d", f, r->request_frame, r->match);
    if (r->resend && r->findings != SA_FINDING_BIT(SA_F_RESPONSE_RESENT))
        violation("result-resend-findings",
                  "frame %u: retransmission with findings 0x%" G_GINT64_MODIFIER "x", f, r->findings);
    if (!r->resend && !sa_result_has(r, r->status == 301 ? SA_F_MOVED_PERMANENTLY : SA_F_EXTENSION_REQUIRED))
        violation("result-headline", "frame %u: no finding for its status %u", f, r->status);
    if (!r->resend && (r->request_frame == 0) !=
                          (sa_result_has(r, SA_F_REQUEST_NOT_CAPTURED) || sa_result_has(r, SA_F_UNMATCHABLE)))
        violation("result-not-captured", "frame %u: request_frame %u with findings 0x%" G_GINT64_MODIFIER "x",
                  f, r->request_frame, r->findings);
    if (r->request_frame == 0 && (r->has_response_time || r->request_uri != NULL))
        violation("result-uncaptured-fields", "frame %u: no request but a response time or Request-URI", f);
    if (r->request_frame > f)
        violation("result-order", "frame %u answers a request in later frame %u", f, r->request_frame);
    if (r->resend && (r->original_frame == 0 || r->original_frame > f))
        violation("result-resend", "frame %u: resend of frame %u", f, r->original_frame);
    if (!r->resend && r->original_frame != 0)
        violation("result-resend", "frame %u: not a resend but original %u", f, r->original_frame);

    /* Follow-up. */
    if (r->last_frame < f || r->last_frame > last_msg_frame(p))
        violation("result-last-frame", "frame %u: last_frame %u (capture at %u)", f, r->last_frame,
                  last_msg_frame(p));
    if (r->ack_frame != 0 && (r->ack_frame < f || r->ack_frame > r->last_frame))
        violation("result-ack", "frame %u: ack_frame %u, last_frame %u", f, r->ack_frame, r->last_frame);
    if (r->retry_frame != 0 && r->retry_frame < f)
        violation("result-retry", "frame %u: retry in earlier frame %u", f, r->retry_frame);
    if ((r->retry_frame == 0) != (r->follow == SA_FOLLOW_NONE))
        violation("result-follow", "frame %u: retry_frame %u with follow %d", f, r->retry_frame, r->follow);
    if (r->retry_status != 0 && r->retry_frame == 0)
        violation("result-retry-status", "frame %u: retry status %u without retry", f, r->retry_status);
    if (sa_result_has(r, SA_F_NOT_FOLLOWED) &&
        (r->follow != SA_FOLLOW_NONE || r->resend || sa_result_has(r, SA_F_UNMATCHABLE)))
        violation("not-followed", "frame %u: not followed with follow %d, resend %d", f, r->follow,
                  r->resend);
    if (r->has_followup_window && !sa_result_has(r, SA_F_NOT_FOLLOWED))
        violation("followup-window", "frame %u: a follow-up window without not_followed", f);
    if (sa_result_has(r, SA_F_NO_ACK) && (r->ack_frame != 0 || g_strcmp0(r->request_method, "INVITE") != 0 ||
                                          last_msg_frame(p) <= r->last_frame))
        violation("no-ack", "frame %u: no_ack with ack %u, method %s, last_frame %u (capture at %u)", f,
                  r->ack_frame, r->request_method ? r->request_method : "(null)", r->last_frame,
                  last_msg_frame(p));

    if (r->status == 301) {
        if (r->new_uris == NULL) {
            violation("301-new-uris", "frame %u: 301 without new_uris array", f);
            return;
        }
        if (!r->resend && (r->new_uris->len == 0) != sa_result_has(r, SA_F_NO_CONTACT))
            violation("301-no-contact", "frame %u: %u new URIs with findings 0x%" G_GINT64_MODIFIER "x", f,
                      r->new_uris->len, r->findings);
        for (guint i = 0; i < r->new_uris->len; i++) {
            const sa_new_uri_t *n = &g_array_index(r->new_uris, sa_new_uri_t, i);
            gint q = sa_parse_qvalue(n->q_text);
            touch(n->uri);
            touch(n->q_text);
            if (n->uri == NULL || n->uri[0] == '\0')
                violation("301-uri", "frame %u: empty new URI %u", f, i);
            if (n->q_milli < 0 || n->q_milli > 1000 || n->q_milli != (q < 0 ? 1000 : q))
                violation("301-q", "frame %u: q_milli %d for q text", f, n->q_milli);
            if (n->expires < -1 || n->expires > G_GINT64_CONSTANT(4294967295))
                violation("301-expires", "frame %u: expires %" G_GINT64_FORMAT, f, n->expires);
            if (i > 0 && g_array_index(r->new_uris, sa_new_uri_t, i - 1).q_milli < n->q_milli)
                violation("301-order", "frame %u: new URIs not in falling q order", f);
        }
        if (r->required != NULL || r->missing != NULL || r->retry_missing != NULL)
            violation("301-tags", "frame %u: 301 with 421 tag sets", f);
        if (r->follow == SA_FOLLOW_STILL_MISSING)
            violation("301-follow", "frame %u: 301 with follow STILL_MISSING", f);
    } else if (r->status == 421) {
        if (r->required == NULL || r->supported == NULL || r->missing == NULL) {
            violation("421-sets", "frame %u: 421 without its tag sets", f);
            return;
        }
        check_tagset(r->required, "required");
        check_tagset(r->supported, "supported");
        check_tagset(r->missing, "missing");
        for (guint i = 0; i < r->missing->len; i++) {
            const char *t = g_ptr_array_index(r->missing, i);
            if (!sa_tagset_contains(r->required, t) || sa_tagset_contains(r->supported, t))
                violation("421-missing", "frame %u: missing tag not required or supported", f);
        }
        if (!r->resend && r->required->len == 0 && !sa_result_has(r, SA_F_NO_REQUIRE))
            violation("421-no-require", "frame %u: empty Require without finding", f);
        if (sa_result_has(r, SA_F_REQUIRED_ALREADY_SUPPORTED) && r->missing->len != 0)
            violation("421-already-supported", "frame %u: already supported but %u missing", f,
                      r->missing->len);
        if (r->retry_missing != NULL) {
            check_tagset(r->retry_missing, "retry_missing");
            for (guint i = 0; i < r->retry_missing->len; i++) {
                if (!sa_tagset_contains(r->missing, g_ptr_array_index(r->retry_missing, i)))
                    violation("421-retry-missing", "frame %u: retry lacks a tag that was not missing", f);
            }
            if ((r->retry_missing->len == 0) != (r->follow == SA_FOLLOW_RETRIED))
                violation("421-follow", "frame %u: %u still missing with follow %d", f, r->retry_missing->len,
                          r->follow);
        } else if (r->retry_frame != 0) {
            violation("421-follow", "frame %u: retry without retry_missing", f);
        }
        if (r->new_uris != NULL || r->follow == SA_FOLLOW_UNOFFERED_URI)
            violation("421-uris", "frame %u: 421 with 301 fields", f);
    }
    (void)fresh;
}

static void read_back(fz_prog_t *p)
{
    guint32 extra[] = {0, 1, last_msg_frame(p) + 1, G_MAXUINT32};

    for (guint i = 0; i < p->n_frames; i++) {
        guint32 frame = p->frames[i];
        const GPtrArray *results = sa_ctx_frame_results(p->ctx, frame);
        const GPtrArray *requests = sa_ctx_frame_requests(p->ctx, frame);

        for (guint j = 0; results != NULL && j < results->len; j++) {
            const sa_result_t *r = g_ptr_array_index(results, j);
            if (trace)
                fprintf(stderr,
                        "result %u/%u %u match=%d request=%u resend=%d findings=0x%" G_GINT64_MODIFIER
                        "x uris=%u missing=%u ack=%u "
                        "last=%u follow=%d retry=%u retry_status=%u\n",
                        r->frame, r->index, r->status, r->match, r->request_frame, r->resend, r->findings,
                        r->new_uris ? r->new_uris->len : 0, r->missing ? r->missing->len : 0, r->ack_frame,
                        r->last_frame, r->follow, r->retry_frame, r->retry_status);
            if (r->frame != frame)
                violation("frame-results", "frame %u holds a result of frame %u", frame, r->frame);
            check_result(p, r, FALSE);
        }
        for (guint j = 0; requests != NULL && j < requests->len; j++) {
            const sa_request_note_t *n = g_ptr_array_index(requests, j);
            if (n->frame != frame)
                violation("frame-requests", "frame %u holds a note of frame %u", frame, n->frame);
            if (n->answered_by == NULL && n->retry_of == NULL)
                violation("request-note-empty", "frame %u: empty request note", frame);
            if (n->answered_by != NULL) {
                if (n->answered_by->request_frame != frame)
                    violation("request-answered", "note in frame %u answered by a result for frame %u", frame,
                              n->answered_by->request_frame);
                if (!in_frame_results(p->ctx, n->answered_by))
                    violation("request-answered", "frame %u: answered_by is not a stored result", frame);
                check_result(p, n->answered_by, FALSE);
            }
            if (n->retry_of != NULL) {
                if (n->retry_of->retry_frame != frame)
                    violation("request-retry",
                              "note in frame %u is the retry of a result retried in frame %u", frame,
                              n->retry_of->retry_frame);
                if (!in_frame_results(p->ctx, n->retry_of))
                    violation("request-retry", "frame %u: retry_of is not a stored result", frame);
                check_result(p, n->retry_of, FALSE);
            }
        }
    }
    for (guint i = 0; i < N(extra); i++) {
        gboolean used = FALSE;
        for (guint j = 0; j < p->n_frames; j++)
            used = used || p->frames[j] == extra[i];
        if (!used && (sa_ctx_frame_results(p->ctx, extra[i]) || sa_ctx_frame_requests(p->ctx, extra[i])))
            violation("unused-frame", "frame %u has entries but no message", extra[i]);
    }
    if (sa_ctx_transaction_count(p->ctx) > p->n_msgs)
        violation("transaction-count", "%u transactions for %u messages", sa_ctx_transaction_count(p->ctx),
                  p->n_msgs);
}

/* ------------------------------------------------------------------ */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Reused: clearing 40 KB of messages per run would cost more than the
     * run; only the first n_msgs entries are ever read. */
    static fz_prog_t prog;
    fz_prog_t *p = &prog;
    fz_t *f = &p->f;
    guint8 head;

    memset(f, 0, sizeof *f);
    p->n_msgs = 0;
    p->next_index = 0;
    p->n_frames = 0;

    f->data = data;
    f->size = size;
    f->arena = g_ptr_array_new_with_free_func(g_free);
    p->ctx = sa_ctx_new();
    head = u8(f);
    p->time_mode = head % 4;
    p->frame = (head & 0x80) ? G_MAXUINT32 - 70000u : 1;
    p->time_ns = G_GINT64_CONSTANT(1700000000) * 1000000000;

    for (guint ops = 0; fz_more(f) && ops < MAX_OPS && p->n_msgs < MAX_MSGS; ops++) {
        guint8 op = u8(f);
        guint step = op >> 4;

        /* Several messages per frame, or a step to a later frame. */
        if (step >= 6)
            advance(p, step < 15 ? step - 5u : 1u + u8(f));
        switch (op & 15) {
        case 10: /* any two strings */
        case 11: {
            const char *a = get_str(f, K_URI);
            /* 10: b is a (the one in the pool or the dictionary) changed a little */
            const char *b = (op & 1) ? get_str(f, K_URI) : mutate(f, a);
            check_uri_self(a);
            check_uri_self(b);
            check_uri_pair(a, b);
            check_uri_pair(a, a);
            break;
        }
        case 12:
            check_uri_structured(f);
            break;
        case 13: {
            const char *a = get_str(f, K_TAGLIST);
            const char *b = get_str(f, K_TAGLIST);
            check_tagsets(a, b, get_str(f, K_TAGLIST));
            break;
        }
        case 14:
            check_numbers(get_str(f, (op & 0x10) ? K_Q : K_EXPIRES));
            break;
        case 15: /* a longer step between frames */
            advance(p, 1u + u16(f));
            break;
        default:
            add_message(p, op & 15);
            break;
        }
    }
    read_back(p);
    /* Then as a later pass sees it: the whole capture judged. */
    if (p->n_msgs > 0)
        sa_ctx_note_frame(p->ctx, &p->msgs[p->n_msgs - 1].time);
    sa_ctx_finish(p->ctx);
    if (!sa_ctx_finished(p->ctx))
        violation("finished", "sa_ctx_finish did not finish");
    read_back(p);
    sa_ctx_free(p->ctx);
    sa_ctx_free(NULL);
    if (sa_knowledge_option_tag(NULL) != NULL)
        violation("option-tag-null", "sa_knowledge_option_tag(NULL) is not NULL");
    g_ptr_array_free(f->arena, TRUE);
    return 0;
}
