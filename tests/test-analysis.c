/* test-analysis.c
 * Unit tests of the analysis core: option-tag sets, Contact parameters,
 * transaction matching, retransmissions and findings.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <malloc.h>

#include "sipadvisor-analysis.h"
#include "sipadvisor-knowledge.h"
#include "sipadvisor-rules.h"
#include "sipadvisor-sip.h"

#define F(id) SA_FINDING_BIT(SA_F_##id)

/* The items of one id, joined by ", " (caller frees). */
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

static char *set_text(GPtrArray *set)
{
    return sa_tagset_join(set);
}

static void test_tagset_split(void)
{
    GPtrArray *set = sa_tagset_new();
    char *text;

    g_assert_cmpuint(sa_tagset_add_list(set, "100rel, timer"), ==, 2);
    /* Folded line, repeated tag in another case, empty items. */
    g_assert_cmpuint(sa_tagset_add_list(set, " ,\r\n\tTIMER ,, replaces\t"), ==, 1);
    g_assert_cmpuint(sa_tagset_add_list(set, NULL), ==, 0);
    text = set_text(set);
    g_assert_cmpstr(text, ==, "100rel, timer, replaces");
    g_free(text);
    g_assert_true(sa_tagset_contains(set, "Timer"));
    g_assert_false(sa_tagset_contains(set, "time"));
    g_ptr_array_free(set, TRUE);
}

static void test_tagset_difference(void)
{
    GPtrArray *req = sa_tagset_new();
    GPtrArray *sup = sa_tagset_new();
    GPtrArray *extra = sa_tagset_new();
    GPtrArray *diff;
    char *text;

    sa_tagset_add_list(req, "timer, 100rel, precondition");
    sa_tagset_add_list(sup, "100REL");
    sa_tagset_add_list(extra, "precondition");
    diff = sa_tagset_difference(req, sup, extra);
    text = set_text(diff);
    g_assert_cmpstr(text, ==, "timer");
    g_free(text);
    g_ptr_array_free(diff, TRUE);
    diff = sa_tagset_difference(req, sup, NULL);
    text = set_text(diff);
    g_assert_cmpstr(text, ==, "timer, precondition");
    g_free(text);
    g_ptr_array_free(diff, TRUE);
    g_ptr_array_free(req, TRUE);
    g_ptr_array_free(sup, TRUE);
    g_ptr_array_free(extra, TRUE);
}

static void test_qvalue(void)
{
    g_assert_cmpint(sa_parse_qvalue("0.9"), ==, 900);
    g_assert_cmpint(sa_parse_qvalue("0.125"), ==, 125);
    g_assert_cmpint(sa_parse_qvalue("1"), ==, 1000);
    g_assert_cmpint(sa_parse_qvalue("1.000"), ==, 1000);
    g_assert_cmpint(sa_parse_qvalue("0"), ==, 0);
    g_assert_cmpint(sa_parse_qvalue("1.5"), ==, -1);
    g_assert_cmpint(sa_parse_qvalue("0.1234"), ==, -1);
    g_assert_cmpint(sa_parse_qvalue("2"), ==, -1);
    g_assert_cmpint(sa_parse_qvalue("0.5x"), ==, -1);
    g_assert_cmpint(sa_parse_qvalue(NULL), ==, -1);
    g_assert_cmpint(sa_parse_delta_seconds("3600"), ==, 3600);
    g_assert_cmpint(sa_parse_delta_seconds("99999999999"), ==, G_GINT64_CONSTANT(4294967295));
    g_assert_cmpint(sa_parse_delta_seconds("-1"), ==, -1);
    g_assert_cmpint(sa_parse_delta_seconds(""), ==, -1);
}

static void test_knowledge(void)
{
    gsize n = 0;
    const sa_option_tag_t *all = sa_knowledge_option_tags(&n);

    g_assert_cmpuint(n, >, 30);
    for (gsize i = 0; i < n; i++) {
        g_assert_true(g_str_has_prefix(all[i].rfc, "RFC "));
        g_assert_true(sa_knowledge_option_tag(all[i].tag) == &all[i]);
    }
    g_assert_cmpstr(sa_knowledge_option_tag("Timer")->rfc, ==, "RFC 4028");
    g_assert_null(sa_knowledge_option_tag("x-cisco-serviceuri"));
    g_assert_cmpstr(sa_knowledge_status(421)->reason, ==, "Extension Required");
    g_assert_null(sa_knowledge_status(299));
    g_assert_cmpstr(sa_knowledge_status_class(301, SA_LANG_EN), ==, "3xx Redirection");
    g_assert_cmpstr(sa_knowledge_status_class(421, SA_LANG_EN), ==, "4xx Client Failure");
    g_assert_cmpstr(sa_knowledge_status_class(99, SA_LANG_EN), ==, "invalid");
}

