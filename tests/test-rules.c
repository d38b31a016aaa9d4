/* test-rules.c
 * Unit tests of the rules, one or more per analysed code: the items read,
 * the findings, the fix and the judgement of the client's retry.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "sipadvisor-analysis.h"
#include "sipadvisor-knowledge.h"
#include "sipadvisor-rules.h"

#define F(id) SA_FINDING_BIT(SA_F_##id)

static char *items(const sa_result_t *r, sa_item_id_t id)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id == id)
            g_string_append_printf(s, "%s%s", s->len ? ", " : "", it->str);
    }
    return g_string_free(s, FALSE);
}

static void assert_items(const sa_result_t *r, sa_item_id_t id, const char *expected)
{
    char *text = items(r, id);

    g_assert_cmpstr(text, ==, expected);
    g_free(text);
}

static gint64 num(const sa_result_t *r, sa_item_id_t id)
{
    const sa_item_t *it = sa_result_item(r, id);

    return it != NULL ? it->num : -1;
}

static void assert_fix(const sa_result_t *r, sa_lang_t lang, const char *expected)
{
    char *fix = sa_result_fix(r, lang);

    g_assert_cmpstr(fix, ==, expected);
    g_free(fix);
}

static void assert_detail(const sa_result_t *r, sa_finding_t f, const char *expected)
{
    char *detail = sa_finding_detail(r, f, SA_LANG_EN, FALSE);

    g_assert_cmpstr(detail, ==, expected);
    g_free(detail);
}

static void set_ip(sa_endpoint_t *ep, guint8 last, guint16 port)
{
    const guint8 base[4] = {127, 0, 20, 0};

    memcpy(ep->addr, base, 4);
    ep->addr[3] = last;
    ep->addr_len = 4;
    ep->port = port;
}

/* A request from client .1 to server .2 on loopback 127.0.20.0/24. */
static sa_msg_t request(guint32 frame, const char *method, const char *branch, guint32 cseq)
{
    sa_msg_t m = {0};

    m.frame = frame;
    m.time.secs = frame;
    m.is_request = TRUE;
    m.method = method;
    m.ruri = "sip:bob@example.com";
    m.call_id = "call-1";
    m.has_cseq = TRUE;
    m.cseq = cseq;
    m.cseq_method = method;
    m.via_sent_by = "127.0.20.1:5060";
    m.via_branch = branch;
    m.from_uri = "sip:alice@example.com";
    m.from_tag = "ft1";
    m.to_uri = "sip:bob@example.com";
    m.transport = SA_TRANSPORT_UDP;
    m.length = 600;
    set_ip(&m.src, 1, 5060);
    set_ip(&m.dst, 2, 5060);
    return m;
}

static sa_msg_t response(guint32 frame, guint status, const sa_msg_t *req)
{
    sa_msg_t m = *req;

    m.frame = frame;
    m.time.secs = frame;
    m.is_request = FALSE;
    m.method = NULL;
    m.ruri = NULL;
    m.status = status;
    memset(m.hdr, 0, sizeof m.hdr);
    m.src = req->dst;
    m.dst = req->src;
    return m;
}

/* Request, response, ACK (INVITE) and retry in frames 1-4; returns the
 * result of the response. */
typedef struct scene {
    sa_ctx_t *ctx;
    sa_msg_t req;
    sa_msg_t resp;
    sa_msg_t retry;
    const sa_result_t *r;
} scene_t;

static void scene_init(scene_t *s, const char *method, guint status)
{
    memset(s, 0, sizeof *s);
    s->ctx = sa_ctx_new();
    s->req = request(1, method, "z9hG4bK-1", 1);
    s->resp = response(2, status, &s->req);
    s->retry = request(4, method, "z9hG4bK-2", 2);
}

