/* test-reader.c
 * Unit tests of the SIP header reader (sipadvisor-reader.c): start lines,
 * header names and compact forms, folding and line ends, the members of
 * Via, From, To, CSeq and Contact, escaping, limits and the arena.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "sipadvisor-reader.h"

static sa_reader_t *rd;

/* Reads a NUL-terminated message; the bytes are copied into a buffer of
 * exactly their length so that reading past the end shows under valgrind
 * and ASan. */
static gboolean read_len(const char *text, gsize len, sa_msg_t *m)
{
    guint8 *copy = g_memdup2(text, len);
    gboolean ok;

    memset(m, 0, sizeof *m);
    ok = sa_reader_read(rd, copy, len, m);
    /* Nothing may point into the input. */
    memset(copy, 'Z', len);
    g_free(copy);
    return ok;
}

static gboolean read_msg(const char *text, sa_msg_t *m)
{
    return read_len(text, strlen(text), m);
}

#define RESPONSE_HEAD                                                                                        \
    "SIP/2.0 200 OK\r\n"                                                                                     \
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n"                                                   \
    "From: <sip:alice@example.com>;tag=ft\r\n"                                                               \
    "To: <sip:bob@example.com>;tag=tt\r\n"                                                                   \
    "Call-ID: call-1@192.0.2.1\r\n"                                                                          \
    "CSeq: 1 INVITE\r\n"

/* ------------------------------------------------------------------ */
/* Start lines */

static void test_request_line(void)
{
    sa_msg_t m;

    g_assert_true(read_msg("INVITE sip:bob@example.com;transport=tcp SIP/2.0\r\n\r\n", &m));
    g_assert_true(m.is_request);
    g_assert_cmpstr(m.method, ==, "INVITE");
    g_assert_cmpstr(m.ruri, ==, "sip:bob@example.com;transport=tcp");
    g_assert_cmpuint(m.status, ==, 0);
    g_assert_null(m.reason);
    g_assert_cmpuint(m.read_flags, ==, 0);

    g_assert_true(read_msg("OPTIONS sip:[2001:db8::2]:5060 SIP/2.0\n\n", &m));
    g_assert_cmpstr(m.method, ==, "OPTIONS");
    g_assert_cmpstr(m.ruri, ==, "sip:[2001:db8::2]:5060");
    /* An extension method is a method. */
    g_assert_true(read_msg("X-FOO tel:+123 SIP/2.0\r\n\r\n", &m));
    g_assert_cmpstr(m.method, ==, "X-FOO");
    g_assert_cmpstr(m.ruri, ==, "tel:+123");
    sa_reader_reset(rd);
}

static void test_status_line(void)
{
    sa_msg_t m;

    g_assert_true(read_msg("SIP/2.0 301 Moved Permanently\r\n\r\n", &m));
    g_assert_false(m.is_request);
    g_assert_null(m.method);
    g_assert_null(m.ruri);
    g_assert_cmpuint(m.status, ==, 301);
    g_assert_cmpstr(m.reason, ==, "Moved Permanently");

    g_assert_true(read_msg("SIP/2.0 421 \r\n\r\n", &m));
    g_assert_cmpuint(m.status, ==, 421);
    g_assert_cmpstr(m.reason, ==, "");

    g_assert_true(read_msg("SIP/2.0 100 Trying  \r\n\r\n", &m));
    g_assert_cmpuint(m.status, ==, 100);
    g_assert_cmpstr(m.reason, ==, "Trying");

    g_assert_true(read_msg("SIP/2.0 999 Odd\r\n\r\n", &m));
    g_assert_cmpuint(m.status, ==, 999);
    sa_reader_reset(rd);
}

static void test_bad_start_line(void)
{
    static const char *const bad[] = {
        "",
        "\r\n\r\n",
        "HTTP/1.1 200 OK\r\n\r\n",
        "SIP/2.0 200\r\n\r\n",       /* no SP after the code */
        "SIP/2.0 099 Low\r\n\r\n",   /* below 100 */
        "SIP/2.0 20 Short\r\n\r\n",  /* two digits */
        "SIP/2.0 2000 Long\r\n\r\n", /* four digits */
        "SIP/2.0 2x0 Bad\r\n\r\n",   /* not digits */
        "SIP/3.0 200 OK\r\n\r\n",    /* another version */
        "sip/2.0 200 OK\r\n\r\n",    /* the version is case-sensitive */
        "INVITE sip:a@b SIP/2.1\r\n\r\n",
        "INVITE sip:a@b SIP/2.0 \r\n\r\n", /* trailing space */
        "INVITE sip:a@b\r\n\r\n",          /* no version */
        "INVITE  sip:a@b SIP/2.0\r\n\r\n", /* empty URI */
        "INVITE nocolon SIP/2.0\r\n\r\n",  /* URI without a scheme */
        "INVITE :ab SIP/2.0\r\n\r\n",      /* empty scheme */
        " INVITE sip:a@b SIP/2.0\r\n\r\n", /* empty method */
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    };

    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        sa_msg_t m;
        /* Headers after a bad start line are not read. */
        gchar *text = g_strconcat(bad[i], "Call-ID: x\r\nRequire: y\r\n\r\n", NULL);
        g_test_message("start line %zu", i);
        g_assert_false(read_msg(text, &m));
        g_assert_cmpuint(m.read_flags & ~(guint)SA_READ_CUT_SHORT, ==, SA_READ_BAD_START_LINE);
        g_assert_false(m.is_request);
        g_assert_null(m.method);
        g_assert_cmpuint(m.status, ==, 0);
        g_assert_null(m.call_id);
        g_assert_null(m.hdr[SA_H_REQUIRE]);
        g_free(text);
    }
    /* The packet members are left alone. */
    {
        sa_msg_t m;
        memset(&m, 0, sizeof m);
        m.frame = 7;
        m.index = 2;
        m.length = 99;
        m.call_id = "stale";
        g_assert_false(sa_reader_read(rd, (const guint8 *)"junk", 4, &m));
        g_assert_cmpuint(m.frame, ==, 7);
        g_assert_cmpuint(m.index, ==, 2);
        g_assert_cmpuint(m.length, ==, 99);
        g_assert_null(m.call_id);
        g_assert_cmpuint(m.read_flags, ==, SA_READ_BAD_START_LINE | SA_READ_CUT_SHORT);
    }
    sa_reader_reset(rd);
}