/* A message builder: a request or response of one transaction. */
static sa_msg_t request(guint32 frame, const char *method, const char *branch)
{
    sa_msg_t m = {0};

    m.frame = frame;
    m.time.secs = frame / 1000;
    m.time.nsecs = (int)(frame % 1000) * 1000000;
    m.is_request = TRUE;
    m.method = method;
    m.ruri = "sip:alice@old.example.com";
    m.call_id = "call-1";
    m.has_cseq = TRUE;
    m.cseq = 1;
    m.cseq_method = method;
    m.via_sent_by = "Client.Example.com:5060";
    m.via_branch = branch;
    m.from_tag = "ft1";
    m.to_uri = "sip:alice@old.example.com";
    return m;
}

static sa_msg_t response(guint32 frame, guint status, const char *method, const char *branch)
{
    sa_msg_t m = request(frame, method, branch);

    m.is_request = FALSE;
    m.method = NULL;
    m.ruri = NULL;
    m.status = status;
    m.via_sent_by = "client.example.com:5060"; /* hosts compare without case */
    return m;
}

static void test_match_rfc3261(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t inv = request(1, "INVITE", "z9hG4bK-a");
    sa_msg_t other = request(2, "INVITE", "z9hG4bK-b");
    sa_msg_t r421 = response(5, 421, "INVITE", "z9hG4bK-a");
    const sa_result_t *r;

    inv.hdr[SA_H_SUPPORTED] = "100rel";
    r421.hdr[SA_H_REQUIRE] = "timer";
    g_assert_null(sa_ctx_add(ctx, &inv));
    g_assert_null(sa_ctx_add(ctx, &other));
    r = sa_ctx_add(ctx, &r421);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->match, ==, SA_MATCH_RFC3261);
    g_assert_cmpuint(r->request_frame, ==, 1);
    g_assert_cmpstr(r->request_method, ==, "INVITE");
    g_assert_cmpstr(r->request_uri, ==, "sip:alice@old.example.com");
    g_assert_true(r->has_response_time);
    g_assert_cmpint(r->response_time.secs, ==, 0);
    g_assert_cmpint(r->response_time.nsecs, ==, 4000000);
    g_assert_false(r->resend);
    g_assert_cmpuint(r->findings, ==, F(EXTENSION_REQUIRED));
    g_assert_true(sa_ctx_frame_results(ctx, 5)->pdata[0] == r);
    g_assert_null(sa_ctx_frame_results(ctx, 1));
    sa_ctx_free(ctx);
}

static void test_match_needs_same_method(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t inv = request(1, "INVITE", "z9hG4bK-a");
    sa_msg_t cancel = request(2, "CANCEL", "z9hG4bK-a");
    sa_msg_t resp = response(3, 421, "CANCEL", "z9hG4bK-a");
    const sa_result_t *r;

    resp.hdr[SA_H_REQUIRE] = "timer";
    sa_ctx_add(ctx, &inv);
    sa_ctx_add(ctx, &cancel);
    r = sa_ctx_add(ctx, &resp);
    g_assert_cmpuint(r->request_frame, ==, 2);
    g_assert_cmpstr(r->request_method, ==, "CANCEL");
    g_assert_cmpuint(sa_ctx_transaction_count(ctx), ==, 2);
    sa_ctx_free(ctx);
}

static void test_retransmissions(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t inv = request(1, "INVITE", "z9hG4bK-a");
    sa_msg_t inv2 = request(2, "INVITE", "z9hG4bK-a");
    sa_msg_t first = response(3, 421, "INVITE", "z9hG4bK-a");
    sa_msg_t again = response(4, 421, "INVITE", "z9hG4bK-a");
    sa_msg_t ack = request(5, "ACK", "z9hG4bK-a");
    const sa_result_t *r1, *r2;

    first.hdr[SA_H_REQUIRE] = again.hdr[SA_H_REQUIRE] = "timer";
    sa_ctx_add(ctx, &inv);
    sa_ctx_add(ctx, &inv2);
    r1 = sa_ctx_add(ctx, &first);
    r2 = sa_ctx_add(ctx, &again);
    sa_ctx_add(ctx, &ack);
    g_assert_cmpuint(r1->request_frame, ==, 1);
    g_assert_false(r1->resend);
    g_assert_cmpuint(r2->request_frame, ==, 1);
    g_assert_true(r2->resend);
    g_assert_cmpuint(r2->original_frame, ==, 3);
    g_assert_cmpuint(sa_ctx_transaction_count(ctx), ==, 1);
    sa_ctx_free(ctx);
}