static const sa_result_t *scene_answer(scene_t *s)
{
    sa_ctx_add(s->ctx, &s->req);
    s->r = sa_ctx_add(s->ctx, &s->resp);
    g_assert_nonnull(s->r);
    if (strcmp(s->req.method, "INVITE") == 0) {
        sa_msg_t ack = request(3, "ACK", "z9hG4bK-1", 1);
        sa_ctx_add(s->ctx, &ack);
    }
    return s->r;
}

static void scene_retry(scene_t *s)
{
    sa_ctx_add(s->ctx, &s->retry);
    sa_ctx_finish(s->ctx);
}

static void scene_free(scene_t *s)
{
    sa_ctx_free(s->ctx);
}

/* ------------------------------------------------------------------ */

static void test_table(void)
{
    gsize n = 0;
    const guint *codes = sa_rules_codes(&n);
    char *problem = sa_rules_check();
    sa_msg_t m = {0};
    sa_kind_t kind;

    g_assert_null(problem);
    g_assert_cmpuint(n, ==, 17);
    g_assert_cmpuint(codes[0], ==, 300);
    g_assert_cmpuint(codes[n - 1], ==, 513);
    m.status = 486;
    g_assert_true(sa_rules_kind_of(&m, &kind));
    g_assert_cmpuint(kind, ==, SA_KIND_EXPLAIN);
    m.hdr[SA_H_RETRY_AFTER] = "30";
    g_assert_true(sa_rules_kind_of(&m, &kind));
    g_assert_cmpuint(kind, ==, SA_KIND_RETRY_AFTER);
    m.status = 422;
    g_assert_true(sa_rules_kind_of(&m, &kind));
    g_assert_cmpuint(kind, ==, SA_KIND_SESSION_INTERVAL);
    m.status = 200;
    g_assert_false(sa_rules_kind_of(&m, &kind));
    m.status = 183;
    g_assert_false(sa_rules_kind_of(&m, &kind));
    /* Every kind has its texts in both languages. */
    for (int f = 0; f < SA_F_COUNT; f++) {
        g_assert_true(strlen(sa_finding_summary((sa_finding_t)f, SA_LANG_EN)) > 0);
        g_assert_true(strlen(sa_finding_summary((sa_finding_t)f, SA_LANG_ZH)) > 0);
        g_assert_cmpstr(sa_finding_summary((sa_finding_t)f, SA_LANG_EN), !=,
                        sa_finding_summary((sa_finding_t)f, SA_LANG_ZH));
    }
}

static void test_302_retry_right_and_wrong_destination(void)
{
    scene_t s;
    sa_contact_t c = {.uri = "sip:bob@127.0.20.3", .expires = "60"};

    scene_init(&s, "INVITE", 302);
    s.resp.contacts = &c;
    s.resp.n_contacts = 1;
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(REDIRECTED));
    assert_fix(s.r, SA_LANG_EN, "Retry this request at sip:bob@127.0.20.3; keep the stored address");
    assert_detail(s.r, SA_F_REDIRECTED,
                  "302 Moved Temporarily: sip:bob@example.com -> sip:bob@127.0.20.3 [INVITE]");
    /* The retry names the new URI but goes to the old server. */
    s.retry.ruri = "sip:bob@127.0.20.3";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_UNFIXED);
    g_assert_true(sa_result_has(s.r, SA_F_RETRY_WRONG_DESTINATION));
    g_assert_cmpstr(s.r->retry_detail, ==,
                    "sip:bob@127.0.20.3 sent to 127.0.20.2:5060, where the first request went");
    scene_free(&s);

    scene_init(&s, "INVITE", 302);
    s.resp.contacts = &c;
    s.resp.n_contacts = 1;
    scene_answer(&s);
    s.retry.ruri = "sip:bob@127.0.20.3";
    set_ip(&s.retry.dst, 3, 5060);
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    g_assert_true(sa_result_has(s.r, SA_F_FOLLOWED));
    g_assert_cmpint(s.r->retry_choice, ==, 0);
    scene_free(&s);
}