/* ------------------------------------------------------------------ */
/* Header names */

static const char *const kept_names[] = {
#define TEST_NAME(id, name, compact) name,
    SA_HEADERS(TEST_NAME)
#undef TEST_NAME
};

static void assert_only_hdr(const sa_msg_t *m, const char *const *expected)
{
    for (guint i = 0; i < SA_H_COUNT; i++) {
        if (expected[i] == NULL)
            g_assert_null(m->hdr[i]);
        else
            g_assert_cmpstr(m->hdr[i], ==, expected[i]);
    }
}

static void test_every_kept_header(void)
{
    GString *text = g_string_new("SIP/2.0 200 OK\r\n");
    sa_msg_t m;

    for (guint i = 0; i < SA_H_COUNT; i++)
        g_string_append_printf(text, "%s: value-%u\r\n", kept_names[i], i);
    g_string_append(text, "\r\n");
    g_assert_true(read_msg(text->str, &m));
    for (guint i = 0; i < SA_H_COUNT; i++) {
        gchar *want = g_strdup_printf("value-%u", i);
        g_assert_cmpstr(m.hdr[i], ==, want);
        g_free(want);
    }
    /* In upper and lower case, with white space before the colon. */
    g_string_assign(text, "SIP/2.0 200 OK\r\n");
    for (guint i = 0; i < SA_H_COUNT; i++) {
        gchar *name = (i % 2) ? g_ascii_strup(kept_names[i], -1) : g_ascii_strdown(kept_names[i], -1);
        g_string_append_printf(text, "%s%s:v%u\r\n", name, (i % 3) ? "" : " \t", i);
        g_free(name);
    }
    g_string_append(text, "\r\n");
    g_assert_true(read_msg(text->str, &m));
    for (guint i = 0; i < SA_H_COUNT; i++) {
        gchar *want = g_strdup_printf("v%u", i);
        g_assert_cmpstr(m.hdr[i], ==, want);
        g_free(want);
    }
    g_assert_cmpuint(m.read_flags, ==, 0);
    g_string_free(text, TRUE);
    sa_reader_reset(rd);
}