static void test_interleaved(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t m1 = request(1, "MESSAGE", "z9hG4bK-1");
    sa_msg_t m2 = request(2, "MESSAGE", "z9hG4bK-2");
    sa_msg_t r2 = response(3, 421, "MESSAGE", "z9hG4bK-2");
    sa_msg_t r1 = response(4, 301, "MESSAGE", "z9hG4bK-1");
    sa_contact_t c = {.uri = "sip:carol@new.example.net"};
    const sa_result_t *a, *b;

    m1.hdr[SA_H_SUPPORTED] = "timer";
    m2.cseq = r2.cseq = 2;
    r2.hdr[SA_H_REQUIRE] = "100rel";
    r1.contacts = &c;
    r1.n_contacts = 1;
    sa_ctx_add(ctx, &m1);
    sa_ctx_add(ctx, &m2);
    a = sa_ctx_add(ctx, &r2);
    b = sa_ctx_add(ctx, &r1);
    g_assert_cmpuint(a->request_frame, ==, 2);
    g_assert_cmpuint(sa_result_item_count(a, SA_I_SUPPORTED), ==, 0);
    assert_items(a, SA_I_MISSING, "100rel");
    g_assert_cmpuint(b->request_frame, ==, 1);
    assert_items(b, SA_I_NEW_URI, "sip:carol@new.example.net");
    sa_ctx_free(ctx);
}

static void test_rfc2543_fallback(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t inv = request(1, "INVITE", "1a2b3c");
    sa_msg_t stranger = response(2, 421, "INVITE", "1a2b3c");
    sa_msg_t resp = response(3, 421, "INVITE", "1a2b3c");
    sa_msg_t nobranch = request(4, "OPTIONS", NULL);
    sa_msg_t nobranch_resp = response(5, 421, "OPTIONS", NULL);
    const sa_result_t *r;

    stranger.from_tag = "other";
    resp.hdr[SA_H_REQUIRE] = stranger.hdr[SA_H_REQUIRE] = nobranch_resp.hdr[SA_H_REQUIRE] = "100rel";
    sa_ctx_add(ctx, &inv);
    r = sa_ctx_add(ctx, &stranger);
    g_assert_cmpuint(r->request_frame, ==, 0);
    g_assert_cmpuint(r->findings, ==, F(EXTENSION_REQUIRED) | F(REQUEST_NOT_CAPTURED));
    r = sa_ctx_add(ctx, &resp);
    g_assert_cmpuint(r->match, ==, SA_MATCH_RFC2543);
    g_assert_cmpuint(r->request_frame, ==, 1);
    nobranch.cseq = nobranch_resp.cseq = 7;
    sa_ctx_add(ctx, &nobranch);
    r = sa_ctx_add(ctx, &nobranch_resp);
    g_assert_cmpuint(r->match, ==, SA_MATCH_RFC2543);
    g_assert_cmpuint(r->request_frame, ==, 4);
    sa_ctx_free(ctx);
}

static void test_not_captured_and_unmatchable(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t lone = response(1, 421, "INVITE", "z9hG4bK-x");
    sa_msg_t novia = response(2, 301, "INVITE", "z9hG4bK-y");
    const sa_result_t *r;

    lone.hdr[SA_H_REQUIRE] = "timer";
    r = sa_ctx_add(ctx, &lone);
    g_assert_cmpuint(r->findings, ==, F(EXTENSION_REQUIRED) | F(REQUEST_NOT_CAPTURED));
    g_assert_cmpuint(r->match, ==, SA_MATCH_NONE);
    g_assert_cmpstr(r->request_method, ==, "INVITE");
    assert_items(r, SA_I_MISSING, "timer");
    novia.via_sent_by = NULL;
    r = sa_ctx_add(ctx, &novia);
    g_assert_cmpuint(r->findings, ==, F(MOVED_PERMANENTLY) | F(UNMATCHABLE) | F(MISSING_HEADER));
    g_assert_cmpstr(r->missing_header, ==, "Contact");
    sa_ctx_free(ctx);
}