static void test_302_maddr(void)
{
    scene_t s;
    sa_contact_t c = {.uri = "sip:bob@example.com;maddr=127.0.20.3"};

    scene_init(&s, "INVITE", 302);
    s.resp.contacts = &c;
    s.resp.n_contacts = 1;
    scene_answer(&s);
    s.retry.ruri = "sip:bob@example.com;maddr=127.0.20.3";
    scene_retry(&s);
    g_assert_true(sa_result_has(s.r, SA_F_RETRY_WRONG_DESTINATION));
    scene_free(&s);
}

static void test_305_through_proxy(void)
{
    scene_t s;
    sa_contact_t c = {.uri = "sip:127.0.20.3;lr"};

    scene_init(&s, "INVITE", 305);
    s.resp.contacts = &c;
    s.resp.n_contacts = 1;
    scene_answer(&s);
    assert_items(s.r, SA_I_PROXY, "sip:127.0.20.3;lr");
    assert_fix(s.r, SA_LANG_EN, "Send the request through the proxy sip:127.0.20.3;lr");
    s.retry.hdr[SA_H_ROUTE] = "<sip:127.0.20.3;lr>";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    scene_free(&s);

    scene_init(&s, "INVITE", 305);
    s.resp.contacts = &c;
    s.resp.n_contacts = 1;
    scene_answer(&s);
    scene_retry(&s); /* straight to the server again */
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_UNFIXED);
    g_assert_cmpstr(s.r->retry_detail, ==, "sent to 127.0.20.2:5060, not through the proxy");
    scene_free(&s);
}

static void test_redirect_loop(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t a = request(1, "INVITE", "z9hG4bK-1", 1);
    sa_msg_t ra = response(2, 302, &a);
    sa_msg_t b = request(4, "INVITE", "z9hG4bK-2", 2);
    sa_msg_t rb = response(5, 302, &b);
    sa_contact_t to_b = {.uri = "sip:b@example.com"};
    sa_contact_t to_a = {.uri = "sip:a@example.com"};
    const sa_result_t *r1, *r2;

    a.ruri = "sip:a@example.com";
    ra.contacts = &to_b;
    ra.n_contacts = 1;
    b.ruri = "sip:b@example.com";
    rb.contacts = &to_a;
    rb.n_contacts = 1;
    sa_ctx_add(ctx, &a);
    r1 = sa_ctx_add(ctx, &ra);
    g_assert_false(sa_result_has(r1, SA_F_REDIRECT_LOOP));
    sa_ctx_add(ctx, &b);
    r2 = sa_ctx_add(ctx, &rb);
    g_assert_true(r1->retry_state == SA_RETRY_FIXED);
    g_assert_true(sa_result_has(r2, SA_F_REDIRECT_LOOP));
    g_assert_cmpstr(r2->loop_uri, ==, "sip:a@example.com");
    g_assert_cmpuint(r2->loop_frame, ==, 1);
    assert_detail(r2, SA_F_REDIRECT_LOOP,
                  "the 302 sends the client back to sip:a@example.com, tried in frame 1");
    sa_ctx_finish(ctx);
    g_assert_false(sa_result_has(r2, SA_F_NOT_FOLLOWED)); /* giving up on a loop is right */
    sa_ctx_free(ctx);
}