static void test_compact_forms(void)
{
    /* All 20 compact forms (RFC 3261 §7.3.3 and later registrations). */
    const char *text = "INVITE sip:bob@example.com SIP/2.0\r\n"
                       "a: *;audio\r\n"                               /* Accept-Contact */
                       "b: <sip:ref@example.com>\r\n"                 /* Referred-By */
                       "c: application/sdp\r\n"                       /* Content-Type */
                       "d: proxy\r\n"                                 /* Request-Disposition */
                       "e: gzip\r\n"                                  /* Content-Encoding */
                       "f: Alice <sip:alice@example.com>;tag=ff\r\n"  /* From */
                       "i: compact-call@host\r\n"                     /* Call-ID */
                       "j: *;video\r\n"                               /* Reject-Contact */
                       "k: 100rel\r\n"                                /* Supported */
                       "l: 0\r\n"                                     /* Content-Length */
                       "m: <sip:alice@192.0.2.1>;expires=60\r\n"      /* Contact */
                       "n: <https://example.com/cert>\r\n"            /* Identity-Info */
                       "o: presence\r\n"                              /* Event */
                       "r: <sip:carol@example.com>\r\n"               /* Refer-To */
                       "s: hello\r\n"                                 /* Subject */
                       "t: sip:bob@example.com\r\n"                   /* To */
                       "u: refer\r\n"                                 /* Allow-Events */
                       "v: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKc\r\n" /* Via */
                       "x: 1800;refresher=uac\r\n"                    /* Session-Expires */
                       "y: abcdef==\r\n"                              /* Identity */
                       "\r\n";
    const char *expected[SA_H_COUNT] = {0};
    sa_msg_t m;

    expected[SA_H_CONTENT_TYPE] = "application/sdp";
    expected[SA_H_CONTENT_ENCODING] = "gzip";
    expected[SA_H_SUPPORTED] = "100rel";
    expected[SA_H_CONTENT_LENGTH] = "0";
    expected[SA_H_EVENT] = "presence";
    expected[SA_H_ALLOW_EVENTS] = "refer";
    expected[SA_H_SESSION_EXPIRES] = "1800;refresher=uac";
    g_assert_true(read_msg(text, &m));
    /* a is not Allow or Accept, r is not Require or Route, s is not
     * Supported or Security-*, e is not Expires, ... */
    assert_only_hdr(&m, expected);
    g_assert_cmpstr(m.from_uri, ==, "sip:alice@example.com");
    g_assert_cmpstr(m.from_tag, ==, "ff");
    g_assert_cmpstr(m.to_uri, ==, "sip:bob@example.com");
    g_assert_null(m.to_tag);
    g_assert_cmpstr(m.call_id, ==, "compact-call@host");
    g_assert_cmpuint(m.n_contacts, ==, 1);
    g_assert_cmpstr(m.contacts[0].uri, ==, "sip:alice@192.0.2.1");
    g_assert_cmpstr(m.contacts[0].expires, ==, "60");
    g_assert_cmpstr(m.via_host, ==, "192.0.2.1");
    g_assert_cmpstr(m.via_branch, ==, "z9hG4bKc");
    g_assert_false(m.has_cseq);
    g_assert_cmpuint(m.read_flags, ==, 0);

    /* Upper-case compact forms are the same headers. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nI: up\r\nK: timer\r\nM: <sip:a@b>\r\nV: SIP/2.0/TCP h\r\n"
                           "F: sip:f@g\r\nT: sip:t@u\r\nL: 12\r\nA: nope\r\n\r\n",
                           &m));
    g_assert_cmpstr(m.call_id, ==, "up");
    g_assert_cmpstr(m.hdr[SA_H_SUPPORTED], ==, "timer");
    g_assert_cmpstr(m.hdr[SA_H_CONTENT_LENGTH], ==, "12");
    g_assert_null(m.hdr[SA_H_ALLOW]);
    g_assert_null(m.hdr[SA_H_ACCEPT]);
    g_assert_cmpuint(m.n_contacts, ==, 1);
    g_assert_cmpstr(m.via_transport, ==, "TCP");
    g_assert_cmpstr(m.from_uri, ==, "sip:f@g");
    g_assert_cmpstr(m.to_uri, ==, "sip:t@u");
    sa_reader_reset(rd);
}

static void test_names_not_confused(void)
{
    const char *expected[SA_H_COUNT] = {0};
    sa_msg_t m;

    /* Prefixes, extensions and near misses of kept names are other headers. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\n"
                           "Requires: no\r\nRequire-X: no\r\nX-Require: no\r\nRequir: no\r\n"
                           "Expire: no\r\nAllow-Event: no\r\nContent: no\r\nVias: no\r\nCall-Info: no\r\n"
                           "P-Asserted-Identity: <sip:x@y>\r\nRecord-Route: <sip:p@q;lr>\r\n"
                           "Accept-Contact: *\r\nReferred-By: <sip:r@s>\r\nIdentity-Info: <x>\r\n"
                           "Subject: s\r\nRefer-To: <sip:a@b>\r\nFromage: no\r\nTop: no\r\n\r\n",
                           &m));
    assert_only_hdr(&m, expected);
    g_assert_null(m.via_host);
    g_assert_null(m.from_uri);
    g_assert_null(m.to_uri);
    g_assert_null(m.call_id);
    g_assert_cmpuint(m.n_contacts, ==, 0);
    g_assert_cmpuint(m.read_flags, ==, 0);
    sa_reader_reset(rd);
}

static void test_bad_header_lines(void)
{
    sa_msg_t m;

    g_assert_true(read_msg("SIP/2.0 200 OK\r\nno colon here\r\nCall-ID: c\r\n\r\n", &m));
    g_assert_cmpuint(m.read_flags, ==, SA_READ_BAD_HEADER);
    g_assert_cmpstr(m.call_id, ==, "c");
    g_assert_true(read_msg("SIP/2.0 200 OK\r\n: empty name\r\nRequire: r\r\n\r\n", &m));
    g_assert_cmpuint(m.read_flags, ==, SA_READ_BAD_HEADER);
    g_assert_cmpstr(m.hdr[SA_H_REQUIRE], ==, "r");
    g_assert_true(read_msg("SIP/2.0 200 OK\r\n \t: blank name\r\n\r\n", &m));
    g_assert_cmpuint(m.read_flags, ==, SA_READ_BAD_HEADER);
    /* A continuation line with no header before it. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\n Call-ID: folded\r\nCSeq: 3 BYE\r\n\r\n", &m));
    g_assert_cmpuint(m.read_flags, ==, SA_READ_BAD_HEADER);
    g_assert_null(m.call_id);
    g_assert_cmpuint(m.cseq, ==, 3);
    sa_reader_reset(rd);
}

/* ------------------------------------------------------------------ */
/* Lines */

static void test_folding(void)
{
    sa_msg_t m;

    g_assert_true(read_msg("SIP/2.0 421 Extension Required\r\n"
                           "Require: 100rel,\r\n timer\r\n"
                           "Via: SIP/2.0/UDP 192.0.2.1:5060\r\n\t ;branch=z9hG4bK-fold\r\n"
                           "Call-ID:\r\n  folded-call\r\n"
                           "Supported: a  \r\n  \r\n\tb\r\n"
                           "Contact: <sip:a@b>;q=0.5,\r\n\t<sip:c@d>;expires=60\r\n"
                           "\r\n",
                           &m));
    g_assert_cmpstr(m.hdr[SA_H_REQUIRE], ==, "100rel, timer");
    g_assert_cmpstr(m.via_sent_by, ==, "192.0.2.1:5060");
    g_assert_cmpstr(m.via_branch, ==, "z9hG4bK-fold");
    g_assert_cmpstr(m.call_id, ==, "folded-call");
    /* A white-space-only continuation is part of the fold: one space. */
    g_assert_cmpstr(m.hdr[SA_H_SUPPORTED], ==, "a b");
    g_assert_cmpuint(m.n_contacts, ==, 2);
    g_assert_cmpstr(m.contacts[0].q, ==, "0.5");
    g_assert_cmpstr(m.contacts[1].uri, ==, "sip:c@d");
    g_assert_cmpstr(m.contacts[1].expires, ==, "60");
    g_assert_cmpuint(m.read_flags, ==, 0);
    /* LF-only folds. */
    g_assert_true(read_msg("SIP/2.0 200 OK\nRequire: a,\n b\n\n", &m));
    g_assert_cmpstr(m.hdr[SA_H_REQUIRE], ==, "a, b");
    sa_reader_reset(rd);
}

static void test_line_ends(void)
{
    static const char *const variants[] = {
        "SIP/2.0 200 OK\r\nCall-ID: c\r\nRequire: r\r\n\r\nBody: not a header\r\n",
        "SIP/2.0 200 OK\nCall-ID: c\nRequire: r\n\nBody: not a header\n",
        "SIP/2.0 200 OK\r\nCall-ID: c\nRequire: r\r\n\nBody: not a header\r\n",
        "SIP/2.0 200 OK\nCall-ID: c\r\nRequire: r\n\r\nBody: not a header\n",
    };

    for (gsize i = 0; i < G_N_ELEMENTS(variants); i++) {
        sa_msg_t m;
        g_assert_true(read_msg(variants[i], &m));
        g_assert_cmpuint(m.status, ==, 200);
        g_assert_cmpstr(m.reason, ==, "OK");
        g_assert_cmpstr(m.call_id, ==, "c");
        g_assert_cmpstr(m.hdr[SA_H_REQUIRE], ==, "r");
        /* The body is not read. */
        g_assert_null(m.hdr[SA_H_REQUIRE + 1]);
        g_assert_cmpuint(m.read_flags, ==, 0);
    }
    /* A CR that is not followed by LF is a byte of the value. */
    {
        sa_msg_t m;
        g_assert_true(read_msg("SIP/2.0 200 OK\r\nCall-ID: a\rb\r\n\r\n", &m));
        g_assert_cmpstr(m.call_id, ==, "a\\x0db");
    }
    sa_reader_reset(rd);
}

static void test_several_values(void)
{
    sa_msg_t m;

    g_assert_true(read_msg("SIP/2.0 421 Extension Required\r\n"
                           "Require: a\r\n"
                           "Supported: x, y\r\n"
                           "Require: b\r\n"
                           "require: c, d\r\n"
                           "WWW-Authenticate: Digest realm=\"a\\\"b\", nonce=\"1\"\r\n"
                           "WWW-Authenticate: Digest realm=\"other\"\r\n"
                           "Call-ID: first\r\n"
                           "i: second\r\n"
                           "CSeq: 5 INVITE\r\n"
                           "CSeq: 6 ACK\r\n"
                           "From: <sip:first@a>;tag=1\r\n"
                           "f: <sip:second@a>;tag=2\r\n"
                           "To: <sip:first@b>\r\n"
                           "To: <sip:second@b>;tag=3\r\n"
                           "\r\n",
                           &m));
    g_assert_cmpstr(m.hdr[SA_H_REQUIRE], ==, "a\nb\nc, d");
    g_assert_cmpstr(m.hdr[SA_H_SUPPORTED], ==, "x, y");
    /* Quoted strings stay as written (with the backslash escaped). */
    g_assert_cmpstr(m.hdr[SA_H_WWW_AUTHENTICATE], ==,
                    "Digest realm=\"a\\x5c\"b\", nonce=\"1\"\nDigest realm=\"other\"");
    g_assert_cmpstr(m.call_id, ==, "first");
    g_assert_cmpuint(m.cseq, ==, 5);
    g_assert_cmpstr(m.cseq_method, ==, "INVITE");
    g_assert_cmpstr(m.from_uri, ==, "sip:first@a");
    g_assert_cmpstr(m.from_tag, ==, "1");
    g_assert_cmpstr(m.to_uri, ==, "sip:first@b");
    g_assert_null(m.to_tag);
    /* Empty lines of a header count as lines. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nRequire:\r\nRequire: b\r\nRequire:  \r\n\r\n", &m));
    g_assert_cmpstr(m.hdr[SA_H_REQUIRE], ==, "\nb\n");
    sa_reader_reset(rd);
}

static void test_missing_headers(void)
{
    sa_msg_t m;

    g_assert_true(read_msg("SIP/2.0 200 OK\r\n\r\n", &m));
    g_assert_null(m.call_id);
    g_assert_false(m.has_cseq);
    g_assert_cmpuint(m.cseq, ==, 0);
    g_assert_null(m.cseq_method);
    g_assert_null(m.via_transport);
    g_assert_null(m.via_host);
    g_assert_cmpuint(m.via_port, ==, 0);
    g_assert_null(m.via_sent_by);
    g_assert_null(m.via_branch);
    g_assert_null(m.from_uri);
    g_assert_null(m.from_tag);
    g_assert_null(m.to_uri);
    g_assert_null(m.to_tag);
    g_assert_null(m.contacts);
    g_assert_cmpuint(m.n_contacts, ==, 0);
    g_assert_false(m.contact_star);
    for (guint i = 0; i < SA_H_COUNT; i++)
        g_assert_null(m.hdr[i]);
    g_assert_cmpuint(m.read_flags, ==, 0);
    sa_reader_reset(rd);
}

/* ------------------------------------------------------------------ */
/* Members */

static void test_cseq(void)
{
    sa_msg_t m;

    g_assert_true(read_msg("SIP/2.0 200 OK\r\nCSeq:   42\t INVITE  \r\n\r\n", &m));
    g_assert_true(m.has_cseq);
    g_assert_cmpuint(m.cseq, ==, 42);
    g_assert_cmpstr(m.cseq_method, ==, "INVITE");
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nCSeq: 4294967295 BYE\r\n\r\n", &m));
    g_assert_true(m.has_cseq);
    g_assert_cmpuint(m.cseq, ==, 4294967295u);
    g_assert_cmpstr(m.cseq_method, ==, "BYE");
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nCSeq: 0 ACK\r\n\r\n", &m));
    g_assert_true(m.has_cseq);
    g_assert_cmpuint(m.cseq, ==, 0);
    /* Too large: no number, still a method. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nCSeq: 4294967296 BYE\r\n\r\n", &m));
    g_assert_false(m.has_cseq);
    g_assert_cmpuint(m.cseq, ==, 0);
    g_assert_cmpstr(m.cseq_method, ==, "BYE");
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nCSeq: 99999999999999999999999 BYE\r\n\r\n", &m));
    g_assert_false(m.has_cseq);
    /* Not a number at all: nothing. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nCSeq: INVITE\r\n\r\n", &m));
    g_assert_false(m.has_cseq);
    g_assert_null(m.cseq_method);
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nCSeq: -1 INVITE\r\n\r\n", &m));
    g_assert_false(m.has_cseq);
    g_assert_null(m.cseq_method);
    /* A number without a method. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nCSeq: 7\r\n\r\n", &m));
    g_assert_true(m.has_cseq);
    g_assert_cmpuint(m.cseq, ==, 7);
    g_assert_null(m.cseq_method);
    /* The first CSeq counts even when it is broken. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nCSeq: x\r\nCSeq: 8 BYE\r\n\r\n", &m));
    g_assert_false(m.has_cseq);
    sa_reader_reset(rd);
}

static void test_via(void)
{
    sa_msg_t m;

    g_assert_true(read_msg("SIP/2.0 200 OK\r\n"
                           "Via: SIP/2.0/UDP pc33.example.com:5061;received=192.0.2.9;branch=z9hG4bK776\r\n"
                           "Via: SIP/2.0/TCP second.example.com;branch=z9hG4bK2\r\n\r\n",
                           &m));
    g_assert_cmpstr(m.via_transport, ==, "UDP");
    g_assert_cmpstr(m.via_host, ==, "pc33.example.com");
    g_assert_cmpuint(m.via_port, ==, 5061);
    g_assert_cmpstr(m.via_sent_by, ==, "pc33.example.com:5061");
    g_assert_cmpstr(m.via_branch, ==, "z9hG4bK776");

    /* White space around '/', ':', ';' and '=', names in any case. */
    g_assert_true(
        read_msg("SIP/2.0 200 OK\r\n"
                 "VIA: SIP / 2.0 / tls  Host.Example : 5070 ; rport ; BRANCH = z9hG4bKx ; ttl=3\r\n\r\n",
                 &m));
    g_assert_cmpstr(m.via_transport, ==, "tls");
    g_assert_cmpstr(m.via_host, ==, "Host.Example");
    g_assert_cmpuint(m.via_port, ==, 5070);
    g_assert_cmpstr(m.via_sent_by, ==, "Host.Example:5070");
    g_assert_cmpstr(m.via_branch, ==, "z9hG4bKx");

    /* IPv6 keeps its brackets; no port. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nv: SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK6\r\n\r\n", &m));
    g_assert_cmpstr(m.via_host, ==, "[2001:db8::1]");
    g_assert_cmpuint(m.via_port, ==, 0);
    g_assert_cmpstr(m.via_sent_by, ==, "[2001:db8::1]");
    g_assert_true(
        read_msg("SIP/2.0 200 OK\r\nv: SIP/2.0/UDP [2001:db8::1]:5062;branch=z9hG4bK6\r\n\r\n", &m));
    g_assert_cmpstr(m.via_host, ==, "[2001:db8::1]");
    g_assert_cmpuint(m.via_port, ==, 5062);
    g_assert_cmpstr(m.via_sent_by, ==, "[2001:db8::1]:5062");

    /* Several values in one line: only the first counts. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\n"
                           "Via: SIP/2.0/UDP first.example.com:5060;branch=z9hG4bK1, SIP/2.0/UDP "
                           "second.example.com:5080;branch=z9hG4bK2\r\n\r\n",
                           &m));
    g_assert_cmpstr(m.via_sent_by, ==, "first.example.com:5060");
    g_assert_cmpstr(m.via_branch, ==, "z9hG4bK1");
    g_assert_true(read_msg("SIP/2.0 200 OK\r\n"
                           "Via: SIP/2.0/UDP first.example.com, SIP/2.0/UDP second;branch=z9hG4bK2\r\n\r\n",
                           &m));
    g_assert_cmpstr(m.via_sent_by, ==, "first.example.com");
    g_assert_null(m.via_branch);

    /* A port at the very end of the line (Wireshark 4.0 misses this one). */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1:5060\r\n\r\n", &m));
    g_assert_cmpuint(m.via_port, ==, 5060);
    g_assert_null(m.via_branch);

    /* A quoted parameter value with a comma and a semicolon. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;x=\"a,b;c\";branch=z9hG4bKq\r\n\r\n", &m));
    g_assert_cmpstr(m.via_branch, ==, "z9hG4bKq");

    /* Empty branch, branch without a value, a port that is not one. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h:99999;branch=\r\n\r\n", &m));
    g_assert_cmpstr(m.via_branch, ==, "");
    g_assert_cmpuint(m.via_port, ==, 0);
    g_assert_cmpstr(m.via_sent_by, ==, "h:99999");
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch\r\n\r\n", &m));
    g_assert_null(m.via_branch);
    g_assert_cmpstr(m.via_sent_by, ==, "h");

    /* Not a Via value: nothing, and the next Via does not replace it. */
    g_assert_true(
        read_msg("SIP/2.0 200 OK\r\nVia: garbage;branch=x\r\nVia: SIP/2.0/UDP h;branch=y\r\n\r\n", &m));
    g_assert_null(m.via_transport);
    g_assert_null(m.via_host);
    g_assert_null(m.via_branch);
    sa_reader_reset(rd);
}

static void test_from_to(void)
{
    sa_msg_t m;

    g_assert_true(read_msg("SIP/2.0 200 OK\r\n"
                           "From: \"Doe, John\" <sip:john@example.com;transport=tcp>;tag=ft;x=1\r\n"
                           "To: Bob Smith <sip:bob@example.com> ; TAG = tt\r\n\r\n",
                           &m));
    g_assert_cmpstr(m.from_uri, ==, "sip:john@example.com;transport=tcp");
    g_assert_cmpstr(m.from_tag, ==, "ft");
    g_assert_cmpstr(m.to_uri, ==, "sip:bob@example.com");
    g_assert_cmpstr(m.to_tag, ==, "tt");

    /* addr-spec: the parameters are header parameters. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nFrom: sip:alice@example.com;tag=a1\r\n"
                           "To: tel:+15551234 \r\n\r\n",
                           &m));
    g_assert_cmpstr(m.from_uri, ==, "sip:alice@example.com");
    g_assert_cmpstr(m.from_tag, ==, "a1");
    g_assert_cmpstr(m.to_uri, ==, "tel:+15551234");
    g_assert_null(m.to_tag);

    /* A tag inside the URI is not the header tag. */
    g_assert_true(read_msg(
        "SIP/2.0 200 OK\r\nFrom: <sip:a@b;tag=uri>\r\nTo: <sip:c@d;tag=uri>;xtag=1;tag=real\r\n\r\n", &m));
    g_assert_cmpstr(m.from_uri, ==, "sip:a@b;tag=uri");
    g_assert_null(m.from_tag);
    g_assert_cmpstr(m.to_tag, ==, "real");

    /* Quoted display names with escapes and angle brackets. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nFrom: \"a \\\"<b>\\\" c\" <sip:q@r>;tag=q\r\n\r\n", &m));
    g_assert_cmpstr(m.from_uri, ==, "sip:q@r");
    g_assert_cmpstr(m.from_tag, ==, "q");

    /* Unreadable: unterminated quote, no '>', no scheme. */
    g_assert_true(
        read_msg("SIP/2.0 200 OK\r\nFrom: \"open <sip:a@b>;tag=1\r\nTo: <sip:a@b;tag=2\r\n\r\n", &m));
    g_assert_null(m.from_uri);
    g_assert_null(m.from_tag);
    g_assert_null(m.to_uri);
    g_assert_null(m.to_tag);
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nFrom: nobody;tag=1\r\n\r\n", &m));
    g_assert_null(m.from_uri);
    sa_reader_reset(rd);
}

static void test_contacts(void)
{
    sa_msg_t m;

    g_assert_true(
        read_msg("SIP/2.0 301 Moved Permanently\r\n"
                 "Contact: \"Doe, John\" <sip:j@d>;q=0.1, <tel:+1234;phone-context=x>; expires=30 ; Q=0.7\r\n"
                 "m: sip:a@b;q=0.5;Expires=10, <sip:c@d;transport=tcp;q=9>;q=0.3\r\n"
                 "Contact: Bob <sips:bob@[2001:db8::1]:5061>, <urn:x:y>\r\n"
                 "\r\n",
                 &m));
    g_assert_cmpuint(m.n_contacts, ==, 6);
    g_assert_false(m.contact_star);
    g_assert_cmpstr(m.contacts[0].uri, ==, "sip:j@d");
    g_assert_cmpstr(m.contacts[0].params, ==, "q=0.1");
    g_assert_cmpstr(m.contacts[0].q, ==, "0.1");
    g_assert_null(m.contacts[0].expires);
    g_assert_cmpstr(m.contacts[1].uri, ==, "tel:+1234;phone-context=x");
    g_assert_cmpstr(m.contacts[1].params, ==, "expires=30 ; Q=0.7");
    g_assert_cmpstr(m.contacts[1].q, ==, "0.7");
    g_assert_cmpstr(m.contacts[1].expires, ==, "30");
    /* addr-spec: q and expires are header parameters. */
    g_assert_cmpstr(m.contacts[2].uri, ==, "sip:a@b");
    g_assert_cmpstr(m.contacts[2].params, ==, "q=0.5;Expires=10");
    g_assert_cmpstr(m.contacts[2].q, ==, "0.5");
    g_assert_cmpstr(m.contacts[2].expires, ==, "10");
    /* name-addr: a q inside the brackets is a URI parameter. */
    g_assert_cmpstr(m.contacts[3].uri, ==, "sip:c@d;transport=tcp;q=9");
    g_assert_cmpstr(m.contacts[3].q, ==, "0.3");
    g_assert_cmpstr(m.contacts[4].uri, ==, "sips:bob@[2001:db8::1]:5061");
    g_assert_null(m.contacts[4].params);
    g_assert_null(m.contacts[4].q);
    g_assert_cmpstr(m.contacts[5].uri, ==, "urn:x:y");
    g_assert_cmpuint(m.read_flags, ==, 0);

    /* Quoted parameter values with commas and angle brackets. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\n"
                           "Contact: <sip:a@b>;+sip.instance=\"<urn:uuid:1,2>\";q=0.4, <sip:c@d>\r\n\r\n",
                           &m));
    g_assert_cmpuint(m.n_contacts, ==, 2);
    g_assert_cmpstr(m.contacts[0].params, ==, "+sip.instance=\"<urn:uuid:1,2>\";q=0.4");
    g_assert_cmpstr(m.contacts[0].q, ==, "0.4");
    g_assert_cmpstr(m.contacts[1].uri, ==, "sip:c@d");

    /* Star. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nContact: *\r\nExpires: 0\r\n\r\n", &m));
    g_assert_true(m.contact_star);
    g_assert_cmpuint(m.n_contacts, ==, 0);
    g_assert_null(m.contacts);
    g_assert_cmpstr(m.hdr[SA_H_EXPIRES], ==, "0");

    /* Empty elements are skipped; an unreadable entry ends its line. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\n"
                           "Contact: , <sip:a@b>,,\r\n"
                           "Contact: <sip:c@d>, junk, <sip:e@f>\r\n"
                           "Contact: <sip:g@h\r\n"
                           "Contact: <sip:i@j>\r\n\r\n",
                           &m));
    g_assert_cmpuint(m.n_contacts, ==, 3);
    g_assert_cmpstr(m.contacts[0].uri, ==, "sip:a@b");
    g_assert_cmpstr(m.contacts[1].uri, ==, "sip:c@d");
    g_assert_cmpstr(m.contacts[2].uri, ==, "sip:i@j");
    g_assert_cmpuint(m.read_flags, ==, SA_READ_BAD_CONTACT);

    /* Parameters without values. */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nContact: <sip:a@b>;q;expires=;x\r\n\r\n", &m));
    g_assert_cmpuint(m.n_contacts, ==, 1);
    g_assert_null(m.contacts[0].q);
    g_assert_cmpstr(m.contacts[0].expires, ==, "");
    g_assert_cmpstr(m.contacts[0].params, ==, "q;expires=;x");
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nContact: <sip:a@b>;\r\n\r\n", &m));
    g_assert_null(m.contacts[0].params);
    sa_reader_reset(rd);
}

/* ------------------------------------------------------------------ */
/* Escaping */

static void test_escaping(void)
{
    static const char text[] = "SIP/2.0 200 O\x01K\r\n"
                               "Call-ID: a\0b\\c\x7f\x1b"
                               "d\r\n"
                               "Require: caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x98\x80, bad\xff\xfe, "
                               "cut\xc3, over\xc0\xaf, sur\xed\xa0\x80, c1\xc2\x85, big\xf4\x90\x80\x80\r\n"
                               "Supported: a\tb\r\n"
                               "From: <sip:\xc3\x28@x>;tag=t\\1\r\n"
                               "\r\n";
    sa_msg_t m;

    g_assert_true(read_len(text, sizeof text - 1, &m));
    g_assert_cmpstr(m.reason, ==, "O\\x01K");
    g_assert_cmpstr(m.call_id, ==, "a\\x00b\\x5cc\\x7f\\x1bd");
    g_assert_cmpstr(m.hdr[SA_H_REQUIRE], ==,
                    "caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x98\x80, bad\\xff\\xfe, cut\\xc3, over\\xc0\\xaf, "
                    "sur\\xed\\xa0\\x80, c1\\xc2\\x85, big\\xf4\\x90\\x80\\x80");
    g_assert_cmpstr(m.hdr[SA_H_SUPPORTED], ==, "a b");
    g_assert_cmpstr(m.from_uri, ==, "sip:\\xc3(@x");
    g_assert_cmpstr(m.from_tag, ==, "t\\x5c1");
    /* The escaped text of a backslash differs from a literal "\x5c". */
    g_assert_true(read_msg("SIP/2.0 200 OK\r\nCall-ID: \\x5c\r\n\r\n", &m));
    g_assert_cmpstr(m.call_id, ==, "\\x5cx5c");
    sa_reader_reset(rd);
}

/* ------------------------------------------------------------------ */
/* Cut data and limits */

static const char full_message[] = "SIP/2.0 301 Moved Permanently\r\n"
                                   "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-cut\r\n"
                                   "From: \"A, B\" <sip:a@example.com>;tag=f\r\n"
                                   "To: <sip:b@example.com>;tag=t\r\n"
                                   "Call-ID: cut@192.0.2.1\r\n"
                                   "CSeq: 12 INVITE\r\n"
                                   "Contact: <sip:x@example.net>;q=0.5, <sip:y@example.net>;expires=10\r\n"
                                   "Require: 100rel,\r\n timer\r\n"
                                   "\r\n"
                                   "body";

static void test_cut_everywhere(void)
{
    gsize full = sizeof full_message - 1;
    gsize headers_end = (gsize)(strstr(full_message, "\r\n\r\n") - full_message) + 4;

    for (gsize len = 0; len <= full; len++) {
        sa_msg_t m;
        gboolean ok = read_len(full_message, len, &m);
        /* A cut inside a name or a Contact entry makes it unreadable. */
        g_assert_true((m.read_flags & ~(guint)(SA_READ_CUT_SHORT | SA_READ_BAD_START_LINE |
                                               SA_READ_BAD_HEADER | SA_READ_BAD_CONTACT)) == 0);
        if (len >= headers_end) {
            g_assert_true(ok);
            g_assert_cmpuint(m.read_flags, ==, 0);
            g_assert_cmpstr(m.call_id, ==, "cut@192.0.2.1");
            g_assert_cmpstr(m.hdr[SA_H_REQUIRE], ==, "100rel, timer");
            g_assert_cmpuint(m.n_contacts, ==, 2);
        } else {
            g_assert_true(m.read_flags & SA_READ_CUT_SHORT);
            /* "SIP/2.0 301 " is the shortest status line. */
            g_assert_true(ok == (len >= 12));
        }
        sa_reader_reset(rd);
    }
    /* Cut inside a value: what was there is kept. */
    {
        sa_msg_t m;
        gsize at = (gsize)(strstr(full_message, "@192.0.2.1\r\nCSeq") - full_message);
        g_assert_true(read_len(full_message, at, &m));
        g_assert_cmpstr(m.call_id, ==, "cut");
        g_assert_cmpuint(m.read_flags, ==, SA_READ_CUT_SHORT);
        /* Cut between the CR and the LF of the empty line. */
        g_assert_true(read_len(full_message, headers_end - 1, &m));
        g_assert_cmpuint(m.read_flags, ==, SA_READ_CUT_SHORT);
        g_assert_cmpstr(m.hdr[SA_H_REQUIRE], ==, "100rel, timer");
    }
    sa_reader_reset(rd);
}

static void test_header_cap(void)
{
    GString *text = g_string_new("SIP/2.0 421 Extension Required\r\nCall-ID: big\r\n");
    sa_msg_t m;
    gsize complete;

    while (text->len <= SA_READER_MAX_HEADER_BYTES + 1000)
        g_string_append(text, "Require: tag-0123456789\r\n");
    g_string_append(text, "CSeq: 1 INVITE\r\n\r\n");
    g_assert_true(read_len(text->str, text->len, &m));
    g_assert_cmpuint(m.read_flags, ==, SA_READ_HEADERS_CUT);
    g_assert_cmpstr(m.call_id, ==, "big");
    /* The CSeq after the cap is not read. */
    g_assert_false(m.has_cseq);
    g_assert_nonnull(m.hdr[SA_H_REQUIRE]);
    g_assert_true(g_str_has_prefix(m.hdr[SA_H_REQUIRE], "tag-0123456789\ntag-0123456789\n"));
    /* Every whole line before the cap: 14 bytes and a '\n' each. */
    complete = (SA_READER_MAX_HEADER_BYTES - strlen("SIP/2.0 421 Extension Required\r\nCall-ID: big\r\n")) /
               strlen("Require: tag-0123456789\r\n");
    g_assert_cmpuint(strlen(m.hdr[SA_H_REQUIRE]), ==, complete * 15 - 1);
    sa_reader_reset(rd);

    /* One line longer than the cap. */
    g_string_assign(text, "SIP/2.0 200 OK\r\nCall-ID: ");
    while (text->len <= SA_READER_MAX_HEADER_BYTES)
        g_string_append(text,
                        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    g_string_append(text, "\r\n\r\n");
    g_assert_true(read_len(text->str, text->len, &m));
    g_assert_cmpuint(m.read_flags, ==, SA_READ_HEADERS_CUT);
    /* A header line that the cap cuts is not read. */
    g_assert_null(m.call_id);
    sa_reader_reset(rd);

    /* A start line longer than the cap is read up to the cap. */
    g_string_assign(text, "SIP/2.0 200 ");
    while (text->len <= SA_READER_MAX_HEADER_BYTES)
        g_string_append(text, "OKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOK");
    g_string_append(text, "\r\n\r\n");
    g_assert_true(read_len(text->str, text->len, &m));
    g_assert_cmpuint(m.read_flags, ==, SA_READ_HEADERS_CUT);
    g_assert_cmpuint(strlen(m.reason), ==, SA_READER_MAX_HEADER_BYTES - 12);

    /* Exactly at the cap, with its empty line: no flag. */
    g_string_assign(text, "SIP/2.0 200 OK\r\nCall-ID: ");
    while (text->len < SA_READER_MAX_HEADER_BYTES - 4)
        g_string_append_c(text, 'y');
    g_string_append(text, "\r\n\r\n");
    g_assert_cmpuint(text->len, ==, SA_READER_MAX_HEADER_BYTES);
    g_assert_true(read_len(text->str, text->len, &m));
    g_assert_cmpuint(m.read_flags, ==, 0);
    g_string_free(text, TRUE);
    sa_reader_reset(rd);
}

static void test_contact_cap(void)
{
    GString *text = g_string_new("SIP/2.0 301 Moved Permanently");
    sa_msg_t m;

    for (guint i = 0; i < SA_READER_MAX_CONTACTS + 10; i++)
        g_string_append_printf(text, "%s<sip:u%u@example.com>;q=0.%u", i % 100 == 0 ? "\r\nContact: " : ", ",
                               i, i % 10);
    g_string_append(text, "\r\n\r\n");
    g_assert_true(read_len(text->str, text->len, &m));
    g_assert_cmpuint(m.n_contacts, ==, SA_READER_MAX_CONTACTS);
    g_assert_cmpuint(m.read_flags, ==, SA_READ_CONTACTS_CUT);
    g_assert_cmpstr(m.contacts[0].uri, ==, "sip:u0@example.com");
    g_assert_cmpstr(m.contacts[SA_READER_MAX_CONTACTS - 1].uri, ==, "sip:u16383@example.com");
    g_assert_cmpstr(m.contacts[SA_READER_MAX_CONTACTS - 1].q, ==, "0.3");
    g_string_free(text, TRUE);
    sa_reader_reset(rd);
}

/* ------------------------------------------------------------------ */
/* The arena */

static void test_strings_live_until_reset(void)
{
    sa_msg_t msgs[200];
    gchar *texts[G_N_ELEMENTS(msgs)];

    /* Many messages between resets: every earlier message stays intact. */
    for (guint i = 0; i < G_N_ELEMENTS(msgs); i++) {
        GString *t = g_string_new(NULL);
        g_string_append_printf(t, "INVITE sip:u%u@example.com SIP/2.0\r\nCall-ID: call-%u\r\n", i, i);
        g_string_append_printf(t, "Require: r%u\r\nRequire: s%u\r\n", i, i);
        for (guint k = 0; k < i % 7; k++)
            g_string_append_printf(t, "Contact: <sip:c%u-%u@example.com>;expires=%u\r\n", i, k, k);
        /* Now and then a value larger than an arena block. */
        if (i % 50 == 0) {
            g_string_append(t, "Supported: ");
            for (guint k = 0; k < 3000; k++)
                g_string_append(t, "abcdefghij");
            g_string_append(t, "\r\n");
        }
        g_string_append(t, "\r\n");
        texts[i] = g_string_free(t, FALSE);
        g_assert_true(read_msg(texts[i], &msgs[i]));
    }
    for (guint i = 0; i < G_N_ELEMENTS(msgs); i++) {
        gchar *want = g_strdup_printf("call-%u", i);
        g_assert_cmpstr(msgs[i].call_id, ==, want);
        g_free(want);
        want = g_strdup_printf("r%u\ns%u", i, i);
        g_assert_cmpstr(msgs[i].hdr[SA_H_REQUIRE], ==, want);
        g_free(want);
        g_assert_cmpuint(msgs[i].n_contacts, ==, i % 7);
        for (guint k = 0; k < i % 7; k++) {
            want = g_strdup_printf("sip:c%u-%u@example.com", i, k);
            g_assert_cmpstr(msgs[i].contacts[k].uri, ==, want);
            g_free(want);
        }
        if (i % 50 == 0)
            g_assert_cmpuint(strlen(msgs[i].hdr[SA_H_SUPPORTED]), ==, 30000);
        g_free(texts[i]);
    }
    sa_reader_reset(rd);
}

static void test_reuse(void)
{
    sa_reader_t *own = sa_reader_new();

    /* One reader over many messages and resets (run under valgrind). */
    for (guint i = 0; i < 5000; i++) {
        sa_msg_t m = {0};
        gchar *text = g_strdup_printf(
            RESPONSE_HEAD "Contact: <sip:a%u@b>;q=0.%u, <sip:c@d>\r\nRequire: x%u\r\n\r\n", i, i % 10, i);
        g_assert_true(sa_reader_read(own, (const guint8 *)text, strlen(text), &m));
        g_assert_cmpuint(m.n_contacts, ==, 2);
        g_assert_cmpstr(m.via_branch, ==, "z9hG4bK-1");
        g_free(text);
        if (i % 3 == 0)
            sa_reader_reset(own);
    }
    sa_reader_free(own);
    sa_reader_free(NULL);
    /* A reader that is freed without a reset, and one never used. */
    own = sa_reader_new();
    {
        sa_msg_t m;
        g_assert_true(sa_reader_read(own, (const guint8 *)"SIP/2.0 200 OK\r\n\r\n", 18, &m));
    }
    sa_reader_free(own);
    sa_reader_free(sa_reader_new());
}

int main(int argc, char **argv)
{
    int status;

    g_test_init(&argc, &argv, NULL);
    rd = sa_reader_new();
    g_test_add_func("/reader/start-line/request", test_request_line);
    g_test_add_func("/reader/start-line/status", test_status_line);
    g_test_add_func("/reader/start-line/bad", test_bad_start_line);
    g_test_add_func("/reader/names/every-kept-header", test_every_kept_header);
    g_test_add_func("/reader/names/compact-forms", test_compact_forms);
    g_test_add_func("/reader/names/not-confused", test_names_not_confused);
    g_test_add_func("/reader/names/bad-lines", test_bad_header_lines);
    g_test_add_func("/reader/lines/folding", test_folding);
    g_test_add_func("/reader/lines/line-ends", test_line_ends);
    g_test_add_func("/reader/lines/several-values", test_several_values);
    g_test_add_func("/reader/lines/missing", test_missing_headers);
    g_test_add_func("/reader/members/cseq", test_cseq);
    g_test_add_func("/reader/members/via", test_via);
    g_test_add_func("/reader/members/from-to", test_from_to);
    g_test_add_func("/reader/members/contacts", test_contacts);
    g_test_add_func("/reader/escaping", test_escaping);
    g_test_add_func("/reader/limits/cut-everywhere", test_cut_everywhere);
    g_test_add_func("/reader/limits/header-cap", test_header_cap);
    g_test_add_func("/reader/limits/contact-cap", test_contact_cap);
    g_test_add_func("/reader/arena/strings-live-until-reset", test_strings_live_until_reset);
    g_test_add_func("/reader/arena/reuse", test_reuse);
    status = g_test_run();
    sa_reader_free(rd);
    return status;
}