static void test_301_new_uris(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t inv = request(1, "INVITE", "z9hG4bK-a");
    sa_msg_t resp = response(2, 301, "INVITE", "z9hG4bK-a");
    sa_contact_t c[] = {
        {.uri = "sip:alice@new.example.com", .q = "0.5", .expires = "3600"},
        {.uri = "sip:alice@127.0.0.1:5072", .q = "0.9"},
        {.uri = "sip:alice@bad-q.example.com", .q = "7", .expires = "soon"},
    };
    const sa_result_t *r;
    const sa_item_t *it;
    char *fix;

    resp.contacts = c;
    resp.n_contacts = 3;
    sa_ctx_add(ctx, &inv);
    r = sa_ctx_add(ctx, &resp);
    assert_items(r, SA_I_MOVED_FROM, "sip:alice@old.example.com");
    g_assert_cmpint(num(r, SA_I_NEW_URI_COUNT), ==, 3);
    /* An invalid q counts as 1 and has no q item; q and expires follow their URI. */
    assert_items(r, SA_I_NEW_URI,
                 "sip:alice@bad-q.example.com, sip:alice@127.0.0.1:5072, sip:alice@new.example.com");
    it = sa_result_item(r, SA_I_NEW_URI_Q);
    g_assert_cmpint(it->num, ==, 900);
    g_assert_cmpuint(it->depth, ==, 1);
    g_assert_cmpuint(sa_result_item_count(r, SA_I_NEW_URI_Q), ==, 2);
    g_assert_cmpint(num(r, SA_I_NEW_URI_EXPIRES), ==, 3600);
    g_assert_cmpuint(sa_result_item_count(r, SA_I_NEW_URI_EXPIRES), ==, 1);
    g_assert_cmpuint(r->findings, ==, F(MOVED_PERMANENTLY));
    fix = sa_result_fix(r, SA_LANG_EN);
    g_assert_cmpstr(
        fix, ==,
        "Retry at sip:alice@bad-q.example.com and update the stored address (contacts, dial plan, routes)");
    g_free(fix);
    sa_ctx_free(ctx);
}

static void test_301_register_and_no_contact(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t reg = request(1, "REGISTER", "z9hG4bK-r");
    sa_msg_t resp = response(2, 301, "REGISTER", "z9hG4bK-r");
    const sa_result_t *r;

    reg.ruri = "sip:old.example.com";
    reg.to_uri = "sip:bob@old.example.com"; /* the 301 has no Contact URI */
    sa_ctx_add(ctx, &reg);
    r = sa_ctx_add(ctx, &resp);
    assert_items(r, SA_I_MOVED_FROM, "sip:bob@old.example.com");
    g_assert_cmpint(num(r, SA_I_NEW_URI_COUNT), ==, 0);
    g_assert_cmpuint(r->findings, ==, F(MOVED_PERMANENTLY) | F(MISSING_HEADER));
    sa_ctx_free(ctx);
}

static void test_421_findings(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t a = request(1, "INVITE", "z9hG4bK-a");
    sa_msg_t ra = response(2, 421, "INVITE", "z9hG4bK-a");
    sa_msg_t b = request(3, "INVITE", "z9hG4bK-b");
    sa_msg_t rb = response(4, 421, "INVITE", "z9hG4bK-b");
    sa_msg_t c = request(5, "INVITE", "z9hG4bK-c");
    sa_msg_t rc = response(6, 421, "INVITE", "z9hG4bK-c");
    const sa_result_t *r;
    char *text;

    a.hdr[SA_H_SUPPORTED] = "timer";
    ra.hdr[SA_H_REQUIRE] = "Timer";
    sa_ctx_add(ctx, &a);
    r = sa_ctx_add(ctx, &ra);
    g_assert_cmpuint(r->findings, ==, F(EXTENSION_REQUIRED) | F(REQUIRED_ALREADY_SUPPORTED));
    g_assert_cmpuint(sa_result_item_count(r, SA_I_MISSING), ==, 0);

    sa_ctx_add(ctx, &b);
    r = sa_ctx_add(ctx, &rb);
    g_assert_cmpuint(r->findings, ==, F(EXTENSION_REQUIRED) | F(MISSING_HEADER));
    g_assert_cmpstr(r->missing_header, ==, "Require");

    /* Two Require lines merged; the request's own Require counts as supported. */
    c.hdr[SA_H_SUPPORTED] = "replaces,100rel";
    c.hdr[SA_H_REQUIRE] = "precondition";
    rc.hdr[SA_H_REQUIRE] = "timer,precondition,100rel,sec-agree";
    sa_ctx_add(ctx, &c);
    r = sa_ctx_add(ctx, &rc);
    g_assert_cmpuint(r->findings, ==, F(EXTENSION_REQUIRED));
    assert_items(r, SA_I_MISSING, "timer, sec-agree");
    assert_items(r, SA_I_SUPPORTED, "replaces, 100rel");
    text = sa_result_fix(r, SA_LANG_EN);
    g_assert_cmpstr(text, ==,
                    "Add timer, sec-agree to Supported and retry (or stop requiring it on the server)");
    g_free(text);
    sa_ctx_free(ctx);
}