static void test_420(void)
{
    scene_t s;

    scene_init(&s, "INVITE", 420);
    s.req.hdr[SA_H_REQUIRE] = "x-foo, 100rel";
    s.req.hdr[SA_H_PROXY_REQUIRE] = "x-bar";
    s.resp.hdr[SA_H_UNSUPPORTED] = "x-foo, x-bar";
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(BAD_EXTENSION));
    assert_items(s.r, SA_I_UNSUPPORTED, "x-foo, x-bar");
    assert_items(s.r, SA_I_REQUEST_REQUIRE, "x-foo, 100rel");
    assert_items(s.r, SA_I_REQUEST_PROXY_REQUIRE, "x-bar");
    s.retry.hdr[SA_H_REQUIRE] = "X-FOO";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_UNFIXED);
    g_assert_cmpstr(s.r->retry_detail, ==, "still requires x-foo");
    scene_free(&s);

    scene_init(&s, "INVITE", 420);
    s.req.hdr[SA_H_REQUIRE] = "x-foo, 100rel";
    s.resp.hdr[SA_H_UNSUPPORTED] = "x-foo";
    scene_answer(&s);
    s.retry.hdr[SA_H_REQUIRE] = "100rel";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    scene_free(&s);

    scene_init(&s, "INVITE", 420);
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(BAD_EXTENSION) | F(MISSING_HEADER));
    g_assert_cmpstr(s.r->missing_header, ==, "Unsupported");
    scene_free(&s);
}

static void test_422(void)
{
    scene_t s;

    scene_init(&s, "INVITE", 422);
    s.req.hdr[SA_H_SESSION_EXPIRES] = "90";
    s.resp.hdr[SA_H_MIN_SE] = "120";
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(INTERVAL_TOO_SMALL));
    g_assert_cmpint(num(s.r, SA_I_MIN_SE), ==, 120);
    g_assert_cmpint(num(s.r, SA_I_SESSION_EXPIRES), ==, 90);
    assert_fix(s.r, SA_LANG_EN, "Retry with Session-Expires \xe2\x89\xa5 120 and Min-SE \xe2\x89\xa5 120");
    assert_detail(s.r, SA_F_INTERVAL_TOO_SMALL, "Session-Expires 90 < Min-SE 120 [INVITE]");
    s.retry.hdr[SA_H_SESSION_EXPIRES] = "90;refresher=uac";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_UNFIXED);
    g_assert_cmpstr(s.r->retry_detail, ==, "Session-Expires 90 < 120");
    assert_detail(s.r, SA_F_RETRY_UNFIXED, "after the 422: Session-Expires 90 < 120");
    scene_free(&s);

    scene_init(&s, "INVITE", 422);
    s.req.hdr[SA_H_SESSION_EXPIRES] = "90";
    s.resp.hdr[SA_H_MIN_SE] = "120";
    scene_answer(&s);
    s.retry.hdr[SA_H_SESSION_EXPIRES] = "1800";
    s.retry.hdr[SA_H_MIN_SE] = "90";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    g_assert_cmpstr(s.r->retry_detail, ==,
                    "Session-Expires 1800, Min-SE 90 (RFC 4028 also wants Min-SE >= 120)");
    scene_free(&s);

    scene_init(&s, "INVITE", 422);
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(INTERVAL_TOO_SMALL) | F(MISSING_HEADER));
    scene_free(&s);
}

