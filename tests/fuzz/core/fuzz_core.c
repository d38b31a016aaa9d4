/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * fuzz_core.c
 * libFuzzer harness for the sipadvisor analysis core: the engine
 * (sipadvisor-analysis.c), the rules and their texts (sipadvisor-rules.c),
 * the SIP helpers (sipadvisor-sip.c) and the knowledge tables; GLib and
 * wsutil only.
 *
 * The input is a small program (tests/fuzz/core/make_seeds.py writes
 * inputs with the same encoding). Its first byte chooses the time mode
 * (bits 0-2: frame-locked, jitter, any ns within +-2**62, any 64-bit ns,
 * any seconds, nanoseconds out of range, long steps forward, steps back),
 * a last non-SIP frame an hour after the last message (bit 5), whether
 * sa_ctx_note_frame and sa_ctx_finish run after every message (bit 6) and
 * the first frame number (bit 7: near 2**32). Then each opcode byte (low
 * nibble; the high one steps to a later frame) either builds one sa_msg_t
 * and feeds it to one sa_ctx_t, or runs a side check of the SIP helpers
 * (10-14; 15 steps many frames ahead).
 * Messages (0-9): fresh requests; responses to an earlier message with the
 * headers their status is read for (the rules' status table 300 301 302
 * 305 380 401 405 407 413 415 420 421 422 423 489 494 513, explained-only
 * and unregistered codes, 1xx/2xx, codes outside 100-699; Retry-After on
 * any); retransmissions; ACK; CANCEL; the client's retry after an earlier
 * response (same call or a new one, same or another method, a
 * Request-URI that is an offered Contact, any earlier URI or an earlier
 * Request-URI, so that redirect chains loop; with the fix the response
 * asked for: Supported, Require, Session-Expires/Min-SE/Expires,
 * Security-Verify, credentials for the challenge, an accepted
 * Content-Type or allowed Event, TCP and a smaller size, the new
 * destination or a Route through the proxy, the Retry-After wait); copies
 * with field overrides; fresh responses. Any message may then get any
 * header of sa_msg_t.hdr[], endpoints (IPv4, IPv6, unknown, where an
 * earlier URI points; ports), a transport (also an invalid one), a length
 * and an absurd capture time.
 *
 * Strings are NUL-terminated copies of input slices (any byte but NUL, so
 * also invalid UTF-8), entries of small realistic dictionaries (one per
 * kind of value: tag lists, delta-seconds, mechanisms, challenges and
 * credentials with quoted strings and escapes, methods, media types,
 * encodings, event packages, Retry-After with comment and duration,
 * Route), values composed from parts, earlier strings from a pool (so that
 * Call-IDs, branches and URIs repeat), or sip URIs assembled from parts.
 *
 * Every result is checked when sa_ctx_add returns it, and again with every
 * request note when all stored results are read back: before and after
 * sa_ctx_note_frame (every message's time) and sa_ctx_finish. Among the
 * invariants (INVARIANT names in brackets):
 *   - a result exactly for final non-2xx responses (300-699), stored in its
 *     frame, with the kind that the status table and Retry-After give
 *     [add-result, result-identity, result-stored, result-kind];
 *   - a first copy of an analysed kind has exactly one headline finding
 *     (SA_F_MOVED_PERMANENTLY..SA_F_TOO_LARGE), the one of its kind and
 *     status; an EXPLAIN result has no findings and is not followed up; a
 *     retransmission has only RESPONSE_RESENT (nothing for EXPLAIN) and is
 *     not followed up [result-headline, result-explain, result-resend*];
 *   - request_frame, match, REQUEST_NOT_CAPTURED/UNMATCHABLE, the request's
 *     method and URI, ack/last/retry frames agree [result-*, no-ack];
 *   - retry_state FIXED <=> FOLLOWED; UNFIXED => exactly one of
 *     RETRY_UNFIXED, RETRY_WRONG_DESTINATION, RETRY_TOO_EARLY, none of them
 *     otherwise; retry_frame != 0 <=> FIXED or UNFIXED <=> retry_detail;
 *     the retry's request note and Request-URI; NOT_FOLLOWED => state NONE
 *     and not resend, unmatchable, auth_rejected or redirect_loop; a first
 *     copy never retried is NOT_FOLLOWED exactly when its rule expects a
 *     retry (sa_rules_expects_retry), and has a follow-up window unless
 *     the credentials were refused or it is a loop [retry-*, request-retry,
 *     not-followed, followup-window*];
 *   - MISSING_HEADER <=> missing_header != NULL, REDIRECT_LOOP <=> loop_uri
 *     != NULL, and a retransmission has neither string [missing-header,
 *     redirect-loop, *-resend]; the header each rule finds missing, and the
 *     findings only some kinds have [kind-missing, finding-kind];
 *   - items: known ids of the result's kind, depth 0, or depth 1 right
 *     after the item they belong to ("new_uri.q" under "new_uri"); values
 *     of their type; STRING and TAG items non-NULL and valid UTF-8 when
 *     every input string was; TAG items a tag set; what is read from the
 *     request only when it was captured [item-*]; the rule's relations: the
 *     new URIs by falling q and counted, the 305 proxy, 421 missing =
 *     required - supported, auth_rejected with credentials and no stale
 *     nonce, one Retry-After item [redirect-*, 421-*, auth-*, ...];
 *   - retry_choice is -1 or the first offered URI that equals the retry's
 *     Request-URI (set when a 300/301/302 was followed or went to the old
 *     destination); the response time, the Retry-After verdict and the
 *     follow-up window agree with exact arithmetic on the capture times
 *     (the window with the capture end that sa_ctx_finish judged, which
 *     must be the latest noted; "-far" when times are 2**31 s apart);
 *     chain_prev is the result the request retried [retry-choice,
 *     response-time, retry-after-verdict*, followup-window*, chain];
 *   - every text (sa_finding_detail of each set finding in both languages,
 *     with and without the frame; sa_result_fix in both; sa_result_info;
 *     the headline's detail and summary that the tree label of
 *     packet-sipadvisor.c reads) returns without crashing, fix and info
 *     non-NULL for analysed kinds, no fix for EXPLAIN, valid UTF-8 when the
 *     inputs were [text-*, tree-headline*];
 *   - sa_rules_check() is NULL; the status table, the rules of every kind
 *     and the findings' texts are what this file expects [rules-*,
 *     finding-texts, harness-tables];
 *   - side checks: sa_uri_equal is symmetric, reflexive and follows RFC
 *     3261 §19.1.4 on structured URIs; option-tag sets and differences;
 *     qvalue, delta-seconds and delta-prefix parsing against reference
 *     parsers; list items trimmed, split as RFC 3261 quotes them on the
 *     reader's text (a backslash arrives as \x5c); auth parsing; URI hosts
 *     and IP literals round-trip [uri-*, tagset-*, qvalue, delta-*,
 *     list-*, auth-parse, uri-host, ip-roundtrip].
 *
 * An invariant violation prints "INVARIANT <name>: ..." and calls abort().
 * SIPADVISOR_FUZZ_RELAX="name,name" (or "all") reports those once and goes
 * on instead, so that a known violation does not stop a long run; the name
 * "time-range" keeps capture times normalised and within +-2**62 ns, and
 * the names of the known crashes and leaks of crashes/README.md
 * ("494-no-mechanism", "method-intern") keep the generator away from them.
 * SIPADVISOR_FUZZ_TRACE=1 prints every message and result (to check what a
 * seed does).
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

#include <wsutil/nstime.h>

#include "sipadvisor-analysis.h"
#include "sipadvisor-knowledge.h"
#include "sipadvisor-rules.h"
#include "sipadvisor-sip.h"

#define MAX_MSGS      256  /* messages per input */
#define MAX_OPS       1024 /* opcodes per input */
#define MAX_CONTACTS  8    /* Contact entries per message */
#define MANY_CONTACTS 70   /* a long Contact list (the core keeps 64 expires) */
#define POOL_SIZE     16   /* reusable strings */
#define MAX_RAW       512  /* longest raw slice */
#define MAX_FRAMES    (MAX_MSGS + 8)

#define NS_PER_S 1000000000

typedef __int128 i128; /* exact sums of capture times */

/* ------------------------------------------------------------------ */
/* Invariant reporting */

static char **relaxed; /* names from SIPADVISOR_FUZZ_RELAX */
static gboolean relax_all;
static GHashTable *reported; /* relaxed names already printed */
static volatile size_t sink; /* keeps the reads of results alive */
static gboolean trace;       /* SIPADVISOR_FUZZ_TRACE: print messages and results */

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
/* Dictionaries. The side checks (opcodes 10-14) and the inputs in
 * crashes/ pick from the first nine: their entries keep their places. */

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
    "sip:bob@192.0.2.20;maddr=192.0.2.30",
    "sip:proxy@192.0.2.2:5060;lr",
    "sip:192.0.2.20:5070;lr",
    "sip:bob@[2001:db8::20]:5062;transport=tcp",
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
    "100rel\ntimer",
    "sec-agree, path\nsec-agree",
};

static const char *const qvalues[] = {
    "0", "0.5", "1", "1.0", "1.000", "0.125", "0.1234", "1.5", "2", "", ".5", "0.", "1.", "0.001", "1.001",
};

static const char *const expires_values[] = {
    "0", "3600", "4294967295", "4294967296", "99999999999", "-1", "", "12a", " 60", "007",
};

/* Session-Expires, Min-SE, Expires, Min-Expires. */
static const char *const deltas[] = {
    "90",
    "1800",
    "90;refresher=uac",
    "1800; refresher=uas",
    "0",
    "60",
    "3600",
    "4294967296",
    "99999999999999999999",
    "abc",
    "",
    " 120 ",
    "-5",
    "1e3",
    "30 (comment)",
    "7200\n90",
    ";90",
    "600;x",
};

/* Security-Server, -Client, -Verify (RFC 3329). */
static const char *const mechanisms[] = {
    "ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;spi-c=3333;spi-s=4444;port-c=5062;port-s=5064",
    "tls;q=0.2",
    "digest;d-qop=auth;q=0.1",
    "ipsec-3gpp; alg=hmac-md5-96; spi-c=1, tls",
    "tls;q=0.2\nipsec-3gpp;q=0.1",
    "x-mech;p=\"quoted,comma;semi\"",
    "TLS ;Q=0.2",
    "tls;q=0.2, tls;q=0.2",
    ",",
    "",
    "<tls>",
    "x-mech;p=\"a\\x5c\",b\", tls",
};

/* WWW-Authenticate, Proxy-Authenticate. Backslashes reach the core as
 * \x5c (sipadvisor-msg.h); raw ones are kept too, for robustness. */
static const char *const challenges[] = {
    "Digest realm=\"atlanta.example.com\", nonce=\"84a4cc6f30\", algorithm=MD5, qop=\"auth,auth-int\"",
    "Digest realm=\"example.com\", nonce=\"x\", stale=true",
    "Digest realm=\"example.com\", nonce=\"y\", stale=TRUE, algorithm=SHA-256",
    "Digest realm=\"a\\\"b,c\", nonce=\"z\"",
    "Digest realm=\"a\\x5c\"b,c\", nonce=\"z\"",
    "Basic realm=\"example.com\"",
    "Digest realm=unquoted.example.com, nonce=1",
    "Digest",
    "Digest ,,, realm",
    "Digest realm=\"r1\", nonce=\"n\"\nDigest realm=\"r2\", nonce=\"m\"",
    "Digest stale=true, realm=\"\xe4\xbe\x8b.example\"",
    "Digest realm=\"example.com\", stale=\"true\"",
    "",
    ",",
    "Digest realm=\"example.com\",stale=false,qop=auth",
};

/* Authorization, Proxy-Authorization. */
static const char *const credentials[] = {
    "Digest username=\"alice\", realm=\"atlanta.example.com\", uri=\"sip:bob@b.example\", response=\"75\"",
    "Digest username=\"bob\", realm=\"example.com\", nonce=\"x\", response=\"0\"",
    "Digest realm=\"r2\", username=\"carol\"",
    "Basic YWxpY2U6c2VjcmV0",
    "Digest username=\"a\\\"b\", realm=\"a\\\"b,c\"",
    "Digest username=\"a\\x5c\"b\", realm=\"a\\x5c\"b,c\"",
    "Digest username=\"\"",
    "Digest username=\"\xe7\x94\xa8\xe6\x88\xb7\", realm=\"\xe4\xbe\x8b.example\"",
    "",
    "Digest realm=\"r1\"\nDigest realm=\"r2\", username=\"dave\"",
};

/* Allow. */
static const char *const method_lists[] = {
    "INVITE, ACK, CANCEL, BYE, OPTIONS",
    "REGISTER",
    "INVITE,ACK,CANCEL,BYE,UPDATE,PRACK,SUBSCRIBE,NOTIFY,REFER,MESSAGE,INFO,PUBLISH,OPTIONS",
    "invite",
    ",",
    "",
    "MESSAGE\nOPTIONS",
    "INVITE;x=1",
    "PUBLISH , SUBSCRIBE",
};

/* Accept. */
static const char *const media_lists[] = {
    "application/sdp",
    "application/sdp, multipart/mixed",
    "text/*",
    "*/*",
    "application/*;q=0.5",
    "application/pidf+xml",
    "APPLICATION/SDP",
    "message/sipfrag;version=2.0",
    "",
    "/",
    "text/",
    "*/",
    "application/sdp;level=1, text/plain;charset=\"utf-8,x\"",
};

static const char *const encodings[] = {"gzip", "identity", "gzip, deflate", "br", "", "GZIP;q=0.5", "*"};

static const char *const languages[] = {"en", "en, zh-CN;q=0.8", "fr", "*", "", "zh-Hans"};

/* Content-Type (of a request). */
static const char *const content_types[] = {
    "application/sdp",
    "application/sdp; charset=utf-8",
    "text/plain",
    "multipart/mixed;boundary=\"a;b\"",
    "application/pidf+xml",
    "TEXT/PLAIN",
    "",
    ";x",
    "message/sipfrag",
    "application/vnd.3gpp.sms",
};

static const char *const content_lengths[] = {"0", "142", "1500", "99999999999", "", " 0 ", "abc", "00"};

/* Event (of a request). */
static const char *const events[] = {
    "presence",   "dialog",   "reg", "message-summary", "presence;id=1",
    "refer;id=5", "Presence", "",    "x-unknown",       "conference;call-id=\"a;b\"",
};

/* Allow-Events. */
static const char *const event_lists[] = {
    "presence, dialog", "reg", "message-summary, presence.winfo", "refer", "", ",", "PRESENCE\ndialog",
};

/* Retry-After (RFC 3261 §20.33). */
static const char *const retry_afters[] = {
    "120",
    "120 (I'm in a meeting)",
    "3600;duration=1800",
    "5 (back soon) ;duration=60",
    "0",
    "(no number)",
    "18000;duration=3600;x=y",
    "60 ((nested) comment)",
    "300 (",
    "7 )(",
    "4294967296",
    "9;duration=abc",
    "30\n60",
    "abc",
    "1 (\xe4\xbc\x9a\xe8\xae\xae)",
    "2 ()",
    "3 (a;duration=4)",
};