static void test_other_responses_explained(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t inv = request(1, "INVITE", "z9hG4bK-a");
    sa_msg_t trying = response(2, 100, "INVITE", "z9hG4bK-a");
    sa_msg_t busy = response(3, 486, "INVITE", "z9hG4bK-a");
    sa_msg_t ok = response(4, 200, "INVITE", "z9hG4bK-a");
    const sa_result_t *r;
    const sa_request_note_t *note;
    char *problem = sa_rules_check();

    g_assert_null(problem);
    sa_ctx_add(ctx, &inv);
    g_assert_null(sa_ctx_add(ctx, &trying));
    r = sa_ctx_add(ctx, &busy);
    /* Linked and explained, not judged: no finding, no follow-up. */
    g_assert_nonnull(r);
    g_assert_cmpuint(r->kind, ==, SA_KIND_EXPLAIN);
    g_assert_cmpuint(r->request_frame, ==, 1);
    g_assert_cmpuint(r->findings, ==, 0);
    g_assert_null(sa_result_fix(r, SA_LANG_EN));
    note = g_ptr_array_index(sa_ctx_frame_requests(ctx, 1), 0);
    g_assert_true(note->answered_by == r);
    sa_ctx_finish(ctx);
    g_assert_cmpuint(r->findings, ==, 0);
    g_assert_null(sa_ctx_add(ctx, &ok));
    sa_ctx_free(ctx);
}

static void test_uri_equal(void)
{
    g_assert_true(sa_uri_equal("sip:alice@Example.COM", "SIP:alice@example.com"));
    g_assert_false(sa_uri_equal("sip:Alice@example.com", "sip:alice@example.com"));
    g_assert_true(sa_uri_equal("sip:%61lice@example.com", "sip:alice@example.com"));
    /* RFC 3261 §19.1.4: an omitted default port does not match an explicit one. */
    g_assert_false(sa_uri_equal("sip:alice@example.com", "sip:alice@example.com:5060"));
    g_assert_true(sa_uri_equal("sip:alice@example.com:5070", "sip:alice@example.com:5070"));
    g_assert_false(sa_uri_equal("sip:alice@example.com", "sips:alice@example.com"));
    /* Parameter order and case do not matter; transport must agree. */
    g_assert_true(sa_uri_equal("sip:a@h;transport=TCP;lr", "sip:a@h;LR;transport=tcp"));
    g_assert_false(sa_uri_equal("sip:a@h;transport=tcp", "sip:a@h"));
    g_assert_true(sa_uri_equal("sip:a@h;foo=1", "sip:a@h"));
    g_assert_false(sa_uri_equal("sip:a@h;foo=1", "sip:a@h;foo=2"));
    g_assert_true(sa_uri_equal("sip:a@h?Subject=x&Priority=y", "sip:a@h?priority=y&subject=x"));
    g_assert_false(sa_uri_equal("sip:a@h?subject=x", "sip:a@h"));
    g_assert_true(sa_uri_equal("sip:a@[2001:db8::1]:5060", "sip:a@[2001:DB8::1]:5060"));
    g_assert_true(sa_uri_equal("tel:+15551234", "TEL:+15551234"));
    g_assert_false(sa_uri_equal("tel:+15551234", "sip:+15551234@h"));
    g_assert_false(sa_uri_equal(NULL, "sip:a@h"));
    g_assert_false(sa_uri_equal("sip:", "sip:"));
}

static void test_follow_301_retry(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t inv = request(1, "INVITE", "z9hG4bK-a");
    sa_msg_t resp = response(2, 301, "INVITE", "z9hG4bK-a");
    sa_msg_t ack = request(3, "ACK", "z9hG4bK-a");
    sa_msg_t retry = request(4, "INVITE", "z9hG4bK-b");
    sa_msg_t ok = response(5, 200, "INVITE", "z9hG4bK-b");
    sa_contact_t c[] = {{.uri = "sip:alice@new.example.com", .q = "0.5"},
                        {.uri = "sip:alice@h2.example.com", .q = "0.9"}};
    const sa_result_t *r;
    const sa_request_note_t *note;

    resp.contacts = c;
    resp.n_contacts = 2;
    retry.cseq = ok.cseq = 2;
    retry.ruri = "sip:alice@NEW.example.com";
    sa_ctx_add(ctx, &inv);
    r = sa_ctx_add(ctx, &resp);
    g_assert_cmpuint(r->retry_state, ==, SA_RETRY_UNKNOWN);
    sa_ctx_add(ctx, &ack);
    g_assert_cmpuint(r->ack_frame, ==, 3);
    sa_ctx_finish(ctx);
    g_assert_true(sa_result_has(r, SA_F_NOT_FOLLOWED)); /* so far */
    g_assert_cmpuint(r->retry_state, ==, SA_RETRY_NONE);
    g_assert_false(sa_result_has(r, SA_F_NO_ACK));
    sa_ctx_add(ctx, &retry);
    g_assert_false(sa_ctx_finished(ctx));
    sa_ctx_finish(ctx);
    g_assert_false(sa_result_has(r, SA_F_NOT_FOLLOWED));
    g_assert_true(sa_result_has(r, SA_F_FOLLOWED));
    g_assert_cmpuint(r->retry_state, ==, SA_RETRY_FIXED);
    g_assert_cmpint(r->retry_choice, ==, 1); /* q=0.5: the second offered URI */
    g_assert_cmpstr(r->retry_detail, ==, "sip:alice@NEW.example.com (an offered URI, not the highest q)");
    g_assert_cmpuint(r->retry_frame, ==, 4);
    g_assert_cmpstr(r->retry_uri, ==, "sip:alice@NEW.example.com");
    g_assert_cmpuint(r->retry_status, ==, 0);
    sa_ctx_add(ctx, &ok);
    g_assert_cmpuint(r->retry_status, ==, 200);
    note = g_ptr_array_index(sa_ctx_frame_requests(ctx, 4), 0);
    g_assert_true(note->retry_of == r);
    g_assert_null(note->answered_by);
    note = g_ptr_array_index(sa_ctx_frame_requests(ctx, 1), 0);
    g_assert_true(note->answered_by == r);
    sa_ctx_free(ctx);
}