static void test_423(void)
{
    scene_t s;
    sa_contact_t c1 = {.uri = "sip:alice@127.0.20.1"};
    sa_contact_t c2 = {.uri = "sip:alice@127.0.20.1", .expires = "3600"};

    scene_init(&s, "REGISTER", 423);
    s.req.hdr[SA_H_EXPIRES] = "10";
    s.req.contacts = s.retry.contacts = &c1;
    s.req.n_contacts = s.retry.n_contacts = 1;
    s.resp.hdr[SA_H_MIN_EXPIRES] = "60";
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(INTERVAL_TOO_BRIEF));
    g_assert_cmpint(num(s.r, SA_I_MIN_EXPIRES), ==, 60);
    g_assert_cmpint(num(s.r, SA_I_EXPIRES), ==, 10);
    assert_detail(s.r, SA_F_INTERVAL_TOO_BRIEF, "Expires 10 < Min-Expires 60 [REGISTER]");
    s.retry.hdr[SA_H_EXPIRES] = "10";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_UNFIXED);
    g_assert_cmpstr(s.r->retry_detail, ==, "expires 10 < 60");
    scene_free(&s);

    /* The Contact's expires overrides the header for that Contact. */
    scene_init(&s, "REGISTER", 423);
    s.req.hdr[SA_H_EXPIRES] = "10";
    s.resp.hdr[SA_H_MIN_EXPIRES] = "60";
    scene_answer(&s);
    s.retry.hdr[SA_H_EXPIRES] = "10";
    s.retry.contacts = &c2;
    s.retry.n_contacts = 1;
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    g_assert_cmpstr(s.r->retry_detail, ==, "expires 3600");
    scene_free(&s);

    /* A removal (0) is always allowed; a SUBSCRIBE uses Expires. */
    scene_init(&s, "REGISTER", 423);
    s.resp.hdr[SA_H_MIN_EXPIRES] = "60";
    scene_answer(&s);
    s.retry.hdr[SA_H_EXPIRES] = "0";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    scene_free(&s);

    scene_init(&s, "SUBSCRIBE", 423);
    s.req.hdr[SA_H_EXPIRES] = "5";
    s.resp.hdr[SA_H_MIN_EXPIRES] = "60";
    scene_answer(&s);
    s.retry.hdr[SA_H_EXPIRES] = "600";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    scene_free(&s);
}

static void test_494(void)
{
    scene_t s;

    scene_init(&s, "REGISTER", 494);
    s.req.hdr[SA_H_SECURITY_CLIENT] = "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1111";
    s.resp.hdr[SA_H_SECURITY_SERVER] = "ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;spi-c=3333, tls;q=0.2";
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(SECURITY_AGREEMENT_REQUIRED));
    assert_items(s.r, SA_I_SECURITY_MECHANISM, "ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;spi-c=3333, tls;q=0.2");
    assert_detail(s.r, SA_F_SECURITY_AGREEMENT_REQUIRED, "server offers ipsec-3gpp, tls [REGISTER]");
    s.retry.hdr[SA_H_SECURITY_VERIFY] = "ipsec-3gpp; q=0.1; alg=hmac-sha-1-96; spi-c=3333\ntls;q=0.2";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    scene_free(&s);

    scene_init(&s, "REGISTER", 494);
    s.resp.hdr[SA_H_SECURITY_SERVER] = "tls;q=0.2";
    scene_answer(&s);
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_UNFIXED);
    g_assert_cmpstr(s.r->retry_detail, ==, "no Security-Verify");
    scene_free(&s);
}

static void test_auth(void)
{
    scene_t s;
    sa_msg_t again;
    const sa_result_t *r2;

    scene_init(&s, "REGISTER", 401);
    s.resp.hdr[SA_H_WWW_AUTHENTICATE] =
        "Digest realm=\"sipadvisor.test\", nonce=\"abc\", algorithm=MD5, qop=\"auth\"";
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(AUTH_CHALLENGE));
    assert_items(s.r, SA_I_AUTH_SCHEME, "Digest");
    assert_items(s.r, SA_I_AUTH_REALM, "sipadvisor.test");
    assert_items(s.r, SA_I_AUTH_ALGORITHM, "MD5");
    assert_items(s.r, SA_I_AUTH_QOP, "auth");
    g_assert_cmpint(num(s.r, SA_I_AUTH_STALE), ==, 0);
    assert_fix(s.r, SA_LANG_EN, "Retry with Authorization for realm \"sipadvisor.test\" (routine)");
    s.retry.hdr[SA_H_AUTHORIZATION] =
        "Digest username=\"bob\", realm=\"sipadvisor.test\", nonce=\"abc\", response=\"0123456789abcdef\"";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    g_assert_cmpstr(s.r->retry_detail, ==, "Authorization for realm sipadvisor.test (user bob)");
    /* Challenged again for those credentials: refused. */
    again = response(5, 401, &s.retry);
    again.hdr[SA_H_WWW_AUTHENTICATE] = "Digest realm=\"sipadvisor.test\", nonce=\"def\"";
    r2 = sa_ctx_add(s.ctx, &again);
    g_assert_cmpuint(r2->findings, ==, F(AUTH_REJECTED));
    assert_items(r2, SA_I_REQUEST_CREDENTIALS, "user bob, realm sipadvisor.test");
    assert_fix(r2, SA_LANG_EN, "Check the user name and password for realm \"sipadvisor.test\"");
    sa_ctx_finish(s.ctx);
    g_assert_false(sa_result_has(r2, SA_F_NOT_FOLLOWED));
    scene_free(&s);

    /* stale=true: only the nonce was old. */
    scene_init(&s, "REGISTER", 401);
    s.req.hdr[SA_H_AUTHORIZATION] = "Digest username=\"bob\", realm=\"r\", nonce=\"old\", response=\"x\"";
    s.resp.hdr[SA_H_WWW_AUTHENTICATE] = "Digest realm=\"r\", nonce=\"new\", stale=TRUE";
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(AUTH_CHALLENGE));
    g_assert_cmpint(num(s.r, SA_I_AUTH_STALE), ==, 1);
    scene_free(&s);

    scene_init(&s, "INVITE", 407);
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(AUTH_CHALLENGE) | F(MISSING_HEADER));
    g_assert_cmpstr(s.r->missing_header, ==, "Proxy-Authenticate");
    scene_free(&s);
}