static const char *const routes[] = {
    "<sip:proxy.example.com;lr>",
    "<sip:192.0.2.20;lr>, <sip:p2.example.com;lr>",
    "sip:192.0.2.20:5070;lr",
    "<sip:[2001:db8::20];lr>",
    "<sip:",
    "\"Name, x\" <sip:a@b;lr>",
    "",
    "<sip:proxy@192.0.2.2:5060;lr>",
    "\"Bob \\x5c\"the proxy\\x5c\", x\" <sip:192.0.2.20;lr>",
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
    "\"",
    "\"\\",
    "\\",
    "(",
    ")",
    ";",
    "=",
    "<",
    ">",
    "\n",
    "\xef\xbb\xbf",
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
    K_DELTA,
    K_SECURITY,
    K_CHALLENGE,
    K_CREDENTIALS,
    K_METHODS,
    K_MEDIA,
    K_ENCODINGS,
    K_LANGUAGES,
    K_CTYPE,
    K_CLENGTH,
    K_EVENT,
    K_EVENTS,
    K_RETRY_AFTER,
    K_ROUTE,
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
    case K_DELTA:
        return deltas[i % N(deltas)];
    case K_SECURITY:
        return mechanisms[i % N(mechanisms)];
    case K_CHALLENGE:
        return challenges[i % N(challenges)];
    case K_CREDENTIALS:
        return credentials[i % N(credentials)];
    case K_METHODS:
        return method_lists[i % N(method_lists)];
    case K_MEDIA:
        return media_lists[i % N(media_lists)];
    case K_ENCODINGS:
        return encodings[i % N(encodings)];
    case K_LANGUAGES:
        return languages[i % N(languages)];
    case K_CTYPE:
        return content_types[i % N(content_types)];
    case K_CLENGTH:
        return content_lengths[i % N(content_lengths)];
    case K_EVENT:
        return events[i % N(events)];
    case K_EVENTS:
        return event_lists[i % N(event_lists)];
    case K_RETRY_AFTER:
        return retry_afters[i % N(retry_afters)];
    case K_ROUTE:
        return routes[i % N(routes)];
    }
    return NULL;
}

/* The kind of value each header of sa_msg_t.hdr[] holds. */
static enum kind header_kind(guint h)
{
    switch (h) {
    case SA_H_REQUIRE:
    case SA_H_SUPPORTED:
    case SA_H_PROXY_REQUIRE:
    case SA_H_UNSUPPORTED:
        return K_TAGLIST;
    case SA_H_SESSION_EXPIRES:
    case SA_H_MIN_SE:
    case SA_H_EXPIRES:
    case SA_H_MIN_EXPIRES:
        return K_DELTA;
    case SA_H_ALLOW:
        return K_METHODS;
    case SA_H_ACCEPT:
        return K_MEDIA;
    case SA_H_ACCEPT_ENCODING:
    case SA_H_CONTENT_ENCODING:
        return K_ENCODINGS;
    case SA_H_ACCEPT_LANGUAGE:
        return K_LANGUAGES;
    case SA_H_ALLOW_EVENTS:
        return K_EVENTS;
    case SA_H_EVENT:
        return K_EVENT;
    case SA_H_SECURITY_SERVER:
    case SA_H_SECURITY_CLIENT:
    case SA_H_SECURITY_VERIFY:
        return K_SECURITY;
    case SA_H_WWW_AUTHENTICATE:
    case SA_H_PROXY_AUTHENTICATE:
        return K_CHALLENGE;
    case SA_H_AUTHORIZATION:
    case SA_H_PROXY_AUTHORIZATION:
        return K_CREDENTIALS;
    case SA_H_RETRY_AFTER:
        return K_RETRY_AFTER;
    case SA_H_CONTENT_TYPE:
        return K_CTYPE;
    case SA_H_CONTENT_LENGTH:
        return K_CLENGTH;
    case SA_H_ROUTE:
        return K_ROUTE;
    default:
        return K_URI;
    }
}

static const char *const header_names[SA_H_COUNT] = {
#define SA_HEADER_NAME(id, name, compact) [SA_H_##id] = name,
    SA_HEADERS(SA_HEADER_NAME)
#undef SA_HEADER_NAME
};
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

static gboolean is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
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

/* Reference delta prefix (Session-Expires, Min-SE, Retry-After): the text
 * before the first ';', trimmed, up to white space or '(', as delta-seconds. */
static gint64 ref_delta_prefix(const char *s)
{
    const char *b = s;
    const char *e;
    char *token;
    gint64 v;

    if (s == NULL)
        return -1;
    e = s + strcspn(s, ";");
    while (b < e && is_blank(*b))
        b++;
    while (e > b && is_blank(e[-1]))
        e--;
    token = g_strndup(b, (gsize)(e - b));
    token[strcspn(token, " \t(")] = '\0';
    v = ref_delta(token);
    g_free(token);
    return v;
}

static void check_delta_prefix(const char *s)
{
    gint64 d = sa_parse_delta_prefix(s);

    if (d != ref_delta_prefix(s)) {
        char *x = show(s);
        violation("delta-prefix",
                  "sa_parse_delta_prefix(\"%s\") = %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT, x, d,
                  ref_delta_prefix(s));
        g_free(x);
    }
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
    check_delta_prefix(s);
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

/* In the reader's text every backslash starts \xNN (lower-case hex): a
 * byte it escaped, \x5c for a backslash (sipadvisor-msg.h). */
static gboolean reader_escapes(const char *s)
{
    for (const char *p = s; (p = strchr(p, '\\')) != NULL; p += 4) {
        if (p[1] != 'x' || !g_ascii_isxdigit(p[2]) || !g_ascii_isxdigit(p[3]) || g_ascii_isupper(p[2]) ||
            g_ascii_isupper(p[3]))
            return FALSE;
    }
    return TRUE;
}

/* One byte of the original value: a character, or a \xNN escape. */
static size_t unit_len(const char *p)
{
    return p[0] == '\\' ? 4 : 1;
}

/* Reference list split (RFC 3261 §7.3.1, §25.1) on the reader's text: items
 * end at ',' and at the '\n' that joins lines, outside <...> and quoted
 * strings; in a quoted string, a quoted-pair (an original backslash, \x5c)
 * escapes what follows it, so an escaped '"' does not end the string. */
static GPtrArray *ref_list_split(const char *value)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    const char *start = value;
    const char *p = value;
    gboolean quoted = FALSE;
    int angle = 0;

    for (;;) {
        gboolean end = *p == '\0';
        if (!end) {
            if (quoted && g_str_has_prefix(p, "\\x5c")) {
                p += 4;
                if (*p != '\0')
                    p += unit_len(p);
                continue;
            }
            if (quoted)
                quoted = *p != '"';
            else if (*p == '"')
                quoted = TRUE;
            else if (*p == '<')
                angle++;
            else if (*p == '>' && angle > 0)
                angle--;
            else if ((*p == ',' || *p == '\n') && angle == 0)
                end = TRUE;
        }
        if (end) {
            const char *b = start;
            const char *e = p;
            while (b < e && is_blank(*b))
                b++;
            while (e > b && is_blank(e[-1]))
                e--;
            if (e > b)
                g_ptr_array_add(out, g_strndup(b, (gsize)(e - b)));
            if (*p == '\0')
                return out;
            start = ++p;
            continue;
        }
        p += unit_len(p);
    }
}

/* The helpers the rules read header values with. */
static void check_list_helpers(const char *value, gboolean utf8)
{
    GPtrArray *items = sa_list_split(value);

    if (value != NULL && reader_escapes(value)) {
        GPtrArray *ref = ref_list_split(value);
        gboolean same = ref->len == items->len;
        for (guint i = 0; same && i < ref->len; i++)
            same = strcmp(g_ptr_array_index(ref, i), g_ptr_array_index(items, i)) == 0;
        if (!same) {
            char *x = show(value);
            char *first = show(items->len > 0 ? g_ptr_array_index(items, 0) : NULL);
            char *want = show(ref->len > 0 ? g_ptr_array_index(ref, 0) : NULL);
            violation(
                "list-split",
                "sa_list_split(\"%s\") gives %u items (first \"%s\"), RFC 3261 quoting %u (first \"%s\")", x,
                items->len, first, ref->len, want);
            g_free(x);
            g_free(first);
            g_free(want);
        }
        g_ptr_array_free(ref, TRUE);
    }
    for (guint i = 0; i < items->len; i++) {
        const char *item = g_ptr_array_index(items, i);
        size_t len = strlen(item);
        char *token = sa_item_token(item);
        char *param = sa_item_param(item, (i & 1) ? "q" : "duration");
        if (len == 0 || is_blank(item[0]) || is_blank(item[len - 1]) ||
            (utf8 && !g_utf8_validate(item, -1, NULL))) {
            char *x = show(value), *y = show(item);
            violation("list-item", "sa_list_split(\"%s\") gives the item \"%s\"", x, y);
            g_free(x);
            g_free(y);
        }
        if (token == NULL || strchr(token, ';') != NULL ||
            (*token != '\0' && (is_blank(token[0]) || is_blank(token[strlen(token) - 1])))) {
            char *x = show(item), *y = show(token);
            violation("list-item", "sa_item_token(\"%s\") = \"%s\"", x, y);
            g_free(x);
            g_free(y);
        }
        if (utf8 && param != NULL && !g_utf8_validate(param, -1, NULL)) {
            char *x = show(item);
            violation("list-item", "sa_item_param(\"%s\") is not valid UTF-8", x);
            g_free(x);
        }
        touch(token);
        touch(param);
        g_free(token);
        g_free(param);
    }
    g_ptr_array_free(items, TRUE);
}

static void check_auth_helpers(const char *value, gboolean utf8)
{
    sa_auth_t a;
    gboolean ok = sa_auth_parse(value, &a);

    if (ok && (a.scheme == NULL || a.scheme[0] == '\0' || strpbrk(a.scheme, " \t\r\n,") != NULL)) {
        char *x = show(value), *y = show(a.scheme);
        violation("auth-parse", "sa_auth_parse(\"%s\") gives the scheme \"%s\"", x, y);
        g_free(x);
        g_free(y);
    }
    if (!ok && (a.scheme || a.realm || a.algorithm || a.qop || a.username || a.stale))
        violation("auth-parse", "sa_auth_parse failed but filled the result");
    if (utf8 && ((a.realm && !g_utf8_validate(a.realm, -1, NULL)) ||
                 (a.username && !g_utf8_validate(a.username, -1, NULL)) ||
                 (a.scheme && !g_utf8_validate(a.scheme, -1, NULL)))) {
        char *x = show(value);
        violation("auth-parse", "sa_auth_parse(\"%s\") gives invalid UTF-8", x);
        g_free(x);
    }
    touch(a.realm);
    touch(a.qop);
    sa_auth_clear(&a);
}

/* Host, port and maddr of a URI; an IP literal host round-trips through
 * sa_endpoint_text. */
static void check_uri_host(const char *uri)
{
    char *host = NULL;
    char *maddr = NULL;
    guint port = 7;
    sa_endpoint_t ep = {{0}, 0, 0};

    if (!sa_uri_host(uri, &host, &port, &maddr)) {
        if (host != NULL || maddr != NULL || port != 0)
            violation("uri-host", "sa_uri_host failed but filled the result");
        return;
    }
    if (host == NULL || port > 65535) {
        char *x = show(uri);
        violation("uri-host", "sa_uri_host(\"%s\"): host %s, port %u", x, host ? "set" : "NULL", port);
        g_free(x);
    }
    for (const char *c = host; c != NULL && *c; c++) {
        if (g_ascii_isupper(*c)) {
            char *x = show(uri);
            violation("uri-host", "sa_uri_host(\"%s\"): the host keeps upper case", x);
            g_free(x);
            break;
        }
    }
    for (int i = 0; i < 2; i++) {
        const char *h = i == 0 ? host : maddr;
        if (h != NULL && sa_ip_literal(h, &ep)) {
            sa_endpoint_t back = {{0}, 0, 0};
            char *text = sa_endpoint_text(&ep, FALSE);
            char *with_port = sa_endpoint_text(&ep, TRUE);
            if ((ep.addr_len != 4 && ep.addr_len != 16) || !sa_ip_literal(text, &back) ||
                back.addr_len != ep.addr_len || memcmp(back.addr, ep.addr, ep.addr_len) != 0) {
                char *x = show(h);
                violation("ip-roundtrip", "\"%s\" reads as %u bytes, written \"%s\"", x, ep.addr_len, text);
                g_free(x);
            }
            touch(with_port);
            g_free(text);
            g_free(with_port);
        }
    }
    g_free(host);
    g_free(maddr);
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

/* "a, b, c" of `n` picks from a dictionary, with assorted separators. */
static char *joined(fz_t *f, const char *const *dict, gsize size, guint n)
{
    static const char *const seps[] = {", ", ",", " , ", "\n", ",\t", ", , "};
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < n; i++) {
        if (i > 0)
            g_string_append(s, seps[u8(f) % N(seps)]);
        g_string_append(s, dict[u8(f) % size]);
    }
    return g_string_free(s, FALSE);
}

/* A number as delta-seconds: small, large, around 2**32, or huge. */
static char *delta_text(fz_t *f)
{
    guint8 b = u8(f);

    switch (b & 3) {
    case 0:
        return g_strdup_printf("%u", u8(f));
    case 1:
        return g_strdup_printf("%u", u16(f));
    case 2:
        return g_strdup_printf("%" G_GUINT64_FORMAT, (guint64)G_MAXUINT32 - 2 + (b >> 2) % 5);
    default:
        return g_strdup_printf("%" G_GUINT64_FORMAT "%s", u64(f) >> (u8(f) % 64), (b & 4) ? "0000" : "");
    }
}

static const char *const realms[] = {
    "example.com", "atlanta.example.com",  "",    "Example.COM", "a\\\"b,c",
    "a\\x5c\"b",   "\xe4\xbe\x8b.example", "a,b", "r2",
};