static void test_follow_301_unoffered_and_new_call(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t inv = request(1, "INVITE", "z9hG4bK-a");
    sa_msg_t resp = response(2, 301, "INVITE", "z9hG4bK-a");
    sa_msg_t retry = request(3, "INVITE", "z9hG4bK-b");
    sa_msg_t inv2 = request(4, "INVITE", "z9hG4bK-c");
    sa_msg_t resp2 = response(5, 301, "INVITE", "z9hG4bK-c");
    sa_msg_t newcall = request(6, "INVITE", "z9hG4bK-d");
    sa_msg_t other = request(7, "INVITE", "z9hG4bK-e");
    sa_contact_t c = {.uri = "sip:erin@new.example.com"};
    const sa_result_t *r, *r2;

    resp.contacts = resp2.contacts = &c;
    resp.n_contacts = resp2.n_contacts = 1;
    retry.cseq = 2;
    retry.ruri = "sip:erin@elsewhere.example.com";
    sa_ctx_add(ctx, &inv);
    r = sa_ctx_add(ctx, &resp);
    sa_ctx_add(ctx, &retry);
    g_assert_cmpuint(r->retry_state, ==, SA_RETRY_UNFIXED);
    g_assert_true(sa_result_has(r, SA_F_RETRY_UNFIXED));
    g_assert_cmpstr(r->retry_detail, ==, "sip:erin@elsewhere.example.com, which the 301 did not offer");

    /* Another call by the same user: the retry starts a new Call-ID. */
    inv2.call_id = resp2.call_id = "call-2";
    inv2.from_uri = resp2.from_uri = "sip:bob@client.example.com";
    sa_ctx_add(ctx, &inv2);
    r2 = sa_ctx_add(ctx, &resp2);
    other.call_id = "call-3";
    other.from_uri = "sip:bob@client.example.com";
    other.ruri = "sip:someone@else.example.com";
    sa_ctx_add(ctx, &other);
    g_assert_cmpuint(r2->retry_state, ==, SA_RETRY_UNKNOWN);
    newcall.call_id = "call-4";
    newcall.from_tag = "ft9";
    newcall.from_uri = "sip:bob@client.example.com";
    newcall.ruri = "sip:erin@new.example.com";
    sa_ctx_add(ctx, &newcall);
    g_assert_cmpuint(r2->retry_state, ==, SA_RETRY_FIXED);
    g_assert_cmpuint(r2->retry_frame, ==, 6);
    sa_ctx_free(ctx);
}

static void test_follow_421(void)
{
    sa_ctx_t *ctx = sa_ctx_new();
    sa_msg_t inv = request(1, "INVITE", "z9hG4bK-a");
    sa_msg_t resp = response(2, 421, "INVITE", "z9hG4bK-a");
    sa_msg_t bye = request(3, "BYE", "z9hG4bK-x");
    sa_msg_t retry = request(4, "INVITE", "z9hG4bK-b");
    sa_msg_t resp2 = response(5, 421, "INVITE", "z9hG4bK-b");
    sa_msg_t retry2 = request(6, "INVITE", "z9hG4bK-c");
    const sa_result_t *r, *r2;

    inv.hdr[SA_H_SUPPORTED] = "100rel";
    resp.hdr[SA_H_REQUIRE] = resp2.hdr[SA_H_REQUIRE] = "timer, 100rel";
    retry.hdr[SA_H_SUPPORTED] = "100rel";
    retry.cseq = resp2.cseq = 2;
    retry2.cseq = 3;
    retry2.hdr[SA_H_SUPPORTED] = "100rel";
    retry2.hdr[SA_H_REQUIRE] = "timer";
    sa_ctx_add(ctx, &inv);
    r = sa_ctx_add(ctx, &resp);
    g_assert_cmpuint(r->ack_frame, ==, 0);
    sa_ctx_add(ctx, &bye); /* another method is not a retry */
    g_assert_cmpuint(r->retry_state, ==, SA_RETRY_UNKNOWN);
    sa_ctx_finish(ctx);
    g_assert_true(sa_result_has(r, SA_F_NO_ACK)); /* the capture went on without an ACK */
    sa_ctx_add(ctx, &retry);
    g_assert_cmpuint(r->retry_state, ==, SA_RETRY_UNFIXED);
    g_assert_cmpstr(r->retry_detail, ==, "still lacks timer");
    r2 = sa_ctx_add(ctx, &resp2);
    g_assert_cmpuint(r->retry_status, ==, 421);
    sa_ctx_add(ctx, &retry2); /* Require counts as supporting */
    g_assert_cmpuint(r2->retry_state, ==, SA_RETRY_FIXED);
    g_assert_cmpstr(r2->retry_detail, ==, "with timer");
    g_assert_cmpuint(r2->retry_frame, ==, 6);
    g_assert_cmpuint(r->retry_frame, ==, 4); /* only the first retry counts */
    sa_ctx_free(ctx);
}