static void test_405_any_method(void)
{
    scene_t s;

    scene_init(&s, "PUBLISH", 405);
    s.resp.hdr[SA_H_ALLOW] = "INVITE, ACK, BYE, CANCEL, OPTIONS";
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(METHOD_NOT_ALLOWED));
    assert_items(s.r, SA_I_ALLOW, "INVITE, ACK, BYE, CANCEL, OPTIONS");
    s.retry.method = s.retry.cseq_method = "OPTIONS";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    g_assert_cmpstr(s.r->retry_detail, ==, "OPTIONS, which is allowed");
    scene_free(&s);
}

static void test_415(void)
{
    scene_t s;

    scene_init(&s, "MESSAGE", 415);
    s.req.hdr[SA_H_CONTENT_TYPE] = "text/html;charset=utf-8";
    s.resp.hdr[SA_H_ACCEPT] = "text/plain, application/sdp";
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(UNSUPPORTED_MEDIA));
    assert_items(s.r, SA_I_REQUEST_CONTENT_TYPE, "text/html");
    assert_detail(s.r, SA_F_UNSUPPORTED_MEDIA,
                  "text/html not accepted; Accept: text/plain, application/sdp [MESSAGE]");
    s.retry.hdr[SA_H_CONTENT_TYPE] = "text/plain";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    scene_free(&s);

    scene_init(&s, "MESSAGE", 415);
    s.resp.hdr[SA_H_ACCEPT] = "text/plain";
    scene_answer(&s);
    s.retry.hdr[SA_H_CONTENT_TYPE] = "text/html";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_UNFIXED);
    scene_free(&s);
}

static void test_489(void)
{
    scene_t s;

    scene_init(&s, "SUBSCRIBE", 489);
    s.req.hdr[SA_H_EVENT] = "x-foo;id=1";
    s.resp.hdr[SA_H_ALLOW_EVENTS] = "presence, dialog";
    scene_answer(&s);
    assert_items(s.r, SA_I_REQUEST_EVENT, "x-foo");
    assert_items(s.r, SA_I_ALLOW_EVENTS, "presence, dialog");
    s.retry.hdr[SA_H_EVENT] = "presence";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    scene_free(&s);
}