/* A challenge or credentials line: scheme and parameters, realm from a small set so that they match. */
static char *auth_text(fz_t *f, gboolean credentials_side)
{
    static const char *const schemes[] = {"Digest", "digest", "DIGEST", "Basic", "NTLM", ""};
    static const char *const users[] = {"alice",    "bob", "", "a\\\"b", "\xe7\x94\xa8\xe6\x88\xb7",
                                        "a\\x5c\"b"};
    static const char *const seps[] = {", ", ",", " , ", ",\t", " "};
    GString *s = g_string_new(schemes[u8(f) % N(schemes)]);
    guint n = u8(f) % 7;

    for (guint i = 0; i < n; i++) {
        guint8 b = u8(f);
        g_string_append(s, i == 0 ? " " : seps[u8(f) % N(seps)]);
        switch (b % 10) {
        case 0:
        case 1:
            g_string_append_printf(s, "realm=\"%s\"", realms[(b >> 4) % N(realms)]);
            break;
        case 2:
            g_string_append_printf(s, "realm=%s", realms[(b >> 4) % N(realms)]);
            break;
        case 3:
            g_string_append_printf(s, "nonce=\"%08x\"", u32(f));
            break;
        case 4: {
            static const char *const algs[] = {"MD5", "SHA-256", "MD5-sess", "AKAv1-MD5", "\"MD5\""};
            g_string_append_printf(s, "algorithm=%s", algs[(b >> 4) % N(algs)]);
            break;
        }
        case 5: {
            static const char *const qops[] = {"\"auth\"", "\"auth,auth-int\"", "auth", "\"\"", "auth-int"};
            g_string_append_printf(s, "qop=%s", qops[(b >> 4) % N(qops)]);
            break;
        }
        case 6: {
            static const char *const stale[] = {"true", "TRUE", "false", "\"true\"", "", "True "};
            g_string_append_printf(s, "stale=%s", stale[(b >> 4) % N(stale)]);
            break;
        }
        case 7:
            g_string_append_printf(s, "username=\"%s\"", users[(b >> 4) % N(users)]);
            break;
        case 8:
            g_string_append_printf(s, credentials_side ? "response=\"%08x\"" : "opaque=\"%08x\"", u32(f));
            break;
        default:
            g_string_append(s, raw_slice(f, (b >> 4) % 8));
            break;
        }
    }
    if (credentials_side && (n == 0 || (u8(f) & 1))) {
        guint8 b = u8(f);
        g_string_append_printf(s, " username=\"%s\", realm=\"%s\"", users[b % N(users)],
                               realms[(b >> 3) % N(realms)]);
    }
    return g_string_free(s, FALSE);
}

static char *mechanism_text(fz_t *f)
{
    static const char *const names[] = {"ipsec-3gpp", "tls", "digest", "ipsec-ike",
                                        "ipsec-man",  "TLS", "x-mech"};
    static const char *const params[] = {";q=0.1",      ";alg=hmac-sha-1-96", ";ealg=aes-cbc", ";spi-c=1111",
                                         ";spi-s=2222", ";port-c=5062",       "; q=0.2",       ";d-qop=auth",
                                         " ; alg = x",  ";x=\"a,b;c\""};
    static const char *const seps[] = {", ", ",", "\n", " , "};
    GString *s = g_string_new(NULL);

    for (guint n = 1 + u8(f) % 3, i = 0; i < n; i++) {
        if (i > 0)
            g_string_append(s, seps[u8(f) % N(seps)]);
        g_string_append(s, names[u8(f) % N(names)]);
        for (guint m = u8(f) % 4, j = 0; j < m; j++)
            g_string_append(s, params[u8(f) % N(params)]);
    }
    return g_string_free(s, FALSE);
}

static char *retry_after_text(fz_t *f)
{
    static const char *const comments[] = {
        "I'm in a meeting", "", "(nested)", "back at 5", "\xe4\xbc\x9a\xe8\xae\xae", "a;duration=9"};
    guint8 b = u8(f);
    char *number = delta_text(f);
    GString *s = g_string_new(number);

    g_free(number);
    if (b & 1)
        g_string_append_printf(s, " (%s)", comments[(b >> 4) % N(comments)]);
    if (b & 2)
        g_string_append(s, (b & 8) ? " (" : ")(");
    if (b & 4) {
        char *d = delta_text(f);
        g_string_append_printf(s, ";duration=%s", (b & 0x80) ? "abc" : d);
        g_free(d);
    }
    if (b & 8)
        g_string_append(s, ";x=y");
    return g_string_free(s, FALSE);
}