/* Heap in use, from glibc (GLib allocates through malloc; see main). */
static gint64 heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return (gint64)mi.uordblks + (gint64)mi.hblkhd;
}

/* The identifiers of the i-th transaction of the memory tests (Call-ID,
 * branch and From tag as long as a real UA's). */
typedef struct txn_ids {
    char call_id[64], branch[64], tag[32], ruri[64];
} txn_ids_t;

static void txn_ids(txn_ids_t *ids, guint i)
{
    g_snprintf(ids->call_id, sizeof ids->call_id, "%08x-5f1c-4a2e-9b0d-%012u@10.0.0.1", i * 2654435761u, i);
    g_snprintf(ids->branch, sizeof ids->branch, "z9hG4bK-%u-%08x", i, i * 40503u);
    g_snprintf(ids->tag, sizeof ids->tag, "%08x", i * 69069u);
    g_snprintf(ids->ruri, sizeof ids->ruri, "sip:user%u@sip.example.com", i % 50000);
}

/* Adds n unique INVITE transactions that are never answered; returns the
 * heap growth. */
static gint64 open_transactions(sa_ctx_t *ctx, guint first, guint n)
{
    gint64 before = heap_in_use();

    for (guint i = first; i < first + n; i++) {
        txn_ids_t ids;
        sa_msg_t m;

        txn_ids(&ids, i);
        m = request(i + 1, "INVITE", ids.branch);
        m.call_id = ids.call_id;
        m.from_tag = ids.tag;
        m.ruri = ids.ruri;
        m.to_uri = ids.ruri;
        m.hdr[SA_H_SUPPORTED] = "100rel, timer, replaces";
        sa_ctx_add(ctx, &m);
    }
    return heap_in_use() - before;
}

/* A response with STATUS in frame FRAME to the i-th transaction of
 * open_transactions(); its strings live in *ids. */
static sa_msg_t txn_response(txn_ids_t *ids, guint i, guint32 frame, guint status)
{
    sa_msg_t m;

    txn_ids(ids, i);
    m = response(frame, status, "INVITE", ids->branch);
    m.call_id = ids->call_id;
    m.from_tag = ids->tag;
    m.via_sent_by = "Client.Example.com:5060";
    return m;
}

/* Answers the transactions of open_transactions() with STATUS; returns the
 * heap growth (negative when memory is given back). */
static gint64 answer_transactions(sa_ctx_t *ctx, guint first, guint n, guint status)
{
    gint64 before = heap_in_use();

    for (guint i = first; i < first + n; i++) {
        txn_ids_t ids;
        sa_msg_t m = txn_response(&ids, i, 1000000 + i, status);

        sa_ctx_add(ctx, &m);
    }
    return heap_in_use() - before;
}

/* A transaction that ends with a 2xx is forgotten, with all it holds, 32 s
 * (64*T1) of capture time after that response; until then it is whole: a
 * response that comes after the 2xx (a broken capture) still shows its
 * request. One that ends with an explained response is kept. Once a
 * transaction is forgotten, a late response is a transaction of its own. */