static void test_retry_after(void)
{
    scene_t s;

    scene_init(&s, "INVITE", 503);
    s.resp.hdr[SA_H_RETRY_AFTER] = "5 (maintenance);duration=60";
    scene_answer(&s);
    g_assert_cmpuint(s.r->kind, ==, SA_KIND_RETRY_AFTER);
    g_assert_cmpuint(s.r->findings, ==, F(RETRY_LATER));
    g_assert_cmpint(num(s.r, SA_I_RETRY_AFTER), ==, 5);
    g_assert_cmpint(num(s.r, SA_I_RETRY_AFTER_DURATION), ==, 60);
    assert_items(s.r, SA_I_RETRY_AFTER_COMMENT, "maintenance");
    s.retry.time.secs = 3; /* one second after the 503 in frame 2 */
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_UNFIXED);
    g_assert_true(sa_result_has(s.r, SA_F_RETRY_TOO_EARLY));
    g_assert_cmpstr(s.r->retry_detail, ==, "after 1.0 s of 5 s");
    scene_free(&s);

    scene_init(&s, "INVITE", 486);
    s.resp.hdr[SA_H_RETRY_AFTER] = "5";
    scene_answer(&s);
    s.retry.time.secs = 9;
    s.retry.call_id = "call-new"; /* a new call to the same URI is the next attempt */
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    scene_free(&s);
}

static void test_513_udp_to_tcp(void)
{
    scene_t s;

    scene_init(&s, "INVITE", 513);
    s.req.length = 1491;
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(TOO_LARGE));
    g_assert_cmpint(num(s.r, SA_I_REQUEST_SIZE), ==, 1491);
    assert_items(s.r, SA_I_REQUEST_TRANSPORT, "UDP");
    /* Over TCP from another port, with the same Via sent-by: the same client. */
    s.retry.transport = SA_TRANSPORT_TCP;
    s.retry.length = 1491;
    s.retry.src.port = 40000;
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    g_assert_cmpstr(s.r->retry_detail, ==, "1491 bytes over TCP");
    scene_free(&s);
}

/* A proxy in the capture: both legs carry the same Call-ID and From tag;
 * each response links to the retry on its own leg (its top Via). */
static void test_proxy_legs(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t leg1 = request(1, "INVITE", "z9hG4bK-u1", 1);
    sa_msg_t leg2 = request(2, "INVITE", "z9hG4bK-p1", 1);
    sa_msg_t r2 = response(3, 421, &leg2);
    sa_msg_t r1 = response(4, 421, &leg1);
    sa_msg_t retry1 = request(5, "INVITE", "z9hG4bK-u2", 2);
    sa_msg_t retry2 = request(6, "INVITE", "z9hG4bK-p2", 2);
    const sa_result_t *a, *b;

    leg2.via_sent_by = r2.via_sent_by = retry2.via_sent_by = "127.0.20.2:5060";
    r1.hdr[SA_H_REQUIRE] = r2.hdr[SA_H_REQUIRE] = "timer";
    retry1.hdr[SA_H_SUPPORTED] = retry2.hdr[SA_H_SUPPORTED] = "timer";
    sa_ctx_add(ctx, &leg1);
    sa_ctx_add(ctx, &leg2);
    b = sa_ctx_add(ctx, &r2);
    a = sa_ctx_add(ctx, &r1);
    sa_ctx_add(ctx, &retry1);
    sa_ctx_add(ctx, &retry2);
    g_assert_cmpuint(a->retry_frame, ==, 5);
    g_assert_cmpuint(b->retry_frame, ==, 6);
    sa_ctx_free(ctx);
}

static void test_followup_window(void)
{
    scene_t s;
    nstime_t end = {10, 500000000};

    scene_init(&s, "INVITE", 421);
    s.resp.hdr[SA_H_REQUIRE] = "timer";
    scene_answer(&s);
    sa_ctx_note_frame(s.ctx, &end);
    sa_ctx_finish(s.ctx);
    g_assert_true(sa_result_has(s.r, SA_F_NOT_FOLLOWED));
    g_assert_true(s.r->has_followup_window);
    /* The ACK in frame 3 (at 3 s) ends the transaction. */
    g_assert_cmpint(s.r->followup_window.secs, ==, 7);
    g_assert_cmpint(s.r->followup_window.nsecs, ==, 500000000);
    scene_free(&s);
}