static const char *composed(fz_t *f, enum kind k)
{
    switch (k) {
    case K_URI: {
        uri_parts_t u;
        gen_uri_parts(f, &u);
        guint variant = u8(f);
        return keep(f, render_uri(&u, variant, u8(f)));
    }
    case K_BRANCH:
        return keep(f, g_strdup_printf("%s%s-%u", (u8(f) & 1) ? SA_BRANCH_COOKIE : "", "fz", ++f->serial));
    case K_TAGLIST: {
        GString *s = g_string_new(NULL);
        static const char *const seps[] = {",", ", ", " ,", ",\r\n ", "\t,\t", ",,", "\n"};
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
    case K_DELTA:
    case K_CLENGTH: {
        static const char *const tails[] = {"", ";refresher=uac", ";refresher=uas", " ;x", "\n90", " (x)",
                                            ";"};
        char *d = delta_text(f);
        const char *s = keep(f, g_strconcat(d, tails[u8(f) % N(tails)], NULL));
        g_free(d);
        return s;
    }
    case K_SECURITY:
        return keep(f, mechanism_text(f));
    case K_CHALLENGE:
    case K_CREDENTIALS: {
        char *a = auth_text(f, k == K_CREDENTIALS);
        if (u8(f) & 1) { /* a second header line */
            char *b = auth_text(f, k == K_CREDENTIALS);
            char *both = g_strconcat(a, "\n", b, NULL);
            g_free(a);
            g_free(b);
            a = both;
        }
        return keep(f, a);
    }
    case K_METHODS:
        return keep(f, joined(f, methods, N(methods), u8(f) % 6));
    case K_MEDIA:
        return keep(f, joined(f, media_lists, N(media_lists), u8(f) % 4));
    case K_ENCODINGS:
        return keep(f, joined(f, encodings, N(encodings), u8(f) % 4));
    case K_LANGUAGES:
        return keep(f, joined(f, languages, N(languages), u8(f) % 4));
    case K_EVENTS:
        return keep(f, joined(f, events, N(events), u8(f) % 4));
    case K_EVENT: {
        guint8 b = u8(f);
        return keep(f, g_strdup_printf("%s;id=%u", events[b % N(events)], b >> 4));
    }
    case K_CTYPE: {
        guint8 b = u8(f);
        return keep(f, g_strdup_printf("%s%s", content_types[(b >> 1) % N(content_types)],
                                       (b & 1) ? ";charset=\"utf-8\"" : ""));
    }
    case K_RETRY_AFTER:
        return keep(f, retry_after_text(f));
    case K_ROUTE: {
        const char *a = composed(f, K_URI);
        return keep(f, g_strdup_printf("<%s;lr>%s", a, (u8(f) & 1) ? ", <sip:proxy.example.com;lr>" : ""));
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
        return nasty[(arg + 32u * (u8(f) & 1)) % N(nasty)];
    }
    return remember(f, s);
}

/* ------------------------------------------------------------------ */
/* What the rules promise (sipadvisor-rules.h, -items.h), restated */

static const struct {
    guint code;
    sa_kind_t kind;
} status_kinds[] = {
    {300, SA_KIND_REDIRECT},
    {301, SA_KIND_REDIRECT},
    {302, SA_KIND_REDIRECT},
    {305, SA_KIND_REDIRECT},
    {380, SA_KIND_REDIRECT},
    {401, SA_KIND_AUTH},
    {405, SA_KIND_METHOD},
    {407, SA_KIND_AUTH},
    {413, SA_KIND_TOO_LARGE},
    {415, SA_KIND_MEDIA},
    {420, SA_KIND_BAD_EXTENSION},
    {421, SA_KIND_EXTENSION_REQUIRED},
    {422, SA_KIND_SESSION_INTERVAL},
    {423, SA_KIND_INTERVAL_TOO_BRIEF},
    {489, SA_KIND_EVENT},
    {494, SA_KIND_SECURITY},
    {513, SA_KIND_TOO_LARGE},
};

/* The kind of a final non-2xx response (300-699). */
static sa_kind_t expected_kind(const sa_msg_t *m)
{
    for (guint i = 0; i < N(status_kinds); i++) {
        if (status_kinds[i].code == m->status)
            return status_kinds[i].kind;
    }
    return ref_delta_prefix(m->hdr[SA_H_RETRY_AFTER]) >= 0 ? SA_KIND_RETRY_AFTER : SA_KIND_EXPLAIN;
}

typedef enum { IT_STRING, IT_TAG, IT_UINT, IT_Q, IT_BOOL } item_type_t;

static const struct {
    const char *name;
    item_type_t type;
} item_meta[SA_I_COUNT] = {
#define ITEM_META(id, name, type, en, zh, blurb) [SA_I_##id] = {name, IT_##type},
    SA_ITEMS(ITEM_META)
#undef ITEM_META
};

/* Which kind's rule adds each item, and whether it is read from the request. */
static const struct {
    sa_item_id_t id;
    sa_kind_t kind;
    gboolean from_request;
} item_owners[] = {
    {SA_I_MOVED_FROM, SA_KIND_REDIRECT, TRUE},
    {SA_I_NEW_URI_COUNT, SA_KIND_REDIRECT, FALSE},
    {SA_I_NEW_URI, SA_KIND_REDIRECT, FALSE},
    {SA_I_NEW_URI_Q, SA_KIND_REDIRECT, FALSE},
    {SA_I_NEW_URI_EXPIRES, SA_KIND_REDIRECT, FALSE},
    {SA_I_PROXY, SA_KIND_REDIRECT, FALSE},
    {SA_I_ALTERNATIVE, SA_KIND_REDIRECT, FALSE},
    {SA_I_REQUIRED, SA_KIND_EXTENSION_REQUIRED, FALSE},
    {SA_I_SUPPORTED, SA_KIND_EXTENSION_REQUIRED, TRUE},
    {SA_I_MISSING, SA_KIND_EXTENSION_REQUIRED, FALSE},
    {SA_I_UNSUPPORTED, SA_KIND_BAD_EXTENSION, FALSE},
    {SA_I_REQUEST_REQUIRE, SA_KIND_BAD_EXTENSION, TRUE},
    {SA_I_REQUEST_PROXY_REQUIRE, SA_KIND_BAD_EXTENSION, TRUE},
    {SA_I_MIN_SE, SA_KIND_SESSION_INTERVAL, FALSE},
    {SA_I_SESSION_EXPIRES, SA_KIND_SESSION_INTERVAL, TRUE},
    {SA_I_REQUEST_MIN_SE, SA_KIND_SESSION_INTERVAL, TRUE},
    {SA_I_MIN_EXPIRES, SA_KIND_INTERVAL_TOO_BRIEF, FALSE},
    {SA_I_EXPIRES, SA_KIND_INTERVAL_TOO_BRIEF, TRUE},
    {SA_I_CONTACT_EXPIRES, SA_KIND_INTERVAL_TOO_BRIEF, TRUE},
    {SA_I_SECURITY_MECHANISM, SA_KIND_SECURITY, FALSE},
    {SA_I_SECURITY_CLIENT, SA_KIND_SECURITY, TRUE},
    {SA_I_AUTH_SCHEME, SA_KIND_AUTH, FALSE},
    {SA_I_AUTH_REALM, SA_KIND_AUTH, FALSE},
    {SA_I_AUTH_ALGORITHM, SA_KIND_AUTH, FALSE},
    {SA_I_AUTH_QOP, SA_KIND_AUTH, FALSE},
    {SA_I_AUTH_STALE, SA_KIND_AUTH, FALSE},
    {SA_I_REQUEST_CREDENTIALS, SA_KIND_AUTH, TRUE},
    {SA_I_ALLOW, SA_KIND_METHOD, FALSE},
    {SA_I_ACCEPT, SA_KIND_MEDIA, FALSE},
    {SA_I_ACCEPT_ENCODING, SA_KIND_MEDIA, FALSE},
    {SA_I_ACCEPT_LANGUAGE, SA_KIND_MEDIA, FALSE},
    {SA_I_REQUEST_CONTENT_TYPE, SA_KIND_MEDIA, TRUE},
    {SA_I_REQUEST_CONTENT_ENCODING, SA_KIND_MEDIA, TRUE},
    {SA_I_ALLOW_EVENTS, SA_KIND_EVENT, FALSE},
    {SA_I_REQUEST_EVENT, SA_KIND_EVENT, TRUE},
    {SA_I_RETRY_AFTER, SA_KIND_RETRY_AFTER, FALSE},
    {SA_I_RETRY_AFTER_DURATION, SA_KIND_RETRY_AFTER, FALSE},
    {SA_I_RETRY_AFTER_COMMENT, SA_KIND_RETRY_AFTER, FALSE},
    {SA_I_REQUEST_SIZE, SA_KIND_TOO_LARGE, TRUE},
    {SA_I_REQUEST_TRANSPORT, SA_KIND_TOO_LARGE, TRUE},
};

static sa_kind_t item_kind[SA_I_COUNT];
static gboolean item_from_request[SA_I_COUNT];

/* The headline finding a first copy of this result must have. */
static gboolean headline_fits(const sa_result_t *r, sa_finding_t h)
{
    switch (r->kind) {
    case SA_KIND_REDIRECT:
        return h == (r->status == 301 ? SA_F_MOVED_PERMANENTLY : SA_F_REDIRECTED);
    case SA_KIND_BAD_EXTENSION:
        return h == SA_F_BAD_EXTENSION;
    case SA_KIND_EXTENSION_REQUIRED:
        return h == SA_F_EXTENSION_REQUIRED;
    case SA_KIND_SESSION_INTERVAL:
        return h == SA_F_INTERVAL_TOO_SMALL;
    case SA_KIND_INTERVAL_TOO_BRIEF:
        return h == SA_F_INTERVAL_TOO_BRIEF;
    case SA_KIND_SECURITY:
        return h == SA_F_SECURITY_AGREEMENT_REQUIRED;
    case SA_KIND_AUTH:
        return h == SA_F_AUTH_CHALLENGE || h == SA_F_AUTH_REJECTED;
    case SA_KIND_METHOD:
        return h == SA_F_METHOD_NOT_ALLOWED;
    case SA_KIND_MEDIA:
        return h == SA_F_UNSUPPORTED_MEDIA;
    case SA_KIND_EVENT:
        return h == SA_F_BAD_EVENT;
    case SA_KIND_TOO_LARGE:
        return h == SA_F_TOO_LARGE;
    case SA_KIND_RETRY_AFTER:
        return h == SA_F_RETRY_LATER;
    default:
        return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* Capture times */

static i128 time_ns(const nstime_t *t)
{
    return (i128)t->secs * NS_PER_S + t->nsecs;
}

/* A normalised time (floor division), seconds clamped to 64 bits. */
static nstime_t time_from_ns(i128 ns)
{
    nstime_t t;
    i128 secs = ns / NS_PER_S;
    i128 rem = ns % NS_PER_S;

    if (rem < 0) {
        rem += NS_PER_S;
        secs -= 1;
    }
    if (secs > G_MAXINT64)
        secs = G_MAXINT64;
    if (secs < G_MININT64)
        secs = G_MININT64;
    t.secs = (time_t)secs;
    t.nsecs = (int)rem;
    return t;
}

static gboolean time_normal(const nstime_t *t)
{
    return t->nsecs >= 0 && t->nsecs < NS_PER_S;
}

/* Where the core computes exact differences (time_delta in sipadvisor-analysis.c). */
static gboolean time_in_range(const nstime_t *t)
{
    const gint64 limit = G_GINT64_CONSTANT(1) << 40;

    return time_normal(t) && (gint64)t->secs <= limit && (gint64)t->secs >= -limit;
}

static char *time_text(const nstime_t *t)
{
    if (time_normal(t))
        return g_strdup_printf("%" G_GINT64_FORMAT ".%09d", (gint64)t->secs, t->nsecs);
    return g_strdup_printf("%" G_GINT64_FORMAT " s %+d ns", (gint64)t->secs, t->nsecs);
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
    gboolean interleave; /* sa_ctx_note_frame and sa_ctx_finish after every message */
    gint64 time_ns;
    gboolean utf8;           /* every string fed so far is valid UTF-8 */
    gboolean has_end;        /* sa_ctx_note_frame was called ... */
    nstime_t end_time;       /* ... and this is the latest time it saw */
    gboolean judged_has_end; /* has_end and end_time when sa_ctx_finish last judged */
    nstime_t judged_end;
    gboolean odd_times; /* a noted time has nanoseconds outside 0-999,999,999 */
    i128 min_noted;     /* the earliest and latest noted time, in ns */
    i128 max_noted;
    gboolean time_set;      /* the message's time is chosen by its flavor */
    nstime_t time_override; /* and this is it */
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

static const sa_msg_t *find_msg(const fz_prog_t *p, guint32 frame, guint32 index)
{
    for (guint i = p->n_msgs; i-- > 0;) {
        if (p->msgs[i].frame == frame && p->msgs[i].index == index)
            return &p->msgs[i];
    }
    return NULL;
}

/* sa_ctx_finish, and the capture end it judged with (when it judged). */
static void finish(fz_prog_t *p)
{
    gboolean judges = !sa_ctx_finished(p->ctx);

    sa_ctx_finish(p->ctx);
    if (judges) {
        p->judged_has_end = p->has_end;
        p->judged_end = p->end_time;
    }
}

/* sa_ctx_note_frame: the end of the capture is the latest time noted. */
static void note_frame(fz_prog_t *p, const nstime_t *t)
{
    i128 ns = time_ns(t);

    sa_ctx_note_frame(p->ctx, t);
    if (!time_normal(t))
        p->odd_times = TRUE;
    if (!p->has_end || ns > time_ns(&p->end_time))
        p->end_time = *t;
    if (!p->has_end || ns < p->min_noted)
        p->min_noted = ns;
    if (!p->has_end || ns > p->max_noted)
        p->max_noted = ns;
    p->has_end = TRUE;
}

/* Times this far apart (2**31 s, 68 years) do not compare with nstime_cmp
 * of wsutil 4.0, which returns (int)(a->secs - b->secs). */
static gboolean far_apart(i128 ns)
{
    const i128 far = ((i128)1 << 31) * NS_PER_S;

    return ns >= far || ns <= -far;
}

static const guint statuses[] = {
    100, 180, 183, 200, 202, 300, 301, 301, 302, 302, 305, 380, 401, 401, 405, 407,  413,
    415, 420, 421, 421, 422, 423, 489, 494, 494, 513, 400, 403, 404, 408, 480, 486,  487,
    488, 491, 500, 503, 504, 600, 603, 606, 499, 599, 699, 0,   99,  299, 700, 1000,
};

static guint gen_status(fz_t *f, guint8 b)
{
    return (b & 0x80) ? u16(f) : statuses[(b & 0x3f) % N(statuses)];
}

/* The headers a response with this status is read for (then Retry-After). */
static guint status_headers(guint status, sa_header_t out[4])
{
    guint n = 0;

    switch (status) {
    case 401:
        out[n++] = SA_H_WWW_AUTHENTICATE;
        out[n++] = SA_H_PROXY_AUTHENTICATE;
        break;
    case 407:
        out[n++] = SA_H_PROXY_AUTHENTICATE;
        out[n++] = SA_H_WWW_AUTHENTICATE;
        break;
    case 405:
        out[n++] = SA_H_ALLOW;
        break;
    case 413:
    case 513:
        out[n++] = SA_H_CONTENT_LENGTH;
        break;
    case 415:
        out[n++] = SA_H_ACCEPT;
        out[n++] = SA_H_ACCEPT_ENCODING;
        out[n++] = SA_H_ACCEPT_LANGUAGE;
        break;
    case 420:
        out[n++] = SA_H_UNSUPPORTED;
        out[n++] = SA_H_REQUIRE;
        break;
    case 421:
        out[n++] = SA_H_REQUIRE;
        out[n++] = SA_H_SUPPORTED;
        break;
    case 422:
        out[n++] = SA_H_MIN_SE;
        out[n++] = SA_H_SESSION_EXPIRES;
        break;
    case 423:
        out[n++] = SA_H_MIN_EXPIRES;
        out[n++] = SA_H_EXPIRES;
        break;
    case 489:
        out[n++] = SA_H_ALLOW_EVENTS;
        out[n++] = SA_H_EVENT;
        break;
    case 494:
        out[n++] = SA_H_SECURITY_SERVER;
        out[n++] = SA_H_REQUIRE;
        break;
    default:
        if (status >= 300 && status < 400) {
            out[n++] = SA_H_CONTENT_TYPE;
            out[n++] = SA_H_EXPIRES;
        } else {
            out[n++] = SA_H_ALLOW;
        }
        break;
    }
    out[n++] = SA_H_RETRY_AFTER;
    return n;
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

/* The address of an IP literal host (or maddr) of a URI, with its port. */
static gboolean uri_endpoint(const char *uri, sa_endpoint_t *ep)
{
    char *host = NULL;
    char *maddr = NULL;
    guint port = 0;
    gboolean ok = FALSE;

    if (sa_uri_host(uri, &host, &port, &maddr)) {
        ok = sa_ip_literal(maddr != NULL ? maddr : host, ep);
        if (ok)
            ep->port = (guint16)(port != 0 ? port : 5060);
    }
    g_free(host);
    g_free(maddr);
    return ok;
}

/* A URI of an earlier message: a Contact, else its Request-URI. */
static const char *earlier_uri(fz_prog_t *p)
{
    const sa_msg_t *k = pick(p);
    guint8 b = u8(&p->f);

    if (k == NULL)
        return NULL;
    if (k->n_contacts > 0 && !(b & 0x80))
        return k->contacts[b % k->n_contacts].uri;
    return k->is_request ? k->ruri : k->to_uri;
}

static void set_v4(sa_endpoint_t *ep, guint8 a, guint8 b, guint8 c, guint8 d, guint16 port)
{
    memset(ep, 0, sizeof *ep);
    ep->addr[0] = a;
    ep->addr[1] = b;
    ep->addr[2] = c;
    ep->addr[3] = d;
    ep->addr_len = 4;
    ep->port = port;
}

static void gen_endpoint(fz_prog_t *p, sa_endpoint_t *ep)
{
    static const guint8 v4[][4] = {{192, 0, 2, 1},  {192, 0, 2, 2},  {192, 0, 2, 10},    {192, 0, 2, 20},
                                   {192, 0, 2, 30}, {127, 0, 20, 3}, {239, 255, 255, 1}, {0, 0, 0, 0}};
    static const guint16 ports[] = {5060, 5061, 5070, 5080, 5062, 0, 65535, 1};
    fz_t *f = &p->f;
    guint8 b = u8(f);
    guint8 pb;
    gboolean keep_port = FALSE;

    memset(ep, 0, sizeof *ep);
    switch (b & 7) {
    case 0: /* unknown */
        return;
    case 1:
    case 2:
        memcpy(ep->addr, v4[(b >> 3) % N(v4)], 4);
        ep->addr_len = 4;
        break;
    case 3: {
        guint32 a = u32(f);
        set_v4(ep, (guint8)(a >> 24), (guint8)(a >> 16), (guint8)(a >> 8), (guint8)a, 0);
        break;
    }
    case 4: /* 2001:db8::x */
        ep->addr[0] = 0x20;
        ep->addr[1] = 0x01;
        ep->addr[2] = 0x0d;
        ep->addr[3] = 0xb8;
        ep->addr[15] = (guint8)(b >> 3);
        ep->addr_len = 16;
        break;
    case 5:
        for (int i = 0; i < 16; i += 4) {
            guint32 a = u32(f);
            memcpy(ep->addr + i, &a, 4);
        }
        ep->addr_len = 16;
        break;
    default: /* where an earlier URI points */
        keep_port = uri_endpoint(earlier_uri(p), ep);
        break;
    }
    pb = u8(f);
    if (keep_port && !(pb & 1))
        return;
    ep->port = pb < 200 ? ports[pb % N(ports)] : u16(f);
}

static gboolean str_utf8(const char *s)
{
    return s == NULL || g_utf8_validate(s, -1, NULL);
}

/* Every string of the message is valid UTF-8. */
static gboolean msg_utf8(const sa_msg_t *m)
{
    const char *const s[] = {m->method,        m->ruri,     m->reason,      m->call_id,    m->cseq_method,
                             m->via_transport, m->via_host, m->via_sent_by, m->via_branch, m->from_uri,
                             m->from_tag,      m->to_uri,   m->to_tag};

    for (guint i = 0; i < N(s); i++) {
        if (!str_utf8(s[i]))
            return FALSE;
    }
    for (guint i = 0; i < SA_H_COUNT; i++) {
        if (!str_utf8(m->hdr[i]))
            return FALSE;
    }
    for (guint i = 0; i < m->n_contacts; i++) {
        if (!str_utf8(m->contacts[i].uri) || !str_utf8(m->contacts[i].params) ||
            !str_utf8(m->contacts[i].q) || !str_utf8(m->contacts[i].expires))
            return FALSE;
    }
    return TRUE;
}

static void gen_contacts(fz_prog_t *p, sa_msg_t *m)
{
    fz_t *f = &p->f;
    guint8 b = u8(f);
    guint n = b == 0xff ? MANY_CONTACTS : b % (MAX_CONTACTS + 1);
    sa_contact_t *c;

    m->n_contacts = n;
    m->contacts = NULL;
    if (n == 0)
        return;
    c = g_new0(sa_contact_t, n);
    g_ptr_array_add(f->arena, c);
    for (guint i = 0; i < n; i++) {
        guint8 s;
        if (n == MANY_CONTACTS && i > 0) { /* a long list: each with expires */
            c[i].uri = keep(f, g_strdup_printf("sip:c%u@192.0.2.%u", i, i));
            c[i].expires = (i & 1) ? "60" : "0";
            c[i].params = (i & 1) ? "expires=60" : "expires=0";
            continue;
        }
        s = u8(f);
        /* An earlier Request-URI or Contact: redirect chains that loop. */
        c[i].uri = (s & 3) == 3 ? earlier_uri(p) : get_str(f, K_URI);
        c[i].q = get_str(f, K_Q);
        c[i].expires = get_str(f, K_EXPIRES);
        if (s & 4) {
            c[i].params =
                (c[i].q || c[i].expires)
                    ? keep(f,
                           g_strdup_printf("%s%s%s%s%s", c[i].q ? "q=" : "", c[i].q ? c[i].q : "",
                                           c[i].q && c[i].expires ? ";" : "", c[i].expires ? "expires=" : "",
                                           c[i].expires ? c[i].expires : ""))
                    : NULL;
        } else if (s & 8) {
            c[i].params = get_str(f, K_EXPIRES);
        }
        check_numbers(c[i].q);
        check_numbers(c[i].expires);
        check_uri_self(c[i].uri);
        check_uri_host(c[i].uri);
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

/* Overrides any message may get: headers, endpoints, transport, length,
 * the rest of the start line, the status, an absurd time. */
static void gen_ext(fz_prog_t *p, sa_msg_t *m, guint8 ext)
{
    fz_t *f = &p->f;

    if (ext & 0x01) {
        for (guint n = 1 + u8(f) % 8, i = 0; i < n; i++) {
            guint id = u8(f) % SA_H_COUNT;
            m->hdr[id] = get_str(f, header_kind(id));
        }
    }
    if (ext & 0x02)
        gen_endpoint(p, &m->src);
    if (ext & 0x04)
        gen_endpoint(p, &m->dst);
    if (ext & 0x08) /* 4 is no sa_transport_t */
        m->transport = (sa_transport_t)(u8(f) % 5);
    if (ext & 0x10) {
        guint8 b = u8(f);
        m->length = (b & 1) ? u32(f) : (b & 2) ? u16(f) : (guint32)(b >> 2) * 32;
    }
    if (ext & 0x20) {
        guint8 b = u8(f);
        m->to_tag = get_str(f, K_TAG);
        m->contact_star = (b & 1) != 0;
        m->read_flags = b >> 1;
        m->reason = (b & 0x80) ? get_str(f, K_CALLID) : NULL;
        m->via_transport = (b & 0x40) ? "TCP" : "UDP";
    }
    if (ext & 0x40) {
        guint8 b = u8(f);
        if (!m->is_request)
            m->status = gen_status(f, b);
    }
    if (ext & 0x80) {
        p->time_set = TRUE;
        p->time_override.secs = (time_t)(gint64)u64(f);
        p->time_override.nsecs = (int)(gint32)u32(f);
    }
}

static void client_to_server(sa_msg_t *m)
{
    set_v4(&m->src, 192, 0, 2, 1, 5060);
    set_v4(&m->dst, 192, 0, 2, 2, 5060);
    m->transport = SA_TRANSPORT_UDP;
    m->length = 480;
}

static void swap_ends(sa_msg_t *m)
{
    sa_endpoint_t t = m->src;

    m->src = m->dst;
    m->dst = t;
}

/* The first token of a list header value, or NULL. */
static const char *first_token(fz_t *f, const char *value)
{
    GPtrArray *items = sa_list_split(value);
    const char *token = NULL;

    if (items->len > 0)
        token = keep(f, sa_item_token(g_ptr_array_index(items, 0)));
    g_ptr_array_free(items, TRUE);
    return token;
}

/* Security-Verify from a Security-Server: as sent, with blanks, with one
 * mechanism left out, or in reverse order on separate lines. */
static const char *verify_of(fz_t *f, const char *server)
{
    GPtrArray *items = sa_list_split(server);
    GString *s = g_string_new(NULL);
    guint8 b = u8(f);

    for (guint i = 0; i < items->len; i++) {
        const char *item = g_ptr_array_index(items, (b & 3) == 3 ? items->len - 1 - i : i);
        if ((b & 3) == 2 && i + 1 == items->len && i > 0)
            break;
        if (i > 0)
            g_string_append(s, (b & 3) == 3 ? "\n" : ", ");
        if ((b & 3) == 1) {
            gchar **parts = g_strsplit(item, ";", -1);
            char *spaced = g_strjoinv(" ; ", parts);
            g_string_append(s, spaced);
            g_free(spaced);
            g_strfreev(parts);
        } else {
            g_string_append(s, item);
        }
    }
    g_ptr_array_free(items, TRUE);
    return keep(f, g_string_free(s, FALSE));
}

/* The client's retry after response (or message) k. */
static gboolean gen_retry(fz_prog_t *p, sa_msg_t *m, const sa_msg_t *k)
{
    fz_t *f = &p->f;
    guint8 b, fix;

    if (k == NULL)
        return FALSE;
    *m = *k;
    m->is_request = TRUE;
    m->status = 0;
    m->reason = NULL;
    m->method = k->is_request ? k->method : k->cseq_method;
    if (!k->is_request)
        swap_ends(m);
    b = u8(f);
    if (b & 0x01) { /* another method (405): the first allowed one, or any */
        const char *allowed = first_token(f, k->hdr[SA_H_ALLOW]);
        m->method = allowed != NULL && !(b & 0x80) ? allowed : get_str(f, K_METHOD);
    }
    m->cseq_method = m->method;
    m->cseq = k->cseq + 1;
    m->has_cseq = TRUE;
    m->via_branch = (b & 0x02) ? get_str(f, K_BRANCH) : fresh_branch(p);
    switch ((b >> 2) & 3) {
    case 0:
        m->ruri = get_str(f, K_URI);
        break;
    case 1: { /* an offered Contact */
        guint8 i = u8(f);
        m->ruri = k->n_contacts > 0 ? k->contacts[i % k->n_contacts].uri : get_str(f, K_URI);
        break;
    }
    case 2: /* any earlier URI: redirect chains */
        m->ruri = earlier_uri(p);
        break;
    default: { /* an earlier Request-URI: the same place again, or a loop */
        const sa_msg_t *e = pick(p);
        m->ruri = e != NULL && e->is_request ? e->ruri : get_str(f, K_URI);
        break;
    }
    }
    if (b & 0x10) /* a new call from the same From URI */
        m->call_id = keep(f, g_strdup_printf("retry-call-%u", ++f->serial));
    if (b & 0x20)
        m->from_tag = keep(f, g_strdup_printf("retry-tag-%u", ++f->serial));
    memset((void *)m->hdr, 0, sizeof m->hdr);
    m->contacts = NULL;
    m->n_contacts = 0;

    /* The fix the response asked for. */
    fix = u8(f);
    if (fix & 0x01) { /* 421: supports now what it required */
        m->hdr[SA_H_SUPPORTED] = k->hdr[SA_H_REQUIRE];
        if (u8(f) & 1)
            m->hdr[SA_H_SUPPORTED] = keep(f, g_strconcat(k->hdr[SA_H_REQUIRE] ? k->hdr[SA_H_REQUIRE] : "",
                                                         ",", get_str(f, K_TAGLIST), NULL));
    }
    if (fix & 0x02) { /* 420: requires something else, or nothing */
        m->hdr[SA_H_REQUIRE] = get_str(f, K_TAGLIST);
        m->hdr[SA_H_PROXY_REQUIRE] = get_str(f, K_TAGLIST);
    }
    if (fix & 0x04) { /* 422, 423: the interval the server asked for */
        guint8 c;
        m->hdr[SA_H_SESSION_EXPIRES] = k->hdr[SA_H_MIN_SE] ? k->hdr[SA_H_MIN_SE] : get_str(f, K_DELTA);
        c = u8(f);
        m->hdr[SA_H_MIN_SE] = (c & 1) ? m->hdr[SA_H_SESSION_EXPIRES] : NULL;
        m->hdr[SA_H_EXPIRES] = k->hdr[SA_H_MIN_EXPIRES] ? k->hdr[SA_H_MIN_EXPIRES] : get_str(f, K_DELTA);
        if (c & 6) { /* a REGISTER's expiry per Contact: Min-Expires; none or 0 */
            sa_contact_t *ct = g_new0(sa_contact_t, 2);
            guint n = 0;
            g_ptr_array_add(f->arena, ct);
            if (c & 2) {
                ct[n].uri = "sip:alice@192.0.2.1";
                ct[n++].expires = k->hdr[SA_H_MIN_EXPIRES] ? k->hdr[SA_H_MIN_EXPIRES] : "3600";
            }
            if (c & 4) {
                ct[n].uri = "sip:alice@[2001:db8::1]";
                ct[n++].expires = (c & 8) ? "0" : NULL;
            }
            m->contacts = ct;
            m->n_contacts = n;
        }
    }
    if (fix & 0x08) { /* 494: Security-Verify echoes Security-Server */
        m->hdr[SA_H_SECURITY_VERIFY] = verify_of(f, k->hdr[SA_H_SECURITY_SERVER]);
        m->hdr[SA_H_SECURITY_CLIENT] = get_str(f, K_SECURITY);
    }
    if (fix & 0x10) { /* 401, 407: credentials for the challenge's realm */
        guint8 c = u8(f);
        for (int i = 0; i < 2; i++) {
            const char *challenge = k->hdr[i == 0 ? SA_H_WWW_AUTHENTICATE : SA_H_PROXY_AUTHENTICATE];
            sa_header_t h = i == 0 ? SA_H_AUTHORIZATION : SA_H_PROXY_AUTHORIZATION;
            if (challenge != NULL)
                m->hdr[h] =
                    (c & 1) ? keep(f, g_strconcat(challenge, ", username=\"alice\"", NULL)) : challenge;
            else if (c & 2)
                m->hdr[h] = get_str(f, K_CREDENTIALS);
        }
    }
    if (fix & 0x20) { /* 415, 489: a body the server accepts, an event it allows */
        const char *type = first_token(f, k->hdr[SA_H_ACCEPT]);
        guint8 c = u8(f);
        m->hdr[SA_H_CONTENT_TYPE] = type != NULL && !(c & 1) ? type : get_str(f, K_CTYPE);
        m->hdr[SA_H_CONTENT_ENCODING] = (c & 2) ? first_token(f, k->hdr[SA_H_ACCEPT_ENCODING]) : NULL;
        m->hdr[SA_H_CONTENT_LENGTH] = (c & 4) ? "0" : (c & 8) ? get_str(f, K_CLENGTH) : "142";
        m->hdr[SA_H_EVENT] = first_token(f, k->hdr[SA_H_ALLOW_EVENTS]);
        if (m->hdr[SA_H_EVENT] == NULL || (c & 0x10))
            m->hdr[SA_H_EVENT] = get_str(f, K_EVENT);
    }
    if (fix & 0x40) { /* 413, 3xx: a stream, a smaller request; the new place */
        guint8 c = u8(f);
        sa_endpoint_t there;
        m->transport = (c & 1) ? SA_TRANSPORT_TCP : (c & 2) ? SA_TRANSPORT_SCTP : SA_TRANSPORT_UDP;
        m->length = (c & 4) ? 200 : (guint32)u16(f);
        if (!(c & 8) && uri_endpoint(m->ruri, &there))
            m->dst = there;
        if (c & 0x10) { /* 305: through the proxy */
            const char *proxy = k->n_contacts > 0 ? k->contacts[0].uri : NULL;
            m->hdr[SA_H_ROUTE] = proxy ? keep(f, g_strdup_printf("<%s>", proxy)) : get_str(f, K_ROUTE);
            if ((c & 0x20) && uri_endpoint(proxy, &there))
                m->dst = there;
        }
    }
    if (fix & 0x80) { /* Retry-After: wait (about) as long as asked */
        gint64 wait = ref_delta_prefix(k->hdr[SA_H_RETRY_AFTER]);
        gint8 off = (gint8)u8(f);
        p->time_set = TRUE;
        p->time_override =
            time_from_ns(time_ns(&k->time) + (i128)MAX(wait, 0) * NS_PER_S + (i128)off * 100000000);
    }
    return TRUE;
}

static void check_result(fz_prog_t *p, const sa_result_t *r);

/* The capture time of the next message. */
static nstime_t next_time(fz_prog_t *p, const sa_msg_t *m)
{
    fz_t *f = &p->f;
    nstime_t t;

    if (p->time_set) {
        p->time_set = FALSE;
        t = p->time_override;
    } else {
        switch (p->time_mode) {
        case 0: /* in step with the frames */
            t = time_from_ns((i128)p->frame * 1000000 + m->index);
            break;
        case 1: /* jitter, also backwards */
            p->time_ns += (gint16)u16(f) * G_GINT64_CONSTANT(1000000);
            t = time_from_ns(p->time_ns);
            break;
        case 2: /* any capture time within +-2**62 ns (+-146 years) */
            t = time_from_ns((gint64)u64(f) >> 1);
            break;
        case 3: /* any 64-bit time (a wrapped secs * 10**9) */
            t = time_from_ns((gint64)u64(f));
            break;
        case 4: /* any seconds (a crafted pcapng) */
            t.secs = (time_t)(gint64)u64(f);
            t.nsecs = (int)(u32(f) % NS_PER_S);
            break;
        case 5: /* nanoseconds out of their range */
            t.secs = (time_t)(G_GINT64_CONSTANT(1700000000) + (gint16)u16(f));
            t.nsecs = (int)(gint32)u32(f);
            break;
        case 6: /* long steps forward (Retry-After, follow-up windows) */
            p->time_ns += (gint64)u16(f) * 100000000;
            t = time_from_ns(p->time_ns);
            break;
        default: /* steps backward */
            p->time_ns -= (gint64)u8(f) * 1000000;
            t = time_from_ns(p->time_ns);
            break;
        }
    }
    if (is_relaxed("time-range")) {
        const i128 limit = (i128)1 << 62;
        i128 ns = time_ns(&t);
        t = time_from_ns(ns > limit ? limit : ns < -limit ? -limit : ns);
    }
    return t;
}

/* Keeps the generator away from the known crashes and leaks whose names
 * are relaxed (tests/fuzz/core/crashes/README.md). */
static void avoid_known_crashes(sa_msg_t *m)
{
    if (!m->is_request && m->status == 494 && is_relaxed("494-no-mechanism")) {
        /* A 494 without any Security-Server mechanism: the rule leaves its
         * items NULL, and describe/fix/info/judge dereference them. */
        GPtrArray *items = sa_list_split(m->hdr[SA_H_SECURITY_SERVER]);
        if (items->len == 0)
            m->hdr[SA_H_SECURITY_SERVER] = "tls;q=0.2";
        g_ptr_array_free(items, TRUE);
    }
    if (is_relaxed("method-intern")) {
        /* The core interns method names (g_intern_string): every new one
         * stays for the life of the process, and GLib drops its old quark
         * array when the table grows, which LeakSanitizer reports. Only
         * the methods of the dictionary then. */
        const char **fields[] = {&m->method, &m->cseq_method};
        for (guint i = 0; i < N(fields); i++) {
            gboolean known = *fields[i] == NULL;
            for (guint j = 0; j < N(methods) && !known; j++)
                known = strcmp(*fields[i], methods[j]) == 0;
            if (!known)
                *fields[i] = methods[g_str_hash(*fields[i]) % N(methods)];
        }
    }
}

/* The helpers the rules read each header with, on what the message holds. */
static void check_msg_helpers(const sa_msg_t *m, gboolean utf8)
{
    check_uri_self(m->ruri);
    check_uri_host(m->ruri);
    check_uri_pair(m->ruri, m->to_uri);
    check_uri_pair(m->from_uri, m->ruri);
    if (m->n_contacts > 0)
        check_uri_pair(m->contacts[0].uri, m->ruri);
    check_tagsets(m->hdr[SA_H_REQUIRE], m->hdr[SA_H_SUPPORTED], m->hdr[SA_H_PROXY_REQUIRE]);
    for (guint h = 0; h < SA_H_COUNT; h++) {
        if (m->hdr[h] == NULL)
            continue;
        switch (header_kind(h)) {
        case K_CHALLENGE:
        case K_CREDENTIALS:
            check_auth_helpers(m->hdr[h], utf8);
            break;
        case K_DELTA:
        case K_RETRY_AFTER:
        case K_CLENGTH:
            check_delta_prefix(m->hdr[h]);
            break;
        default:
            check_list_helpers(m->hdr[h], utf8);
            break;
        }
    }
}

static void trace_msg(const sa_msg_t *m)
{
    char *u = show(m->ruri), *c = show(m->call_id), *br = show(m->via_branch), *cm = show(m->cseq_method);
    char *sb = show(m->via_sent_by), *fu = show(m->from_uri), *ft = show(m->from_tag);
    char *src = sa_endpoint_text(&m->src, TRUE), *dst = sa_endpoint_text(&m->dst, TRUE);

    fprintf(stderr,
            "msg %u/%u t=%" G_GINT64_FORMAT
            ".%09d %s%s%.0u call=%s cseq=%s%u %s via=%s;branch=%s from=%s;tag=%s "
            "%s -> %s transport=%d length=%u contacts=%u\n",
            m->frame, m->index, (gint64)m->time.secs, m->time.nsecs,
            m->is_request ? (m->method ? m->method : "(null)") : "", m->is_request ? " " : "", m->status, c,
            m->has_cseq ? "" : "-", m->cseq, cm, sb, br, fu, ft, src, dst, m->transport, m->length,
            m->n_contacts);
    if (m->is_request)
        fprintf(stderr, "    ruri=%s\n", u);
    for (guint i = 0; i < m->n_contacts && i < MAX_CONTACTS; i++) {
        char *cu = show(m->contacts[i].uri), *q = show(m->contacts[i].q), *e = show(m->contacts[i].expires);
        fprintf(stderr, "    contact %s q=%s expires=%s\n", cu, q, e);
        g_free(cu);
        g_free(q);
        g_free(e);
    }
    for (guint h = 0; h < SA_H_COUNT; h++) {
        if (m->hdr[h] != NULL) {
            char *v = show(m->hdr[h]);
            fprintf(stderr, "    %s: %s\n", header_names[h], v);
            g_free(v);
        }
    }
    g_free(u);
    g_free(c);
    g_free(br);
    g_free(cm);
    g_free(sb);
    g_free(fu);
    g_free(ft);
    g_free(src);
    g_free(dst);
}

static void add_message(fz_prog_t *p, guint flavor)
{
    fz_t *f = &p->f;
    const sa_msg_t *k = pick(p);
    sa_msg_t m = {0};
    sa_msg_t *stored;
    guint8 b;

    p->time_set = FALSE;
    switch (flavor) {
    case 0: /* fresh request */
    case 1:
        m.is_request = TRUE;
        m.method = get_str(f, K_METHOD);
        client_to_server(&m);
        gen_fields(p, &m, 0xff & ~0x04u);
        m.has_cseq = TRUE;
        m.cseq = u8(f);
        m.cseq_method = (u8(f) & 7) ? m.method : get_str(f, K_METHOD);
        break;
    case 2: /* response to an earlier message, with the headers its status is read for */
    case 3: {
        sa_header_t hdrs[4];
        guint n;
        guint8 present;
        if (k != NULL) {
            m = *k;
            m.cseq_method = k->is_request ? k->method : k->cseq_method;
            if (k->is_request)
                swap_ends(&m);
        } else {
            client_to_server(&m);
            swap_ends(&m);
        }
        m.is_request = FALSE;
        m.method = NULL;
        m.ruri = NULL;
        b = u8(f);
        m.status = gen_status(f, b);
        m.reason = NULL;
        m.contacts = NULL;
        m.n_contacts = 0;
        memset((void *)m.hdr, 0, sizeof m.hdr);
        if ((m.status >= 300 && m.status < 400) || (b & 0x40))
            gen_contacts(p, &m);
        n = status_headers(m.status, hdrs);
        present = u8(f);
        for (guint i = 0; i < n; i++) {
            if (present & (1u << i))
                m.hdr[hdrs[i]] = get_str(f, header_kind(hdrs[i]));
        }
        if (k == NULL)
            gen_fields(p, &m, 0x7e);
        break;
    }
    case 4: /* retransmission */
        if (k == NULL)
            return;
        m = *k;
        break;
    case 5: /* ACK (non-2xx: same branch) */
    case 6: /* CANCEL */
        if (k != NULL) {
            m = *k;
            if (!k->is_request)
                swap_ends(&m);
        } else {
            client_to_server(&m);
        }
        m.is_request = TRUE;
        m.status = 0;
        m.method = m.cseq_method = flavor == 5 ? "ACK" : "CANCEL";
        m.contacts = NULL;
        m.n_contacts = 0;
        memset((void *)m.hdr, 0, sizeof m.hdr);
        if (k != NULL && !k->is_request)
            m.ruri = NULL;
        if (m.ruri == NULL)
            m.ruri = get_str(f, K_URI);
        break;
    case 7: /* the client's retry after an earlier response */
        if (!gen_retry(p, &m, k))
            return;
        break;
    case 8: /* copy of an earlier message with overrides */
        if (k != NULL) {
            m = *k;
        } else {
            m.is_request = TRUE;
            client_to_server(&m);
        }
        break;
    default: { /* fresh response, no request before it */
        sa_header_t hdrs[4];
        guint n;
        guint8 present;
        m.is_request = FALSE;
        client_to_server(&m);
        swap_ends(&m);
        b = u8(f);
        m.status = gen_status(f, b);
        gen_fields(p, &m, 0xfe);
        n = status_headers(m.status, hdrs);
        present = u8(f);
        for (guint i = 0; i < n; i++) {
            if (present & (1u << i))
                m.hdr[hdrs[i]] = get_str(f, header_kind(hdrs[i]));
        }
        break;
    }
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
    if (flavor != 4)
        gen_ext(p, &m, u8(f));
    if (m.is_request)
        m.status = 0;

    m.frame = p->frame;
    m.index = p->next_index++;
    m.time = next_time(p, &m);
    if (p->n_frames == 0 || p->frames[p->n_frames - 1] != p->frame)
        p->frames[p->n_frames++] = p->frame;
    avoid_known_crashes(&m);
    if (!msg_utf8(&m))
        p->utf8 = FALSE;
    check_msg_helpers(&m, p->utf8);
    if (trace)
        trace_msg(&m);

    stored = &p->msgs[p->n_msgs++];
    *stored = m;
    const sa_result_t *r = sa_ctx_add(p->ctx, stored);
    gboolean want = !m.is_request && m.status >= 300 && m.status <= 699;
    touch(sa_knowledge_status_class(m.status, SA_LANG_EN));
    if (sa_knowledge_explain(m.status) != NULL)
        touch(sa_knowledge_explain(m.status)->reason);
    if ((r != NULL) != want)
        violation("add-result", "sa_ctx_add returned %p for %s status %u", (const void *)r,
                  m.is_request ? "request" : "response", m.status);
    if (p->interleave) {
        note_frame(p, &m.time);
        finish(p);
    }
    if (r != NULL) {
        if (r->frame != m.frame || r->index != m.index || r->status != m.status)
            violation("result-identity", "result %u/%u/%u for message %u/%u/%u", r->frame, r->index,
                      r->status, m.frame, m.index, m.status);
        check_result(p, r);
    }
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

/* The request note of `frame` that answered_by (or retry_of) points to r. */
static const sa_request_note_t *note_for(const fz_prog_t *p, guint32 frame, const sa_result_t *r,
                                         gboolean retry)
{
    const GPtrArray *notes = sa_ctx_frame_requests(p->ctx, frame);

    for (guint i = 0; notes != NULL && i < notes->len; i++) {
        const sa_request_note_t *n = g_ptr_array_index(notes, i);
        if ((retry ? n->retry_of : n->answered_by) == r)
            return n;
    }
    return NULL;
}

static const sa_item_t *item_at(const sa_result_t *r, guint i)
{
    return &g_array_index(r->items, sa_item_t, i);
}

static guint item_total(const sa_result_t *r)
{
    return r->items != NULL ? r->items->len : 0;
}

/* The n-th item with this id, or NULL. */
static const sa_item_t *nth_item(const sa_result_t *r, sa_item_id_t id, guint n)
{
    for (guint i = 0; i < item_total(r); i++) {
        if (item_at(r, i)->id == id && n-- == 0)
            return item_at(r, i);
    }
    return NULL;
}

/* The str of the items with this id (not owned). */
static GPtrArray *item_strs(const sa_result_t *r, sa_item_id_t id)
{
    GPtrArray *out = g_ptr_array_new();

    for (guint i = 0; i < item_total(r); i++) {
        if (item_at(r, i)->id == id && item_at(r, i)->str != NULL)
            g_ptr_array_add(out, item_at(r, i)->str);
    }
    return out;
}

static gboolean has_tag(const GPtrArray *set, const char *tag)
{
    for (guint i = 0; i < set->len; i++) {
        if (g_ascii_strcasecmp(g_ptr_array_index(set, i), tag) == 0)
            return TRUE;
    }
    return FALSE;
}

static const char *kind_name(sa_kind_t kind)
{
    return sa_rules_get(kind)->name;
}

/* Items: ids, depth, owner kind, value by type, tag sets. */
static void check_items(const fz_prog_t *p, const sa_result_t *r, guint counts[SA_I_COUNT])
{
    guint32 f = r->frame;
    gint parent = -1;

    for (guint i = 0; i < item_total(r); i++) {
        const sa_item_t *it = item_at(r, i);
        const char *name;
        const char *dot;
        if (it->id >= SA_I_COUNT) {
            violation("item-id", "frame %u: item %u has id %u", f, i, it->id);
            continue;
        }
        counts[it->id]++;
        name = item_meta[it->id].name;
        dot = strchr(name, '.');
        if (it->depth > 1) {
            violation("item-depth", "frame %u: item %s has depth %u", f, name, it->depth);
        } else if (it->depth == 1) {
            if (parent < 0 || dot == NULL || strlen(item_meta[parent].name) != (size_t)(dot - name) ||
                strncmp(name, item_meta[parent].name, (size_t)(dot - name)) != 0)
                violation("item-depth", "frame %u: item %s (depth 1) follows %s", f, name,
                          parent < 0 ? "no depth-0 item" : item_meta[parent].name);
        } else {
            if (dot != NULL)
                violation("item-depth", "frame %u: item %s has depth 0", f, name);
            parent = it->id;
        }
        if (item_kind[it->id] != r->kind)
            violation("item-kind", "frame %u: %s result holds the item %s", f, kind_name(r->kind), name);
        if (item_from_request[it->id] && r->request_frame == 0)
            violation("item-request", "frame %u: item %s without a captured request", f, name);
        switch (item_meta[it->id].type) {
        case IT_STRING:
        case IT_TAG:
            if (it->str == NULL)
                violation("item-string", "frame %u: item %s without a string", f, name);
            else if (p->utf8 && !g_utf8_validate(it->str, -1, NULL)) {
                char *x = show(it->str);
                violation("item-utf8", "frame %u: item %s \"%s\" is not valid UTF-8", f, name, x);
                g_free(x);
            }
            break;
        case IT_UINT:
            if (it->num < 0 || it->num > G_GINT64_CONSTANT(4294967295))
                violation("item-value", "frame %u: item %s = %" G_GINT64_FORMAT, f, name, it->num);
            break;
        case IT_Q:
            if (it->num < 0 || it->num > 1000 || it->str != NULL)
                violation("item-value", "frame %u: item %s = %" G_GINT64_FORMAT, f, name, it->num);
            break;
        case IT_BOOL:
            if ((it->num != 0 && it->num != 1) || it->str != NULL)
                violation("item-value", "frame %u: item %s = %" G_GINT64_FORMAT, f, name, it->num);
            break;
        }
        touch(it->str);
    }
    for (guint id = 0; id < SA_I_COUNT; id++) {
        if (item_meta[id].type == IT_TAG && counts[id] > 0) {
            GPtrArray *set = item_strs(r, (sa_item_id_t)id);
            check_tagset(set, item_meta[id].name);
            g_ptr_array_free(set, TRUE);
        }
    }
}

/* What each rule reads, and the header it finds missing. */
static void check_kind(const fz_prog_t *p, const sa_result_t *r, const sa_msg_t *m,
                       const guint counts[SA_I_COUNT])
{
    guint32 f = r->frame;
    gboolean missing = r->missing_header != NULL;
    gboolean want_missing = FALSE;

    switch (r->kind) {
    case SA_KIND_REDIRECT: {
        guint uris = counts[SA_I_NEW_URI];
        gint64 last_q = 1000;
        const sa_item_t *count = nth_item(r, SA_I_NEW_URI_COUNT, 0);
        if (count == NULL || counts[SA_I_NEW_URI_COUNT] != 1 || count->num != uris)
            violation("redirect-count",
                      "frame %u: %u new URIs, new_uri_count %" G_GINT64_FORMAT " (%u times)", f, uris,
                      count ? count->num : -1, counts[SA_I_NEW_URI_COUNT]);
        for (guint i = 0; i < item_total(r); i++) {
            const sa_item_t *it = item_at(r, i);
            gint64 q = 1000;
            if (it->id != SA_I_NEW_URI)
                continue;
            if (it->str == NULL || it->str[0] == '\0')
                violation("redirect-uri", "frame %u: an empty new URI", f);
            for (guint j = i + 1; j < item_total(r) && item_at(r, j)->depth == 1; j++) {
                if (item_at(r, j)->id == SA_I_NEW_URI_Q)
                    q = item_at(r, j)->num;
            }
            if (q > last_q)
                violation("redirect-order",
                          "frame %u: new URIs not by falling q (%" G_GINT64_FORMAT " after %" G_GINT64_FORMAT
                          ")",
                          f, q, last_q);
            last_q = q;
        }
        if (r->status == 305 && uris > 0) {
            const sa_item_t *proxy = nth_item(r, SA_I_PROXY, 0);
            if (proxy == NULL || counts[SA_I_PROXY] != 1 ||
                g_strcmp0(proxy->str, nth_item(r, SA_I_NEW_URI, 0)->str))
                violation("redirect-proxy", "frame %u: 305 whose proxy is not its first new URI", f);
        } else if (counts[SA_I_PROXY] != 0) {
            violation("redirect-proxy", "frame %u: a proxy item in a %u", f, r->status);
        }
        if (r->status != 380 && counts[SA_I_ALTERNATIVE] != 0)
            violation("redirect-alternative", "frame %u: an alternative item in a %u", f, r->status);
        want_missing = uris == 0 && r->status != 380;
        break;
    }
    case SA_KIND_BAD_EXTENSION:
        want_missing = counts[SA_I_UNSUPPORTED] == 0;
        break;
    case SA_KIND_EXTENSION_REQUIRED: {
        GPtrArray *required = item_strs(r, SA_I_REQUIRED);
        GPtrArray *supported = item_strs(r, SA_I_SUPPORTED);
        GPtrArray *miss = item_strs(r, SA_I_MISSING);
        for (guint i = 0; i < miss->len; i++) {
            const char *t = g_ptr_array_index(miss, i);
            if (!has_tag(required, t) || has_tag(supported, t)) {
                char *x = show(t);
                violation("421-missing", "frame %u: missing \"%s\" is not required, or supported", f, x);
                g_free(x);
            }
        }
        if (sa_result_has(r, SA_F_REQUIRED_ALREADY_SUPPORTED) &&
            (miss->len != 0 || required->len == 0 || r->request_frame == 0))
            violation("421-already-supported", "frame %u: already supported with %u missing of %u required",
                      f, miss->len, required->len);
        want_missing = required->len == 0;
        g_ptr_array_free(required, TRUE);
        g_ptr_array_free(supported, TRUE);
        g_ptr_array_free(miss, TRUE);
        break;
    }
    case SA_KIND_SESSION_INTERVAL:
        want_missing = counts[SA_I_MIN_SE] == 0;
        break;
    case SA_KIND_INTERVAL_TOO_BRIEF:
        want_missing = counts[SA_I_MIN_EXPIRES] == 0;
        break;
    case SA_KIND_SECURITY:
        want_missing = counts[SA_I_SECURITY_MECHANISM] == 0;
        break;
    case SA_KIND_AUTH: {
        const sa_item_t *stale = nth_item(r, SA_I_AUTH_STALE, 0);
        want_missing = counts[SA_I_AUTH_SCHEME] == 0;
        if (counts[SA_I_AUTH_SCHEME] > 1 || counts[SA_I_AUTH_STALE] != counts[SA_I_AUTH_SCHEME])
            violation("auth-items", "frame %u: %u schemes, %u stale items", f, counts[SA_I_AUTH_SCHEME],
                      counts[SA_I_AUTH_STALE]);
        if (sa_result_has(r, SA_F_AUTH_REJECTED) &&
            (counts[SA_I_REQUEST_CREDENTIALS] == 0 || stale == NULL || stale->num != 0))
            violation("auth-rejected", "frame %u: rejected without credentials, or with a stale nonce", f);
        break;
    }
    case SA_KIND_METHOD:
        want_missing = m->hdr[SA_H_ALLOW] == NULL;
        break;
    case SA_KIND_MEDIA:
        want_missing = m->hdr[SA_H_ACCEPT] == NULL && m->hdr[SA_H_ACCEPT_ENCODING] == NULL &&
                       m->hdr[SA_H_ACCEPT_LANGUAGE] == NULL;
        break;
    case SA_KIND_EVENT:
        want_missing = m->hdr[SA_H_ALLOW_EVENTS] == NULL;
        break;
    case SA_KIND_TOO_LARGE:
        if ((counts[SA_I_REQUEST_SIZE] != 0) != (r->request_frame != 0) ||
            counts[SA_I_REQUEST_SIZE] != counts[SA_I_REQUEST_TRANSPORT])
            violation("too-large-items", "frame %u: %u size, %u transport items, request in frame %u", f,
                      counts[SA_I_REQUEST_SIZE], counts[SA_I_REQUEST_TRANSPORT], r->request_frame);
        break;
    case SA_KIND_RETRY_AFTER: {
        const sa_item_t *wait = nth_item(r, SA_I_RETRY_AFTER, 0);
        if (wait == NULL || counts[SA_I_RETRY_AFTER] != 1 ||
            wait->num != ref_delta_prefix(m->hdr[SA_H_RETRY_AFTER]))
            violation("retry-after-item", "frame %u: %u Retry-After items for Retry-After %s", f,
                      counts[SA_I_RETRY_AFTER], m->hdr[SA_H_RETRY_AFTER] ? "present" : "absent");
        break;
    }
    default:
        break;
    }
    if (r->resend)
        want_missing = FALSE; /* the first copy carries it */
    if (missing != want_missing) {
        char *x = show(r->missing_header);
        violation("kind-missing", "frame %u: %s result (status %u) with missing_header %s", f,
                  kind_name(r->kind), r->status, x);
        g_free(x);
    }
    /* Findings that only some kinds have. */
    if ((sa_result_has(r, SA_F_REDIRECT_LOOP) || sa_result_has(r, SA_F_RETRY_WRONG_DESTINATION)) &&
        r->kind != SA_KIND_REDIRECT)
        violation("finding-kind", "frame %u: %s result with a redirect finding", f, kind_name(r->kind));
    if (sa_result_has(r, SA_F_RETRY_TOO_EARLY) && r->kind != SA_KIND_RETRY_AFTER)
        violation("finding-kind", "frame %u: %s result with retry_too_early", f, kind_name(r->kind));
    if (sa_result_has(r, SA_F_REQUIRED_ALREADY_SUPPORTED) && r->kind != SA_KIND_EXTENSION_REQUIRED)
        violation("finding-kind", "frame %u: %s result with required_already_supported", f,
                  kind_name(r->kind));
    (void)p;
}

static void check_text(const fz_prog_t *p, const sa_result_t *r, const char *what, char *text,
                       gboolean required)
{
    if (text == NULL) {
        if (required)
            violation("text-null", "frame %u (%s result, status %u): %s is NULL", r->frame,
                      kind_name(r->kind), r->status, what);
        return;
    }
    if (p->utf8 && !g_utf8_validate(text, -1, NULL)) {
        char *x = show(text);
        violation("text-utf8", "frame %u: %s \"%s\" is not valid UTF-8", r->frame, what, x);
        g_free(x);
    }
    touch(text);
    g_free(text);
}

/* Every text of a result, as the tree, the expert entries and the Info
 * column ask for them (packet-sipadvisor.c). */
static void check_texts(const fz_prog_t *p, const sa_result_t *r)
{
    gboolean analysed = r->kind != SA_KIND_EXPLAIN;
    sa_finding_t headline = sa_result_headline(r);

    for (int f = 0; f < SA_F_COUNT; f++) {
        if (!sa_result_has(r, (sa_finding_t)f))
            continue;
        for (int lang = 0; lang < SA_LANG_COUNT; lang++) {
            check_text(p, r, sa_finding_name((sa_finding_t)f),
                       sa_finding_detail(r, (sa_finding_t)f, (sa_lang_t)lang, FALSE), FALSE);
            check_text(p, r, sa_finding_name((sa_finding_t)f),
                       sa_finding_detail(r, (sa_finding_t)f, (sa_lang_t)lang, TRUE), FALSE);
            touch(sa_finding_summary((sa_finding_t)f, (sa_lang_t)lang));
        }
    }
    for (int lang = 0; lang < SA_LANG_COUNT; lang++) {
        char *fix = sa_result_fix(r, (sa_lang_t)lang);
        if (!analysed && fix != NULL)
            violation("text-explain", "frame %u: an explained-only %u has a fix", r->frame, r->status);
        check_text(p, r, "fix", fix, analysed);
    }
    check_text(p, r, "info", sa_result_info(r), analysed);
    /* The tree labels an analysed result "<summary of its headline>: <detail>". */
    if (analysed) {
        if (headline >= SA_F_COUNT) {
            for (int lang = 0; lang < SA_LANG_COUNT; lang++) {
                char *detail = sa_finding_detail(r, headline, (sa_lang_t)lang, TRUE);
                if (detail != NULL)
                    violation("text-headline", "frame %u: a detail for no finding", r->frame);
                g_free(detail);
            }
            violation(r->resend ? "tree-headline-resend" : "tree-headline",
                      "frame %u: %s result (status %u%s) without a headline: draw_result would read "
                      "sa_finding_summary(SA_F_COUNT)",
                      r->frame, kind_name(r->kind), r->status, r->resend ? ", a retransmission" : "");
        } else {
            for (int lang = 0; lang < SA_LANG_COUNT; lang++) {
                check_text(p, r, "headline", sa_finding_detail(r, headline, (sa_lang_t)lang, TRUE), FALSE);
                touch(sa_finding_summary(headline, (sa_lang_t)lang));
            }
        }
    }
}

static void check_result(fz_prog_t *p, const sa_result_t *r)
{
    const guint64 headline_mask =
        (SA_FINDING_BIT(SA_F_TOO_LARGE) << 1) - SA_FINDING_BIT(SA_F_MOVED_PERMANENTLY);
    const guint64 verdicts = SA_FINDING_BIT(SA_F_RETRY_UNFIXED) |
                             SA_FINDING_BIT(SA_F_RETRY_WRONG_DESTINATION) |
                             SA_FINDING_BIT(SA_F_RETRY_TOO_EARLY);
    guint32 f = r->frame;
    const sa_msg_t *m = find_msg(p, r->frame, r->index);
    gboolean analysed = r->kind != SA_KIND_EXPLAIN;
    gboolean finished = sa_ctx_finished(p->ctx);
    guint counts[SA_I_COUNT] = {0};
    guint new_uris;

    if (m == NULL || m->is_request || m->status != r->status) {
        violation("result-identity", "result %u/%u (status %u) is not a response that was fed", f, r->index,
                  r->status);
        return;
    }
    if (r->status < 300 || r->status > 699)
        violation("result-status", "result in frame %u has status %u", f, r->status);
    if ((guint)r->kind >= SA_KIND_COUNT || r->kind != expected_kind(m)) {
        violation("result-kind", "frame %u: status %u has kind %d, expected %d", f, r->status, r->kind,
                  expected_kind(m));
        return;
    }
    if (r->time.secs != m->time.secs || r->time.nsecs != m->time.nsecs ||
        memcmp(&r->server, &m->src, sizeof r->server) != 0)
        violation("result-identity", "frame %u: time or server differ from the response's", f);
    if (!in_frame_results(p->ctx, r))
        violation("result-stored", "result of frame %u/%u is not among its frame's results", f, r->index);
    touch(r->request_method);
    touch(r->request_uri);
    touch(r->retry_uri);
    touch(r->retry_detail);
    sink +=
        (size_t)r->response_time.nsecs + (size_t)r->has_response_time + (size_t)r->match + r->retry_status;

    /* Findings. */
    if ((r->findings >> SA_F_COUNT) != 0 || sa_result_has(r, SA_F_LIST_CUT))
        violation("findings-range", "frame %u: findings 0x%" G_GINT64_MODIFIER "x", f, r->findings);
    if (!analysed && r->findings != 0)
        violation("result-explain", "frame %u: explained-only %u with findings 0x%" G_GINT64_MODIFIER "x", f,
                  r->status, r->findings);
    if (!analysed && (r->retry_frame != 0 || r->retry_state != SA_RETRY_UNKNOWN || r->ack_frame != 0 ||
                      r->has_followup_window || r->items != NULL || r->retry_choice != -1))
        violation("result-explain", "frame %u: explained-only %u is judged", f, r->status);
    if (analysed && r->resend && r->findings != SA_FINDING_BIT(SA_F_RESPONSE_RESENT))
        violation("result-resend-findings",
                  "frame %u: retransmission with findings 0x%" G_GINT64_MODIFIER "x", f, r->findings);
    if (r->resend && (r->retry_frame != 0 || r->retry_state != SA_RETRY_UNKNOWN || r->ack_frame != 0 ||
                      r->has_followup_window))
        violation("result-resend", "frame %u: a retransmission is followed up", f);
    if (analysed && !r->resend) {
        guint64 h = r->findings & headline_mask;
        if (h == 0 || (h & (h - 1)) != 0 || !headline_fits(r, sa_result_headline(r)))
            violation("result-headline",
                      "frame %u: %s result (status %u) with findings 0x%" G_GINT64_MODIFIER "x", f,
                      kind_name(r->kind), r->status, r->findings);
    } else if (sa_result_headline(r) != (analysed ? SA_F_RESPONSE_RESENT : SA_F_COUNT)) {
        /* The tree labels a retransmission with RESPONSE_RESENT; an
         * explained-only result has no headline. */
        violation("result-headline", "frame %u: headline %d on a retransmission or explained-only result", f,
                  (int)sa_result_headline(r));
    }

    /* The request side. */
    if ((r->request_frame == 0) != (r->match == SA_MATCH_NONE))
        violation("result-match", "frame %u: request_frame %u with match %d", f, r->request_frame, r->match);
    if (analysed && !r->resend &&
        (r->request_frame == 0) !=
            (sa_result_has(r, SA_F_REQUEST_NOT_CAPTURED) || sa_result_has(r, SA_F_UNMATCHABLE)))
        violation("result-not-captured", "frame %u: request_frame %u with findings 0x%" G_GINT64_MODIFIER "x",
                  f, r->request_frame, r->findings);
    if (sa_result_has(r, SA_F_REQUEST_NOT_CAPTURED) && sa_result_has(r, SA_F_UNMATCHABLE))
        violation("result-not-captured", "frame %u: both request_not_captured and unmatchable", f);
    if (r->request_frame == 0 && (r->has_response_time || r->request_uri != NULL))
        violation("result-uncaptured-fields", "frame %u: no request but a response time or Request-URI", f);
    if (r->request_frame > f)
        violation("result-order", "frame %u answers a request in later frame %u", f, r->request_frame);
    if (r->resend && (r->original_frame == 0 || r->original_frame > f))
        violation("result-resend", "frame %u: resend of frame %u", f, r->original_frame);
    if (!r->resend && r->original_frame != 0)
        violation("result-resend", "frame %u: not a resend but original %u", f, r->original_frame);
    if (r->request_frame != 0) {
        const sa_request_note_t *n = note_for(p, r->request_frame, r, FALSE);
        const sa_msg_t *q = n != NULL ? find_msg(p, n->frame, n->index) : NULL;
        if (n != NULL && (q == NULL || !q->is_request))
            violation("request-note", "frame %u: its request note %u/%u is no request", f, n->frame,
                      n->index);
        if (q != NULL && q->is_request) {
            gboolean want = time_in_range(&q->time) && time_in_range(&m->time);
            if (r->has_response_time != want ||
                (want && time_ns(&r->response_time) != time_ns(&m->time) - time_ns(&q->time))) {
                char *a = time_text(&q->time), *b = time_text(&m->time), *c = time_text(&r->response_time);
                violation("response-time", "frame %u: request at %s, response at %s: response time %d %s", f,
                          a, b, r->has_response_time, c);
                g_free(a);
                g_free(b);
                g_free(c);
            }
            if (g_strcmp0(r->request_method, q->method) != 0 ||
                g_strcmp0(r->request_uri, q->ruri != NULL && q->ruri[0] != '\0' ? q->ruri : NULL) != 0)
                violation("result-request", "frame %u: request method or URI differ from frame %u's", f,
                          q->frame);
        }
    }

    /* Follow-up. */
    if (r->last_frame < f || r->last_frame > last_msg_frame(p))
        violation("result-last-frame", "frame %u: last_frame %u (capture at %u)", f, r->last_frame,
                  last_msg_frame(p));
    if (r->ack_frame != 0 && (r->ack_frame < f || r->ack_frame > r->last_frame))
        violation("result-ack", "frame %u: ack_frame %u, last_frame %u", f, r->ack_frame, r->last_frame);
    if (r->ack_frame != 0) {
        gboolean ack = FALSE;
        for (guint i = 0; i < p->n_msgs && !ack; i++)
            ack = p->msgs[i].frame == r->ack_frame && p->msgs[i].is_request &&
                  g_strcmp0(p->msgs[i].method, "ACK") == 0;
        if (!ack)
            violation("result-ack", "frame %u: ack_frame %u holds no ACK", f, r->ack_frame);
    }
    if (r->retry_frame != 0 && r->retry_frame < f)
        violation("result-retry", "frame %u: retry in earlier frame %u", f, r->retry_frame);
    if (r->retry_status != 0 && r->retry_frame == 0)
        violation("result-retry-status", "frame %u: retry status %u without retry", f, r->retry_status);
    if ((guint)r->retry_state > SA_RETRY_NONE)
        violation("retry-state", "frame %u: retry_state %d", f, r->retry_state);
    if ((r->retry_frame != 0) != (r->retry_state == SA_RETRY_FIXED || r->retry_state == SA_RETRY_UNFIXED))
        violation("retry-state", "frame %u: retry_frame %u with retry_state %d", f, r->retry_frame,
                  r->retry_state);
    if ((r->retry_frame != 0) != (r->retry_detail != NULL))
        violation("retry-detail", "frame %u: retry_frame %u with retry_detail %s", f, r->retry_frame,
                  r->retry_detail ? "set" : "NULL");
    if ((r->retry_state == SA_RETRY_FIXED) != sa_result_has(r, SA_F_FOLLOWED))
        violation("retry-fixed", "frame %u: retry_state %d with findings 0x%" G_GINT64_MODIFIER "x", f,
                  r->retry_state, r->findings);
    if (r->retry_state == SA_RETRY_UNFIXED) {
        guint64 v = r->findings & verdicts;
        if (v == 0 || (v & (v - 1)) != 0)
            violation("retry-unfixed", "frame %u: unfixed retry with findings 0x%" G_GINT64_MODIFIER "x", f,
                      r->findings);
    } else if ((r->findings & verdicts) != 0) {
        violation("retry-unfixed", "frame %u: retry_state %d with findings 0x%" G_GINT64_MODIFIER "x", f,
                  r->retry_state, r->findings);
    }
    if (finished && sa_result_has(r, SA_F_NOT_FOLLOWED) &&
        (r->retry_state != SA_RETRY_NONE || r->resend || sa_result_has(r, SA_F_UNMATCHABLE) ||
         sa_result_has(r, SA_F_AUTH_REJECTED) || sa_result_has(r, SA_F_REDIRECT_LOOP)))
        violation("not-followed",
                  "frame %u: not followed with retry_state %d, resend %d, findings 0x%" G_GINT64_MODIFIER "x",
                  f, r->retry_state, r->resend, r->findings);
    /* NOT_FOLLOWED only where the response asks for a retry: not after a
     * Retry-After on its own, a 380 or an explained-only code. */
    if (finished && sa_result_has(r, SA_F_NOT_FOLLOWED) && !sa_rules_expects_retry(r))
        violation("not-followed", "frame %u: not followed, but status %u does not ask for a retry", f,
                  r->status);
    if (finished && analysed && !r->resend && r->retry_state == SA_RETRY_NONE &&
        !sa_result_has(r, SA_F_AUTH_REJECTED) && !sa_result_has(r, SA_F_REDIRECT_LOOP) &&
        sa_rules_expects_retry(r) != sa_result_has(r, SA_F_NOT_FOLLOWED))
        violation("not-followed", "frame %u: never retried, status %u, not_followed %d", f, r->status,
                  sa_result_has(r, SA_F_NOT_FOLLOWED));
    /* A follow-up window belongs to every first copy nobody retried (how
     * long the capture went on after it), except after refused credentials
     * or a loop, where giving up is right. */
    if (r->has_followup_window && (r->retry_state != SA_RETRY_NONE || r->resend))
        violation("followup-window", "frame %u: a follow-up window on a retried or resent response", f);
    if (finished && analysed && !r->resend && !p->odd_times) {
        /* Against the capture end that sa_ctx_finish judged with ... */
        const nstime_t *end = &p->judged_end;
        gboolean want = r->retry_state == SA_RETRY_NONE && !sa_result_has(r, SA_F_AUTH_REJECTED) &&
                        !sa_result_has(r, SA_F_REDIRECT_LOOP) && p->judged_has_end &&
                        time_ns(end) >= time_ns(&r->last_time) && time_in_range(end) &&
                        time_in_range(&r->last_time);
        if (r->has_followup_window != want ||
            (want && time_ns(&r->followup_window) != time_ns(end) - time_ns(&r->last_time))) {
            char *a = time_text(&r->last_time), *b = time_text(end), *c = time_text(&r->followup_window);
            violation(far_apart(p->max_noted - p->min_noted) ? "followup-window-far" : "followup-window",
                      "frame %u: last at %s, capture end %s: window %d %s", f, a, b, r->has_followup_window,
                      c);
            g_free(a);
            g_free(b);
            g_free(c);
        }
        /* ... which is the end of the capture noted so far. */
        if (r->retry_state == SA_RETRY_NONE &&
            (p->judged_has_end != p->has_end || (p->has_end && time_ns(end) != time_ns(&p->end_time)))) {
            char *a = time_text(end), *b = time_text(&p->end_time);
            violation(
                "followup-window-stale",
                "frame %u: sa_ctx_finish judged the follow-up window with the capture ending at %s; frames "
                "noted since end at %s, and sa_ctx_finish did not judge again",
                f, a, b);
            g_free(a);
            g_free(b);
        }
    }
    if (sa_result_has(r, SA_F_NO_ACK) && (r->ack_frame != 0 || g_strcmp0(r->request_method, "INVITE") != 0 ||
                                          last_msg_frame(p) <= r->last_frame))
        violation("no-ack", "frame %u: no_ack with ack %u, method %s, last_frame %u (capture at %u)", f,
                  r->ack_frame, r->request_method ? r->request_method : "(null)", r->last_frame,
                  last_msg_frame(p));
    if (r->retry_frame != 0) {
        const sa_request_note_t *n = note_for(p, r->retry_frame, r, TRUE);
        const sa_msg_t *q = n != NULL ? find_msg(p, n->frame, n->index) : NULL;
        if (q == NULL || !q->is_request) {
            violation("request-retry", "frame %u: no request note for its retry in frame %u", f,
                      r->retry_frame);
        } else {
            if (g_strcmp0(r->retry_uri, q->ruri) != 0)
                violation("retry-uri", "frame %u: retry_uri differs from the Request-URI of frame %u", f,
                          q->frame);
            if (r->kind == SA_KIND_RETRY_AFTER && time_normal(&m->time) && time_normal(&q->time)) {
                const sa_item_t *wait = nth_item(r, SA_I_RETRY_AFTER, 0);
                gint64 w = wait != NULL ? wait->num : 0;
                i128 gap = time_ns(&q->time) - time_ns(&m->time);
                gboolean ok = gap >= 0 && gap >= (i128)w * NS_PER_S;
                if (ok != (r->retry_state == SA_RETRY_FIXED)) {
                    char *a = time_text(&m->time), *b = time_text(&q->time);
                    violation(far_apart(gap) ? "retry-after-verdict-far" : "retry-after-verdict",
                              "frame %u: Retry-After %" G_GINT64_FORMAT
                              " s, response at %s, retry at %s: retry_state %d",
                              f, w, a, b, r->retry_state);
                    g_free(a);
                    g_free(b);
                }
            }
        }
    }
    if (r->chain_prev != NULL) {
        const sa_result_t *c = r->chain_prev;
        if (!in_frame_results(p->ctx, c) || c->resend || c->kind == SA_KIND_EXPLAIN || c->retry_frame == 0 ||
            c->retry_frame != r->request_frame)
            violation("chain",
                      "frame %u: chain_prev (frame %u) was retried in frame %u, this answers frame %u", f,
                      c->frame, c->retry_frame, r->request_frame);
    }

    /* Protocol findings and their strings. */
    if (r->resend) {
        if (r->missing_header != NULL)
            violation("missing-header-resend",
                      "frame %u: retransmission (status %u) with missing_header \"%s\"", f, r->status,
                      r->missing_header);
        if (r->loop_uri != NULL)
            violation("redirect-loop-resend", "frame %u: retransmission (status %u) with loop_uri", f,
                      r->status);
    } else {
        if (sa_result_has(r, SA_F_MISSING_HEADER) != (r->missing_header != NULL))
            violation("missing-header", "frame %u: findings 0x%" G_GINT64_MODIFIER "x with missing_header %s",
                      f, r->findings, r->missing_header ? "set" : "NULL");
        if (sa_result_has(r, SA_F_REDIRECT_LOOP) != (r->loop_uri != NULL))
            violation("redirect-loop", "frame %u: findings 0x%" G_GINT64_MODIFIER "x with loop_uri %s", f,
                      r->findings, r->loop_uri ? "set" : "NULL");
    }
    touch(r->missing_header);

    check_items(p, r, counts);
    if (analysed)
        check_kind(p, r, m, counts);
    if (r->loop_uri != NULL) {
        gboolean offered = FALSE;
        for (guint i = 0; i < item_total(r); i++)
            offered = offered ||
                      (item_at(r, i)->id == SA_I_NEW_URI && g_strcmp0(item_at(r, i)->str, r->loop_uri) == 0);
        if (!offered || r->loop_frame == 0 || r->loop_frame > r->request_frame)
            violation("redirect-loop",
                      "frame %u: loop to a URI %s offered, tried in frame %u (request in %u)", f,
                      offered ? "it" : "not", r->loop_frame, r->request_frame);
    }
    new_uris = counts[SA_I_NEW_URI];
    if (r->retry_choice < -1 || r->retry_choice >= (gint)new_uris) {
        violation("retry-choice", "frame %u: retry_choice %d of %u new URIs", f, r->retry_choice, new_uris);
    } else if (r->retry_choice >= 0) {
        if (r->kind != SA_KIND_REDIRECT || r->retry_frame == 0 ||
            !sa_uri_equal(nth_item(r, SA_I_NEW_URI, (guint)r->retry_choice)->str, r->retry_uri))
            violation("retry-choice", "frame %u: retry_choice %d is not the URI retried", f, r->retry_choice);
        for (gint i = 0; i < r->retry_choice; i++) {
            if (sa_uri_equal(nth_item(r, SA_I_NEW_URI, (guint)i)->str, r->retry_uri))
                violation("retry-choice", "frame %u: retry_choice %d, but new URI %d is the one retried", f,
                          r->retry_choice, i);
        }
    }
    if (r->kind == SA_KIND_REDIRECT && r->retry_choice < 0 &&
        (sa_result_has(r, SA_F_RETRY_WRONG_DESTINATION) ||
         (sa_result_has(r, SA_F_FOLLOWED) && (r->status == 300 || r->status == 301 || r->status == 302))))
        violation("retry-choice", "frame %u: %u retried at an offered URI without retry_choice", f,
                  r->status);

    check_texts(p, r);
}

static void trace_result(const sa_result_t *r)
{
    char *miss = show(r->missing_header), *loop = show(r->loop_uri), *detail = show(r->retry_detail);

    fprintf(
        stderr,
        "result %u/%u %u %s match=%d request=%u resend=%d findings=0x%" G_GINT64_MODIFIER
        "x items=%u missing=%s loop=%s ack=%u last=%u retry=%u state=%d choice=%d detail=%s retry_status=%u "
        "window=%d\n",
        r->frame, r->index, r->status, kind_name(r->kind), r->match, r->request_frame, r->resend, r->findings,
        item_total(r), miss, loop, r->ack_frame, r->last_frame, r->retry_frame, r->retry_state,
        r->retry_choice, detail, r->retry_status, r->has_followup_window);
    for (guint i = 0; i < item_total(r); i++) {
        const sa_item_t *it = item_at(r, i);
        char *s = show(it->str);
        fprintf(stderr, "    %s%s = %s / %" G_GINT64_FORMAT "\n", it->depth ? "  " : "",
                it->id < SA_I_COUNT ? item_meta[it->id].name : "?", s, it->num);
        g_free(s);
    }
    g_free(miss);
    g_free(loop);
    g_free(detail);
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
                trace_result(r);
            if (r->frame != frame)
                violation("frame-results", "frame %u holds a result of frame %u", frame, r->frame);
            check_result(p, r);
        }
        for (guint j = 0; requests != NULL && j < requests->len; j++) {
            const sa_request_note_t *n = g_ptr_array_index(requests, j);
            const sa_msg_t *q = find_msg(p, n->frame, n->index);
            if (n->frame != frame)
                violation("frame-requests", "frame %u holds a note of frame %u", frame, n->frame);
            if (q == NULL || !q->is_request)
                violation("request-note", "note %u/%u is not a request that was fed", n->frame, n->index);
            if (n->answered_by == NULL && n->retry_of == NULL)
                violation("request-note-empty", "frame %u: empty request note", frame);
            if (n->answered_by != NULL) {
                if (n->answered_by->request_frame != frame || n->answered_by->resend)
                    violation("request-answered", "note in frame %u answered by a result for frame %u", frame,
                              n->answered_by->request_frame);
                /* Stored, so checked with the results of its own frame. */
                if (!in_frame_results(p->ctx, n->answered_by))
                    violation("request-answered", "frame %u: answered_by is not a stored result", frame);
            }
            if (n->retry_of != NULL) {
                if (n->retry_of->retry_frame != frame || n->retry_of->kind == SA_KIND_EXPLAIN ||
                    n->retry_of->resend)
                    violation("request-retry",
                              "note in frame %u is the retry of a result retried in frame %u", frame,
                              n->retry_of->retry_frame);
                if (q != NULL && (g_strcmp0(q->method, "CANCEL") == 0 || g_strcmp0(q->method, "ACK") == 0))
                    violation("request-retry", "frame %u: a %s taken for a retry", frame, q->method);
                if (!in_frame_results(p->ctx, n->retry_of))
                    violation("request-retry", "frame %u: retry_of is not a stored result", frame);
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

/* The tables above against the rules' own (once). */
static void check_tables(void)
{
    gsize n = 0;
    const guint *codes = sa_rules_codes(&n);
    gboolean seen[SA_I_COUNT] = {FALSE};

    for (guint i = 0; i < SA_I_COUNT; i++)
        item_kind[i] = SA_KIND_COUNT;
    for (guint i = 0; i < N(item_owners); i++) {
        if (seen[item_owners[i].id])
            violation("harness-tables", "item %s listed twice in item_owners",
                      item_meta[item_owners[i].id].name);
        seen[item_owners[i].id] = TRUE;
        item_kind[item_owners[i].id] = item_owners[i].kind;
        item_from_request[item_owners[i].id] = item_owners[i].from_request;
    }
    for (guint i = 0; i < SA_I_COUNT; i++) {
        if (!seen[i])
            violation("harness-tables", "item %s (sipadvisor-items.h) is not in item_owners",
                      item_meta[i].name);
    }
    if (n != N(status_kinds))
        violation("rules-codes", "the rules name %zu status codes, the harness %zu", (size_t)n,
                  (size_t)N(status_kinds));
    for (gsize i = 0; i < n && i < N(status_kinds); i++) {
        sa_msg_t m = {0};
        sa_kind_t kind = SA_KIND_COUNT;
        m.status = codes[i];
        if (codes[i] != status_kinds[i].code || !sa_rules_kind_of(&m, &kind) || kind != status_kinds[i].kind)
            violation("rules-codes", "status %u has kind %d in the rules", codes[i], kind);
    }
    for (int k = 0; k < SA_KIND_COUNT; k++) {
        if (sa_rules_get((sa_kind_t)k)->kind != (sa_kind_t)k || sa_rules_get((sa_kind_t)k)->name == NULL)
            violation("rules-get", "sa_rules_get(%d) is another kind's rule", k);
    }
    if (sa_rules_get(SA_KIND_COUNT) != sa_rules_get(SA_KIND_EXPLAIN))
        violation("rules-get", "sa_rules_get(SA_KIND_COUNT) is not the explain rule");
    for (int f = 0; f < SA_F_COUNT; f++) {
        for (int lang = 0; lang < SA_LANG_COUNT; lang++) {
            const char *s = sa_finding_summary((sa_finding_t)f, (sa_lang_t)lang);
            if (s == NULL || s[0] == '\0' || !g_utf8_validate(s, -1, NULL))
                violation("finding-texts", "finding %d has no summary", f);
        }
        if (sa_finding_name((sa_finding_t)f) == NULL)
            violation("finding-texts", "finding %d has no name", f);
    }
}

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
    check_tables();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Reused: clearing 100 KB of messages per run would cost more than the
     * run; only the first n_msgs entries are ever read. */
    static fz_prog_t prog;
    fz_prog_t *p = &prog;
    fz_t *f = &p->f;
    guint8 head;
    char *problem;

    memset(f, 0, sizeof *f);
    p->n_msgs = 0;
    p->next_index = 0;
    p->n_frames = 0;
    p->utf8 = TRUE;
    p->has_end = FALSE;
    p->judged_has_end = FALSE;
    p->odd_times = FALSE;
    p->time_set = FALSE;

    f->data = data;
    f->size = size;
    f->arena = g_ptr_array_new_with_free_func(g_free);
    p->ctx = sa_ctx_new();
    head = u8(f);
    p->time_mode = head & 7;
    p->interleave = (head & 0x40) != 0;
    p->frame = (head & 0x80) ? G_MAXUINT32 - 70000u : 1;
    p->time_ns = G_GINT64_CONSTANT(1700000000) * NS_PER_S;

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
            if (trace) {
                char *x = show(a), *y = show(b);
                fprintf(stderr, "uri pair \"%s\" ~ \"%s\": %d\n", x, y, sa_uri_equal(a, b));
                g_free(x);
                g_free(y);
            }
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
    /* Then as the first pass ends: every frame's time noted (and, when the
     * capture goes on after the last SIP message, a later one), the whole
     * capture judged. */
    if (!p->interleave) {
        for (guint i = 0; i < p->n_msgs; i++)
            note_frame(p, &p->msgs[i].time);
    }
    if ((head & 0x20) && p->n_msgs > 0) {
        nstime_t later = time_from_ns(time_ns(&p->msgs[p->n_msgs - 1].time) + (i128)3600 * NS_PER_S);
        note_frame(p, &later);
    }
    finish(p);
    if (!sa_ctx_finished(p->ctx))
        violation("finished", "sa_ctx_finish did not finish");
    read_back(p);
    problem = sa_rules_check();
    if (problem != NULL)
        violation("rules-check", "sa_rules_check: %s", problem);
    g_free(problem);
    sa_ctx_free(p->ctx);
    sa_ctx_free(NULL);
    if (sa_knowledge_option_tag(NULL) != NULL)
        violation("option-tag-null", "sa_knowledge_option_tag(NULL) is not NULL");
    g_ptr_array_free(f->arena, TRUE);
    return 0;
}