static void test_memory_given_back_after_2xx(void)
{
    const guint n = 20000;
    sa_ctx_t *ctx = sa_ctx_new();
    const sa_result_t *r;
    txn_ids_t ids;
    sa_msg_t late;
    gint64 back, open;

    open = open_transactions(ctx, 0, 2 * n) / 2;
    /* The 200s come at 1000-1020 s of capture time, the requests at 0-40 s. */
    answer_transactions(ctx, 0, n, 200);
    g_assert_cmpint(answer_transactions(ctx, n, 1, 486), >=, 0);
    r = sa_ctx_frame_results(ctx, 1000000 + n) != NULL
            ? g_ptr_array_index(sa_ctx_frame_results(ctx, 1000000 + n), 0)
            : NULL;
    g_assert_nonnull(r);
    txn_ids(&ids, n);
    g_assert_cmpstr(r->request_uri, ==, ids.ruri);
    /* Within 32 s of its 200 the transaction is whole. */
    late = txn_response(&ids, 0, 1030000, 486);
    r = sa_ctx_add(ctx, &late);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->request_frame, ==, 1);
    g_assert_cmpstr(r->request_uri, ==, ids.ruri);
    /* A judged response there has the request's size and transport. */
    late = txn_response(&ids, 2, 1031000, 413);
    r = sa_ctx_add(ctx, &late);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->request_frame, ==, 3);
    g_assert_nonnull(sa_result_item(r, SA_I_REQUEST_SIZE));
    g_assert_nonnull(sa_result_item(r, SA_I_REQUEST_TRANSPORT));
    /* 33 s after the last 200: every transaction that ended so is gone but
     * the first and the third, which have results pointing into them (the
     * first one's result still shows its Request-URI). */
    back = heap_in_use();
    late = txn_response(&ids, 1, 1054000, 486);
    r = sa_ctx_add(ctx, &late);
    back = heap_in_use() - back;
    g_test_message("32 s later, %.0f bytes per transaction more (%.0f while open)", (double)-back / n,
                   (double)open / n);
    g_assert_cmpfloat((double)-back / n, >, 0.5 * (double)open / n);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->request_frame, ==, 0); /* a transaction of its own now */
    r = g_ptr_array_index(sa_ctx_frame_results(ctx, 1030000), 0);
    txn_ids(&ids, 0);
    g_assert_cmpstr(r->request_uri, ==, ids.ruri);
    late = txn_response(&ids, 0, 1055000, 486);
    g_assert_cmpuint(sa_ctx_add(ctx, &late)->request_frame, ==, 1);
    sa_ctx_free(ctx);
}

/* Bounded memory: state per open transaction is small, grows
 * linearly, and is all given back when the capture is closed. The figures
 * are printed for README. */
static void test_memory_per_transaction(void)
{
    const guint n = 100000;
    gint64 baseline = heap_in_use();
    sa_ctx_t *ctx = sa_ctx_new();
    gint64 first = open_transactions(ctx, 0, n / 10);
    gint64 all = first + open_transactions(ctx, n / 10, n - n / 10);
    double per_first = (double)first / (n / 10);
    double per_all = (double)all / n;

    g_test_message("open INVITE transactions: %.0f bytes each over the first %u, %.0f over %u", per_first,
                   n / 10, per_all, n);
    g_printerr("memory: %.0f bytes per open transaction (%u transactions, %.1f MiB)\n", per_all, n,
               (double)all / 1048576.0);
    g_assert_cmpfloat(per_all, >, 100.0); /* the strings alone are ~100 bytes */
    g_assert_cmpfloat(per_all, <, 1024.0);
    /* Linear: the cost of the first tenth and of all agree within 30%. */
    g_assert_cmpfloat(per_all, <, per_first * 1.3);
    g_assert_cmpfloat(per_all, >, per_first / 1.3);
    sa_ctx_free(ctx);
    g_assert_cmpint(heap_in_use() - baseline, <, 64 * 1024);
}

int main(int argc, char **argv)
{
    /* GLib 2.74's slice allocator keeps its own free lists: plain malloc
     * makes the memory test's figures exact. Set before any allocation. */
    g_setenv("G_SLICE", "always-malloc", TRUE);
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tags/split", test_tagset_split);
    g_test_add_func("/tags/difference", test_tagset_difference);
    g_test_add_func("/contact/qvalue-expires", test_qvalue);
    g_test_add_func("/knowledge/tables", test_knowledge);
    g_test_add_func("/match/rfc3261", test_match_rfc3261);
    g_test_add_func("/match/method", test_match_needs_same_method);
    g_test_add_func("/match/retransmissions", test_retransmissions);
    g_test_add_func("/match/interleaved", test_interleaved);
    g_test_add_func("/match/rfc2543", test_rfc2543_fallback);
    g_test_add_func("/match/not-captured", test_not_captured_and_unmatchable);
    g_test_add_func("/301/new-uris", test_301_new_uris);
    g_test_add_func("/301/register-no-contact", test_301_register_and_no_contact);
    g_test_add_func("/421/findings", test_421_findings);
    g_test_add_func("/responses/others", test_other_responses_explained);
    g_test_add_func("/uri/equal", test_uri_equal);
    g_test_add_func("/follow/301-retry", test_follow_301_retry);
    g_test_add_func("/follow/301-unoffered-new-call", test_follow_301_unoffered_and_new_call);
    g_test_add_func("/follow/421", test_follow_421);
    g_test_add_func("/memory/per-transaction", test_memory_per_transaction);
    g_test_add_func("/memory/given-back-after-2xx", test_memory_given_back_after_2xx);
    return g_test_run();
}