/* Real clients: a REGISTER retry with a new From tag (no dialog), an ACK
 * with a branch of its own, an IMS first REGISTER with empty credentials. */
static void test_real_client_habits(void)
{
    scene_t s;
    sa_msg_t ack;

    scene_init(&s, "REGISTER", 401);
    s.resp.hdr[SA_H_WWW_AUTHENTICATE] = "Digest realm=\"r\", nonce=\"n\"";
    scene_answer(&s);
    s.retry.from_tag = "another-tag";
    s.retry.hdr[SA_H_AUTHORIZATION] = "Digest username=\"u\", realm=\"r\", nonce=\"n\", response=\"abc\"";
    scene_retry(&s);
    g_assert_cmpuint(s.r->retry_state, ==, SA_RETRY_FIXED);
    scene_free(&s);

    scene_init(&s, "INVITE", 407);
    s.resp.hdr[SA_H_PROXY_AUTHENTICATE] = "Digest realm=\"r\", nonce=\"n\"";
    sa_ctx_add(s.ctx, &s.req);
    s.r = sa_ctx_add(s.ctx, &s.resp);
    ack = request(3, "ACK", "z9hG4bK-other", 1);
    sa_ctx_add(s.ctx, &ack);
    g_assert_cmpuint(s.r->ack_frame, ==, 3);
    scene_free(&s);

    scene_init(&s, "REGISTER", 401);
    s.req.hdr[SA_H_AUTHORIZATION] = "Digest username=\"u@ims\", realm=\"ims\", nonce=\"\", response=\"\"";
    s.resp.hdr[SA_H_WWW_AUTHENTICATE] = "Digest realm=\"ims\", nonce=\"abc\", algorithm=AKAv1-MD5";
    scene_answer(&s);
    g_assert_cmpuint(s.r->findings, ==, F(AUTH_CHALLENGE));
    scene_free(&s);
}

static void test_chinese_texts(void)
{
    scene_t s;
    char *text;

    scene_init(&s, "INVITE", 421);
    s.resp.hdr[SA_H_REQUIRE] = "timer";
    scene_answer(&s);
    assert_fix(s.r, SA_LANG_ZH, "把 timer 加入 Supported 后重试（或让服务器不再要求它）");
    text = sa_finding_detail(s.r, SA_F_EXTENSION_REQUIRED, SA_LANG_ZH, TRUE);
    g_assert_cmpstr(text, ==, "缺少 timer [INVITE，第 1 帧]");
    g_free(text);
    scene_free(&s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/rules/table", test_table);
    g_test_add_func("/rules/302", test_302_retry_right_and_wrong_destination);
    g_test_add_func("/rules/302-maddr", test_302_maddr);
    g_test_add_func("/rules/305", test_305_through_proxy);
    g_test_add_func("/rules/redirect-loop", test_redirect_loop);
    g_test_add_func("/rules/420", test_420);
    g_test_add_func("/rules/422", test_422);
    g_test_add_func("/rules/423", test_423);
    g_test_add_func("/rules/494", test_494);
    g_test_add_func("/rules/auth", test_auth);
    g_test_add_func("/rules/405", test_405_any_method);
    g_test_add_func("/rules/415", test_415);
    g_test_add_func("/rules/489", test_489);
    g_test_add_func("/rules/retry-after", test_retry_after);
    g_test_add_func("/rules/513", test_513_udp_to_tcp);
    g_test_add_func("/followup/proxy-legs", test_proxy_legs);
    g_test_add_func("/followup/window", test_followup_window);
    g_test_add_func("/followup/real-client-habits", test_real_client_habits);
    g_test_add_func("/texts/chinese", test_chinese_texts);
    return g_test_run();
}
