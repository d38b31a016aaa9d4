/* sipadvisor-rules.c
 * The status table and one rule per kind of response: what it reads from
 * the response and its request, how the client's retry is judged, and the
 * fix with its values, in English and Chinese. Adding an analysed code is
 * a row in status_kinds[] and, for a new kind, a rule below.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sipadvisor-rules.h"

#include "sipadvisor-sip.h"

#include <string.h>

#define L(lang, en, zh) ((lang) == SA_LANG_ZH ? (zh) : (en))

/* Lists in one-line texts name the first few. */
#define TEXT_MAX_ITEMS 5

/* RFC 3261 §18.1.1: a request within 200 bytes of the path MTU (1300 bytes
 * when unknown) goes over a congestion-controlled transport. */
#define UDP_SIZE_LIMIT 1300

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

/* ------------------------------------------------------------------ */
/* Helpers */

static void add_list_items(sa_result_t *r, sa_item_id_t id, const char *value, gboolean tokens_only)
{
    GPtrArray *items = sa_list_split(value);

    for (guint i = 0; i < items->len; i++) {
        const char *item = g_ptr_array_index(items, i);
        if (tokens_only) {
            char *token = sa_item_token(item);
            if (*token != '\0')
                sa_result_add_str(r, id, 0, token);
            g_free(token);
        } else {
            sa_result_add_str(r, id, 0, item);
        }
    }
    g_ptr_array_free(items, TRUE);
}

/* Adds the option tags of a header value, without case-insensitive repeats. */
static void add_tag_items(sa_result_t *r, sa_item_id_t id, const char *value)
{
    GPtrArray *set = sa_tagset_new();

    sa_tagset_add_list(set, value);
    for (guint i = 0; i < set->len; i++)
        sa_result_add_str(r, id, 0, g_ptr_array_index(set, i));
    g_ptr_array_free(set, TRUE);
}

/* The items with this id as a tag set. */
static GPtrArray *item_tagset(const sa_result_t *r, sa_item_id_t id)
{
    GPtrArray *set = sa_tagset_new();

    for (guint i = 0; r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id == id)
            g_ptr_array_add(set, g_strdup(it->str));
    }
    return set;
}

/* "a, b, c (+4 more)" of the items with this id. */
static void append_items(GString *s, const sa_result_t *r, sa_item_id_t id, guint max)
{
    guint n = 0;
    guint total = sa_result_item_count(r, id);

    for (guint i = 0; r->items != NULL && i < r->items->len && n < max; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id != id)
            continue;
        g_string_append_printf(s, "%s%s", n ? ", " : "", it->str);
        n++;
    }
    if (total > n)
        g_string_append_printf(s, " (+%u more)", total - n);
}

static char *items_text(const sa_result_t *r, sa_item_id_t id)
{
    GString *s = g_string_new(NULL);

    append_items(s, r, id, TEXT_MAX_ITEMS);
    return g_string_free(s, FALSE);
}

static gboolean has_item_str(const sa_result_t *r, sa_item_id_t id, const char *value, gboolean nocase)
{
    for (guint i = 0; value != NULL && r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id == id && (nocase ? g_ascii_strcasecmp(it->str, value) : strcmp(it->str, value)) == 0)
            return TRUE;
    }
    return FALSE;
}

static gint64 item_num(const sa_result_t *r, sa_item_id_t id, gint64 absent)
{
    const sa_item_t *it = sa_result_item(r, id);

    return it != NULL ? it->num : absent;
}

static void missing(sa_result_t *r, const char *header)
{
    r->findings |= SA_FINDING_BIT(SA_F_MISSING_HEADER);
    g_free(r->missing_header);
    r->missing_header = g_strdup(header);
}

static gboolean is_method(const sa_msg_t *m, const char *method)
{
    return m != NULL && g_strcmp0(m->method, method) == 0;
}

static const char *transport_name(sa_transport_t t)
{
    switch (t) {
    case SA_TRANSPORT_UDP:
        return "UDP";
    case SA_TRANSPORT_TCP:
        return "TCP";
    case SA_TRANSPORT_SCTP:
        return "SCTP";
    default:
        return "unknown transport";
    }
}

static gboolean same_endpoint(const sa_endpoint_t *a, const sa_endpoint_t *b)
{
    return a->addr_len != 0 && a->addr_len == b->addr_len && a->port == b->port &&
           memcmp(a->addr, b->addr, a->addr_len) == 0;
}

/* ------------------------------------------------------------------ */
/* 3xx: 300 301 302 305 380 */

typedef struct new_uri {
    const char *uri;
    const char *q_text;
    gint q_milli;
    gint64 expires;
} new_uri_t;

static gint new_uri_compare(gconstpointer a, gconstpointer b)
{
    const new_uri_t *x = a;
    const new_uri_t *y = b;

    return y->q_milli - x->q_milli;
}

/* Whether a URI offered by r equals one tried in its redirect chain; the
 * chain is walked a bounded number of steps. */
static void check_loop(sa_result_t *r)
{
    const sa_result_t *step = r;

    for (guint hops = 0; step != NULL && hops < 16; hops++, step = step->chain_prev) {
        if (step->request_uri == NULL)
            continue;
        for (guint i = 0; r->items != NULL && i < r->items->len; i++) {
            const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
            if (it->id == SA_I_NEW_URI && sa_uri_equal(it->str, step->request_uri)) {
                r->findings |= SA_FINDING_BIT(SA_F_REDIRECT_LOOP);
                r->loop_uri = g_strdup(it->str);
                r->loop_frame = step->request_frame;
                return;
            }
        }
    }
}

static void analyse_redirect(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req)
{
    GArray *uris = g_array_new(FALSE, FALSE, sizeof(new_uri_t));

    r->findings |= SA_FINDING_BIT(r->status == 301 ? SA_F_MOVED_PERMANENTLY : SA_F_REDIRECTED);
    if (req != NULL)
        sa_result_add_str(r, SA_I_MOVED_FROM, 0, is_method(req, "REGISTER") ? req->to_uri : req->ruri);
    for (guint i = 0; i < resp->n_contacts; i++) {
        const sa_contact_t *c = &resp->contacts[i];
        new_uri_t n;
        gint q;
        if (c->uri == NULL || c->uri[0] == '\0')
            continue;
        q = sa_parse_qvalue(c->q);
        n.uri = c->uri;
        n.q_text = q >= 0 ? c->q : NULL;
        n.q_milli = q < 0 ? 1000 : q;
        n.expires = sa_parse_delta_seconds(c->expires);
        g_array_append_val(uris, n);
    }
    /* g_array_sort is a stable merge sort: equal q keep header order. */
    g_array_sort(uris, new_uri_compare);
    sa_result_add_num(r, SA_I_NEW_URI_COUNT, 0, uris->len);
    for (guint i = 0; i < uris->len; i++) {
        const new_uri_t *n = &g_array_index(uris, new_uri_t, i);
        sa_result_add_str(r, SA_I_NEW_URI, 0, n->uri);
        if (n->q_text != NULL)
            sa_result_add_num(r, SA_I_NEW_URI_Q, 1, n->q_milli);
        if (n->expires >= 0)
            sa_result_add_num(r, SA_I_NEW_URI_EXPIRES, 1, n->expires);
    }
    if (r->status == 305 && uris->len > 0)
        sa_result_add_str(r, SA_I_PROXY, 0, g_array_index(uris, new_uri_t, 0).uri);
    if (r->status == 380 && resp->hdr[SA_H_CONTENT_TYPE] != NULL)
        sa_result_add_str(r, SA_I_ALTERNATIVE, 0, resp->hdr[SA_H_CONTENT_TYPE]);
    /* 380 describes the alternatives in its body; the others need Contact. */
    if (uris->len == 0 && r->status != 380)
        missing(r, "Contact");
    g_array_free(uris, TRUE);
    check_loop(r);
}

static const char *first_new_uri(const sa_result_t *r)
{
    const sa_item_t *it = sa_result_item(r, SA_I_NEW_URI);

    return it != NULL ? it->str : NULL;
}

/* The offered URI equal to uri (its position in q order), or -1. */
static gint offered_index(const sa_result_t *r, const char *uri)
{
    gint n = 0;

    for (guint i = 0; uri != NULL && r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id != SA_I_NEW_URI)
            continue;
        if (sa_uri_equal(it->str, uri))
            return n;
        n++;
    }
    return -1;
}

/* The q (thousandths) of the offered URI at index `at` in q order: its q
 * item, or 1000 without one. */
static gint64 offered_q(const sa_result_t *r, gint at)
{
    gint n = -1;

    for (guint i = 0; r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id == SA_I_NEW_URI && ++n == at) {
            const sa_item_t *next = i + 1 < r->items->len ? &g_array_index(r->items, sa_item_t, i + 1) : NULL;
            return next != NULL && next->id == SA_I_NEW_URI_Q ? next->num : 1000;
        }
    }
    return 1000;
}

static gboolean redirect_new_call(const sa_result_t *r, const char *ruri)
{
    if (r->status == 305 || r->status == 380) /* same target, through the proxy or not */
        return r->request_uri != NULL && sa_uri_equal(r->request_uri, ruri);
    return offered_index(r, ruri) >= 0;
}

/* A retry at the new URI that still goes to the old address: the new URI
 * names a host (an IP literal or maddr) other than where the request went. */
static gboolean wrong_destination(const sa_msg_t *req, const sa_msg_t *retry)
{
    char *host = NULL;
    char *maddr = NULL;
    guint port = 0;
    sa_endpoint_t target = {0};
    gboolean wrong = FALSE;

    if (req == NULL || !same_endpoint(&req->dst, &retry->dst))
        return FALSE;
    if (sa_uri_host(retry->ruri, &host, &port, &maddr)) {
        if (maddr != NULL) /* maddr names where to send it: never the old place */
            wrong = !sa_ip_literal(maddr, &target) || target.addr_len != req->dst.addr_len ||
                    memcmp(target.addr, req->dst.addr, target.addr_len) != 0;
        else if (sa_ip_literal(host, &target))
            wrong = target.addr_len != req->dst.addr_len ||
                    memcmp(target.addr, req->dst.addr, target.addr_len) != 0 ||
                    (port != 0 && port != req->dst.port);
    }
    g_free(host);
    g_free(maddr);
    return wrong;
}

static char *endpoint_text(const sa_endpoint_t *ep)
{
    return sa_endpoint_text(ep, TRUE);
}

/* 305: the retry goes to the proxy's host and port, or names it in Route. */
static gboolean through_proxy(const sa_result_t *r, const sa_msg_t *retry)
{
    const sa_item_t *proxy = sa_result_item(r, SA_I_PROXY);
    char *host = NULL;
    char *maddr = NULL;
    guint port = 0;
    sa_endpoint_t target = {0};
    gboolean through = FALSE;

    if (proxy == NULL || !sa_uri_host(proxy->str, &host, &port, &maddr))
        return FALSE;
    if (sa_ip_literal(host, &target)) {
        target.port = (guint16)(port != 0 ? port : 5060);
        through = same_endpoint(&target, &retry->dst);
    }
    if (!through && retry->hdr[SA_H_ROUTE] != NULL) {
        GPtrArray *routes = sa_list_split(retry->hdr[SA_H_ROUTE]);
        for (guint i = 0; i < routes->len && !through; i++) {
            char *rhost = NULL;
            char *rmaddr = NULL;
            guint rport = 0;
            char *uri = g_strdup(g_ptr_array_index(routes, i));
            char *lt = strchr(uri, '<');
            char *gt = lt ? strchr(lt, '>') : NULL;
            if (lt != NULL && gt != NULL) {
                *gt = '\0';
                memmove(uri, lt + 1, strlen(lt + 1) + 1);
            }
            if (sa_uri_host(uri, &rhost, &rport, &rmaddr))
                through = g_ascii_strcasecmp(rhost, host) == 0 && (port == 0 || rport == 0 || port == rport);
            g_free(rhost);
            g_free(rmaddr);
            g_free(uri);
        }
        g_ptr_array_free(routes, TRUE);
    }
    g_free(host);
    g_free(maddr);
    return through;
}

static sa_finding_t judge_redirect(sa_result_t *r, const sa_msg_t *req, const sa_msg_t *retry, char **detail)
{
    gint at;

    if (r->status == 305) {
        char *dst = endpoint_text(&retry->dst);
        gboolean ok = through_proxy(r, retry);
        *detail =
            g_strdup_printf(ok ? "through the proxy (sent to %s)" : "sent to %s, not through the proxy", dst);
        g_free(dst);
        return ok ? SA_F_FOLLOWED : SA_F_RETRY_UNFIXED;
    }
    if (r->status == 380) {
        gboolean same = r->request_uri != NULL && sa_uri_equal(retry->ruri, r->request_uri);
        *detail =
            g_strdup_printf("%s%s", retry->ruri ? retry->ruri : "(no Request-URI)", same ? " again" : "");
        return same ? SA_F_RETRY_UNFIXED : SA_F_FOLLOWED;
    }
    at = offered_index(r, retry->ruri);
    if (at < 0) {
        *detail = g_strdup_printf("%s, which the %u did not offer",
                                  retry->ruri ? retry->ruri : "(no Request-URI)", r->status);
        return SA_F_RETRY_UNFIXED;
    }
    if (wrong_destination(req, retry)) {
        char *dst = endpoint_text(&retry->dst);
        r->retry_choice = at;
        *detail = g_strdup_printf("%s sent to %s, where the first request went", retry->ruri, dst);
        g_free(dst);
        return SA_F_RETRY_WRONG_DESTINATION;
    }
    r->retry_choice = at;
    if (sa_result_has(r, SA_F_REDIRECT_LOOP) && sa_uri_equal(retry->ruri, r->loop_uri)) {
        *detail = g_strdup_printf("%s again, already tried in frame %u (redirect loop)", retry->ruri,
                                  r->loop_frame);
        return SA_F_RETRY_UNFIXED;
    }
    *detail = g_strconcat(retry->ruri, " (",
                          offered_q(r, at) == offered_q(r, 0) ? "a highest-q URI"
                                                              : "an offered URI, not the highest q",
                          ")", NULL);
    return SA_F_FOLLOWED;
}

static char *describe_redirect(const sa_result_t *r, sa_lang_t lang)
{
    GString *s = g_string_new(NULL);
    const sa_item_t *from = sa_result_item(r, SA_I_MOVED_FROM);
    guint n = 0;
    guint total = sa_result_item_count(r, SA_I_NEW_URI);

    if (r->status != 301) {
        const sa_status_info_t *info = sa_knowledge_status(r->status);
        g_string_append_printf(s, "%u %s: ", r->status, info ? info->reason : "");
    }
    if (r->status == 380) {
        const sa_item_t *alt = sa_result_item(r, SA_I_ALTERNATIVE);
        g_string_append(s, L(lang, "the alternatives are in the body", "替代方案在消息体中"));
        if (alt != NULL)
            g_string_append_printf(s, " (%s)", alt->str);
        return g_string_free(s, FALSE);
    }
    g_string_append_printf(s, "%s ->",
                           from ? from->str : L(lang, "(request not captured)", "（抓包中没有请求）"));
    if (total == 0)
        g_string_append(s, L(lang, " (no Contact)", "（没有 Contact）"));
    for (guint i = 0; r->items != NULL && i < r->items->len && n < TEXT_MAX_ITEMS; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id != SA_I_NEW_URI)
            continue;
        g_string_append_printf(s, "%s %s", n ? "," : "", it->str);
        if (i + 1 < r->items->len && g_array_index(r->items, sa_item_t, i + 1).id == SA_I_NEW_URI_Q) {
            gint64 q = g_array_index(r->items, sa_item_t, i + 1).num;
            g_string_append_printf(s, " (q=%g)", (double)q / 1000.0);
        }
        n++;
    }
    if (total > n)
        g_string_append_printf(s, " (+%u more)", total - n);
    return g_string_free(s, FALSE);
}

static char *fix_redirect(const sa_result_t *r, sa_lang_t lang)
{
    const char *best = first_new_uri(r);

    switch (r->status) {
    case 301:
        if (best == NULL)
            break;
        return g_strdup_printf(L(lang,
                                 "Retry at %s and update the stored address (contacts, dial plan, routes)",
                                 "在 %s 重试，并更新保存的地址（通讯录、拨号计划、路由）"),
                               best);
    case 300:
        if (best == NULL)
            break;
        return g_strdup_printf(L(lang, "Retry at one of the offered URIs (highest q: %s)",
                                 "在提供的 URI 之一重试（q 最高的是 %s）"),
                               best);
    case 302:
        if (best == NULL)
            break;
        return g_strdup_printf(L(lang, "Retry this request at %s; keep the stored address",
                                 "本次请求在 %s 重试；不要修改保存的地址"),
                               best);
    case 305:
        if (best == NULL)
            break;
        return g_strdup_printf(L(lang, "Send the request through the proxy %s", "通过代理 %s 发送请求"),
                               best);
    case 380:
        return g_strdup(L(lang, "The call failed: use the alternative service described in the body",
                          "呼叫失败：请使用消息体中描述的替代服务"));
    default:
        break;
    }
    return g_strdup(L(lang, "The redirect names no new address: ask the server's operator",
                      "重定向没有给出新地址：请联系服务器管理员"));
}

static char *info_redirect(const sa_result_t *r)
{
    const char *best = first_new_uri(r);

    if (sa_result_has(r, SA_F_REDIRECT_LOOP))
        return g_strdup_printf("redirect loop -> %s", r->loop_uri);
    if (r->status == 380)
        return g_strdup("alternative service");
    if (best == NULL)
        return g_strdup(r->status == 301 ? "moved, no Contact" : "redirect, no Contact");
    if (r->status == 305)
        return g_strdup_printf("use proxy %s", best);
    return g_strdup_printf("%s -> %s", r->status == 301 ? "moved" : "redirect", best);
}

/* ------------------------------------------------------------------ */
/* 420 Bad Extension */

static void analyse_bad_extension(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req)
{
    r->findings |= SA_FINDING_BIT(SA_F_BAD_EXTENSION);
    add_tag_items(r, SA_I_UNSUPPORTED, resp->hdr[SA_H_UNSUPPORTED]);
    if (req != NULL) {
        add_tag_items(r, SA_I_REQUEST_REQUIRE, req->hdr[SA_H_REQUIRE]);
        add_tag_items(r, SA_I_REQUEST_PROXY_REQUIRE, req->hdr[SA_H_PROXY_REQUIRE]);
    }
    if (sa_result_item(r, SA_I_UNSUPPORTED) == NULL)
        missing(r, "Unsupported");
}

static sa_finding_t judge_bad_extension(sa_result_t *r, const sa_msg_t *req G_GNUC_UNUSED,
                                        const sa_msg_t *retry, char **detail)
{
    GPtrArray *unsupported = item_tagset(r, SA_I_UNSUPPORTED);
    GPtrArray *asked = sa_tagset_new();
    GPtrArray *still;
    GPtrArray *none = sa_tagset_new();
    GPtrArray *kept;
    sa_finding_t verdict;

    sa_tagset_add_list(asked, retry->hdr[SA_H_REQUIRE]);
    sa_tagset_add_list(asked, retry->hdr[SA_H_PROXY_REQUIRE]);
    /* still = unsupported ∩ asked = unsupported - (unsupported - asked) */
    kept = sa_tagset_difference(unsupported, asked, NULL);
    still = sa_tagset_difference(unsupported, kept, none);
    if (still->len == 0) {
        char *tags = sa_tagset_join(asked);
        *detail = g_strconcat("requires ", asked->len ? tags : "none of them", NULL);
        g_free(tags);
        verdict = SA_F_FOLLOWED;
    } else {
        char *tags = sa_tagset_join(still);
        *detail = g_strconcat("still requires ", tags, NULL);
        g_free(tags);
        verdict = SA_F_RETRY_UNFIXED;
    }
    g_ptr_array_free(unsupported, TRUE);
    g_ptr_array_free(asked, TRUE);
    g_ptr_array_free(still, TRUE);
    g_ptr_array_free(kept, TRUE);
    g_ptr_array_free(none, TRUE);
    return verdict;
}

static char *describe_bad_extension(const sa_result_t *r, sa_lang_t lang)
{
    char *tags = items_text(r, SA_I_UNSUPPORTED);
    char *s = *tags ? g_strdup_printf(L(lang, "unsupported %s", "不支持 %s"), tags)
                    : g_strdup(L(lang, "no Unsupported header", "没有 Unsupported 头部"));

    g_free(tags);
    return s;
}

static char *fix_bad_extension(const sa_result_t *r, sa_lang_t lang)
{
    char *tags = items_text(r, SA_I_UNSUPPORTED);
    char *s = *tags
                  ? g_strdup_printf(
                        L(lang, "Retry without %s in Require and Proxy-Require (or enable it on the server)",
                          "重试时从 Require 和 Proxy-Require 中去掉 %s（或在服务器上启用）"),
                        tags)
                  : g_strdup(L(lang, "Retry without the extensions in Require and Proxy-Require",
                               "重试时去掉 Require 和 Proxy-Require 中的扩展"));

    g_free(tags);
    return s;
}

static char *info_bad_extension(const sa_result_t *r)
{
    char *tags = items_text(r, SA_I_UNSUPPORTED);
    char *s = g_strdup_printf("unsupported: %s", *tags ? tags : "?");

    g_free(tags);
    return s;
}

/* ------------------------------------------------------------------ */
/* 421 Extension Required */

static void analyse_extension_required(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req)
{
    GPtrArray *required = sa_tagset_new();
    GPtrArray *supported = sa_tagset_new();
    GPtrArray *own = sa_tagset_new();
    GPtrArray *miss;

    r->findings |= SA_FINDING_BIT(SA_F_EXTENSION_REQUIRED);
    sa_tagset_add_list(required, resp->hdr[SA_H_REQUIRE]);
    if (req != NULL) {
        sa_tagset_add_list(supported, req->hdr[SA_H_SUPPORTED]);
        /* A tag the request itself required is one the client supports. */
        sa_tagset_add_list(own, req->hdr[SA_H_REQUIRE]);
    }
    miss = sa_tagset_difference(required, supported, own);
    for (guint i = 0; i < required->len; i++)
        sa_result_add_str(r, SA_I_REQUIRED, 0, g_ptr_array_index(required, i));
    for (guint i = 0; i < supported->len; i++)
        sa_result_add_str(r, SA_I_SUPPORTED, 0, g_ptr_array_index(supported, i));
    for (guint i = 0; i < miss->len; i++)
        sa_result_add_str(r, SA_I_MISSING, 0, g_ptr_array_index(miss, i));
    if (required->len == 0)
        missing(r, "Require");
    else if (miss->len == 0 && req != NULL)
        r->findings |= SA_FINDING_BIT(SA_F_REQUIRED_ALREADY_SUPPORTED);
    g_ptr_array_free(required, TRUE);
    g_ptr_array_free(supported, TRUE);
    g_ptr_array_free(own, TRUE);
    g_ptr_array_free(miss, TRUE);
}

static sa_finding_t judge_extension_required(sa_result_t *r, const sa_msg_t *req G_GNUC_UNUSED,
                                             const sa_msg_t *retry, char **detail)
{
    GPtrArray *miss = item_tagset(r, SA_I_MISSING);
    GPtrArray *now = sa_tagset_new();
    GPtrArray *still;
    char *tags;
    sa_finding_t verdict;

    sa_tagset_add_list(now, retry->hdr[SA_H_SUPPORTED]);
    sa_tagset_add_list(now, retry->hdr[SA_H_REQUIRE]);
    still = sa_tagset_difference(miss, now, NULL);
    tags = sa_tagset_join(still->len ? still : miss);
    if (still->len == 0) {
        *detail = miss->len ? g_strconcat("with ", tags, NULL) : g_strdup("with the same extensions");
        verdict = SA_F_FOLLOWED;
    } else {
        *detail = g_strconcat("still lacks ", tags, NULL);
        verdict = SA_F_RETRY_UNFIXED;
    }
    g_free(tags);
    g_ptr_array_free(miss, TRUE);
    g_ptr_array_free(now, TRUE);
    g_ptr_array_free(still, TRUE);
    return verdict;
}

static char *describe_extension_required(const sa_result_t *r, sa_lang_t lang)
{
    char *tags;
    char *s;

    if (sa_result_item(r, SA_I_MISSING) != NULL) {
        tags = items_text(r, SA_I_MISSING);
        s = g_strdup_printf(L(lang, "missing %s", "缺少 %s"), tags);
    } else if (sa_result_item(r, SA_I_REQUIRED) != NULL) {
        tags = items_text(r, SA_I_REQUIRED);
        s = g_strdup_printf(L(lang, "requires %s%s", "要求 %s%s"), tags,
                            sa_result_has(r, SA_F_REQUIRED_ALREADY_SUPPORTED)
                                ? L(lang, " (already supported)", "（请求中已支持）")
                                : "");
    } else {
        return g_strdup(L(lang, "no Require header", "没有 Require 头部"));
    }
    g_free(tags);
    return s;
}

static char *fix_extension_required(const sa_result_t *r, sa_lang_t lang)
{
    char *tags = items_text(r, sa_result_item(r, SA_I_MISSING) ? SA_I_MISSING : SA_I_REQUIRED);
    char *s;

    if (*tags == '\0')
        s = g_strdup(L(lang, "Ask the server which extension it requires (its 421 names none)",
                       "向服务器确认需要哪个扩展（421 中没有说明）"));
    else if (sa_result_has(r, SA_F_REQUIRED_ALREADY_SUPPORTED))
        s = g_strdup_printf(
            L(lang, "The request already supported %s: check the server", "请求已经支持 %s：请检查服务器"),
            tags);
    else
        s = g_strdup_printf(L(lang, "Add %s to Supported and retry (or stop requiring it on the server)",
                              "把 %s 加入 Supported 后重试（或让服务器不再要求它）"),
                            tags);
    g_free(tags);
    return s;
}

static char *info_extension_required(const sa_result_t *r)
{
    char *tags;
    char *s;

    if (sa_result_item(r, SA_I_MISSING) != NULL) {
        tags = items_text(r, SA_I_MISSING);
        s = g_strdup_printf("missing: %s", tags);
    } else if (sa_result_item(r, SA_I_REQUIRED) != NULL) {
        tags = items_text(r, SA_I_REQUIRED);
        s = g_strdup_printf("requires supported %s", tags);
    } else {
        return g_strdup("no Require");
    }
    g_free(tags);
    return s;
}

/* ------------------------------------------------------------------ */
/* 422 Session Interval Too Small (RFC 4028) */

static void analyse_session_interval(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req)
{
    gint64 min_se = sa_parse_delta_prefix(resp->hdr[SA_H_MIN_SE]);

    r->findings |= SA_FINDING_BIT(SA_F_INTERVAL_TOO_SMALL);
    if (min_se >= 0)
        sa_result_add_num(r, SA_I_MIN_SE, 0, min_se);
    else
        missing(r, "Min-SE");
    if (req != NULL) {
        gint64 se = sa_parse_delta_prefix(req->hdr[SA_H_SESSION_EXPIRES]);
        gint64 req_min = sa_parse_delta_prefix(req->hdr[SA_H_MIN_SE]);
        if (se >= 0)
            sa_result_add_num(r, SA_I_SESSION_EXPIRES, 0, se);
        if (req_min >= 0)
            sa_result_add_num(r, SA_I_REQUEST_MIN_SE, 0, req_min);
    }
}

static sa_finding_t judge_session_interval(sa_result_t *r, const sa_msg_t *req G_GNUC_UNUSED,
                                           const sa_msg_t *retry, char **detail)
{
    gint64 min_se = item_num(r, SA_I_MIN_SE, -1);
    gint64 se = sa_parse_delta_prefix(retry->hdr[SA_H_SESSION_EXPIRES]);
    gint64 retry_min = sa_parse_delta_prefix(retry->hdr[SA_H_MIN_SE]);
    GString *s = g_string_new(NULL);
    sa_finding_t verdict;

    if (min_se < 0) /* no Min-SE to compare with: any change counts */
        verdict = se != item_num(r, SA_I_SESSION_EXPIRES, -1) ? SA_F_FOLLOWED : SA_F_RETRY_UNFIXED;
    else
        verdict = se >= min_se ? SA_F_FOLLOWED : SA_F_RETRY_UNFIXED;
    if (se >= 0)
        g_string_append_printf(s, "Session-Expires %" G_GINT64_FORMAT, se);
    else
        g_string_append(s, "no Session-Expires");
    if (verdict == SA_F_RETRY_UNFIXED && min_se >= 0)
        g_string_append_printf(s, " < %" G_GINT64_FORMAT, min_se);
    if (retry_min >= 0)
        g_string_append_printf(s, ", Min-SE %" G_GINT64_FORMAT, retry_min);
    if (verdict == SA_F_FOLLOWED && min_se >= 0 && retry_min >= 0 && retry_min < min_se)
        g_string_append_printf(s, " (RFC 4028 also wants Min-SE >= %" G_GINT64_FORMAT ")", min_se);
    *detail = g_string_free(s, FALSE);
    return verdict;
}

static char *describe_session_interval(const sa_result_t *r, sa_lang_t lang)
{
    gint64 min_se = item_num(r, SA_I_MIN_SE, -1);
    gint64 se = item_num(r, SA_I_SESSION_EXPIRES, -1);

    if (min_se < 0)
        return g_strdup(L(lang, "no Min-SE header", "没有 Min-SE 头部"));
    if (se >= 0)
        return g_strdup_printf("Session-Expires %" G_GINT64_FORMAT " < Min-SE %" G_GINT64_FORMAT, se, min_se);
    return g_strdup_printf("Min-SE %" G_GINT64_FORMAT, min_se);
}

static char *fix_session_interval(const sa_result_t *r, sa_lang_t lang)
{
    gint64 min_se = item_num(r, SA_I_MIN_SE, -1);

    if (min_se < 0)
        return g_strdup(L(lang, "Raise Session-Expires (the 422 does not say to what: it lacks Min-SE)",
                          "增大 Session-Expires（422 缺少 Min-SE，没有说明下限）"));
    return g_strdup_printf(L(lang,
                             "Retry with Session-Expires \xe2\x89\xa5 %" G_GINT64_FORMAT
                             " and Min-SE \xe2\x89\xa5 %" G_GINT64_FORMAT,
                             "重试时设置 Session-Expires \xe2\x89\xa5 %" G_GINT64_FORMAT
                             "，Min-SE \xe2\x89\xa5 %" G_GINT64_FORMAT),
                           min_se, min_se);
}

static char *info_session_interval(const sa_result_t *r)
{
    gint64 min_se = item_num(r, SA_I_MIN_SE, -1);
    gint64 se = item_num(r, SA_I_SESSION_EXPIRES, -1);

    if (min_se < 0)
        return g_strdup("no Min-SE");
    if (se >= 0)
        return g_strdup_printf("Min-SE %" G_GINT64_FORMAT " > Session-Expires %" G_GINT64_FORMAT, min_se, se);
    return g_strdup_printf("Min-SE %" G_GINT64_FORMAT, min_se);
}

/* ------------------------------------------------------------------ */
/* 423 Interval Too Brief (RFC 3261 §21.4.17; SUBSCRIBE, PUBLISH too) */

static void analyse_interval_too_brief(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req)
{
    gint64 min = sa_parse_delta_prefix(resp->hdr[SA_H_MIN_EXPIRES]);

    r->findings |= SA_FINDING_BIT(SA_F_INTERVAL_TOO_BRIEF);
    if (min >= 0)
        sa_result_add_num(r, SA_I_MIN_EXPIRES, 0, min);
    else
        missing(r, "Min-Expires");
    if (req != NULL) {
        gint64 expires = sa_parse_delta_prefix(req->hdr[SA_H_EXPIRES]);
        if (expires >= 0)
            sa_result_add_num(r, SA_I_EXPIRES, 0, expires);
        for (guint i = 0; i < req->n_contacts; i++) {
            gint64 e = sa_parse_delta_seconds(req->contacts[i].expires);
            if (e >= 0) {
                sa_result_add_str(r, SA_I_CONTACT_EXPIRES, 0, req->contacts[i].uri);
                g_array_index(r->items, sa_item_t, r->items->len - 1).num = e;
            }
        }
    }
}

/* The expiries a request asks for: a REGISTER per Contact (its expires
 * parameter, else the Expires header, RFC 3261 §10.2.1.1), other requests
 * the Expires header. Appends them to `out`; FALSE when it names none. */
static gboolean asked_expiries(const sa_msg_t *m, GArray *out)
{
    gint64 header = sa_parse_delta_prefix(m->hdr[SA_H_EXPIRES]);
    gboolean any = FALSE;

    if (is_method(m, "REGISTER") && m->n_contacts > 0) {
        for (guint i = 0; i < m->n_contacts; i++) {
            gint64 e = sa_parse_delta_seconds(m->contacts[i].expires);
            if (e < 0)
                e = header;
            if (e >= 0) {
                g_array_append_val(out, e);
                any = TRUE;
            }
        }
        return any;
    }
    if (header >= 0) {
        g_array_append_val(out, header);
        return TRUE;
    }
    return FALSE;
}

static sa_finding_t judge_interval_too_brief(sa_result_t *r, const sa_msg_t *req G_GNUC_UNUSED,
                                             const sa_msg_t *retry, char **detail)
{
    gint64 min = item_num(r, SA_I_MIN_EXPIRES, -1);
    GArray *asked = g_array_new(FALSE, FALSE, sizeof(gint64));
    GString *s = g_string_new(NULL);
    gboolean ok = TRUE;

    if (!asked_expiries(retry, asked)) {
        g_string_append(s, "no expiry asked (the server's default applies)");
    } else {
        g_string_append(s, "expires ");
        for (guint i = 0; i < asked->len; i++) {
            gint64 e = g_array_index(asked, gint64, i);
            g_string_append_printf(s, "%s%" G_GINT64_FORMAT, i ? ", " : "", e);
            /* 0 removes a binding or ends a subscription: always allowed. */
            if (e != 0 && min >= 0 && e < min)
                ok = FALSE;
        }
        if (!ok)
            g_string_append_printf(s, " < %" G_GINT64_FORMAT, min);
    }
    g_array_free(asked, TRUE);
    *detail = g_string_free(s, FALSE);
    return ok ? SA_F_FOLLOWED : SA_F_RETRY_UNFIXED;
}

static char *describe_interval_too_brief(const sa_result_t *r, sa_lang_t lang)
{
    gint64 min = item_num(r, SA_I_MIN_EXPIRES, -1);
    gint64 e = item_num(r, SA_I_EXPIRES, -1);

    if (min < 0)
        return g_strdup(L(lang, "no Min-Expires header", "没有 Min-Expires 头部"));
    if (e < 0 && sa_result_item(r, SA_I_CONTACT_EXPIRES) != NULL)
        e = sa_result_item(r, SA_I_CONTACT_EXPIRES)->num;
    if (e >= 0)
        return g_strdup_printf("Expires %" G_GINT64_FORMAT " < Min-Expires %" G_GINT64_FORMAT, e, min);
    return g_strdup_printf("Min-Expires %" G_GINT64_FORMAT, min);
}

static char *fix_interval_too_brief(const sa_result_t *r, sa_lang_t lang)
{
    gint64 min = item_num(r, SA_I_MIN_EXPIRES, -1);

    if (min < 0)
        return g_strdup(L(lang, "Ask for a longer expiry (the 423 lacks Min-Expires)",
                          "请求更长的有效期（423 缺少 Min-Expires）"));
    return g_strdup_printf(L(lang,
                             "Retry with Expires \xe2\x89\xa5 %" G_GINT64_FORMAT
                             " (the header and each Contact's expires; 0 still removes)",
                             "重试时设置 Expires \xe2\x89\xa5 %" G_GINT64_FORMAT
                             "（头部和每个 Contact 的 expires；0 仍表示注销）"),
                           min);
}

static char *info_interval_too_brief(const sa_result_t *r)
{
    gint64 min = item_num(r, SA_I_MIN_EXPIRES, -1);

    return min >= 0 ? g_strdup_printf("Min-Expires %" G_GINT64_FORMAT, min) : g_strdup("no Min-Expires");
}

/* ------------------------------------------------------------------ */
/* 494 Security Agreement Required (RFC 3329) */

static void analyse_security(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req)
{
    r->findings |= SA_FINDING_BIT(SA_F_SECURITY_AGREEMENT_REQUIRED);
    add_list_items(r, SA_I_SECURITY_MECHANISM, resp->hdr[SA_H_SECURITY_SERVER], FALSE);
    if (req != NULL)
        add_list_items(r, SA_I_SECURITY_CLIENT, req->hdr[SA_H_SECURITY_CLIENT], FALSE);
    if (sa_result_item(r, SA_I_SECURITY_MECHANISM) == NULL)
        missing(r, "Security-Server");
}

/* A mechanism without white space and case, for comparison. */
static char *mechanism_key(const char *m)
{
    GString *s = g_string_new(NULL);

    for (const char *p = m; *p; p++) {
        if (*p != ' ' && *p != '\t')
            g_string_append_c(s, g_ascii_tolower(*p));
    }
    return g_string_free(s, FALSE);
}

static sa_finding_t judge_security(sa_result_t *r, const sa_msg_t *req G_GNUC_UNUSED, const sa_msg_t *retry,
                                   char **detail)
{
    GPtrArray *verify;
    GHashTable *offered;
    guint matched = 0;
    guint offered_n = 0;
    gboolean ok;

    if (retry->hdr[SA_H_SECURITY_VERIFY] == NULL) {
        *detail = g_strdup("no Security-Verify");
        return SA_F_RETRY_UNFIXED;
    }
    offered = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id == SA_I_SECURITY_MECHANISM && g_hash_table_add(offered, mechanism_key(it->str)))
            offered_n++;
    }
    verify = sa_list_split(retry->hdr[SA_H_SECURITY_VERIFY]);
    for (guint i = 0; i < verify->len; i++) {
        char *key = mechanism_key(g_ptr_array_index(verify, i));
        if (g_hash_table_remove(offered, key))
            matched++;
        g_free(key);
    }
    /* RFC 3329 §2.3.1: Security-Verify echoes Security-Server exactly. */
    ok = matched == offered_n && verify->len == offered_n;
    if (ok)
        *detail = g_strdup_printf("Security-Verify echoes the %u offered mechanism(s)", offered_n);
    else
        *detail = g_strdup_printf("Security-Verify does not echo Security-Server (%u of %u match)", matched,
                                  offered_n);
    g_ptr_array_free(verify, TRUE);
    g_hash_table_destroy(offered);
    return ok ? SA_F_FOLLOWED : SA_F_RETRY_UNFIXED;
}

/* "ipsec-3gpp, tls": the mechanism names only. */
static char *mechanism_names(const sa_result_t *r)
{
    GString *s = g_string_new(NULL);
    guint n = 0;

    for (guint i = 0; r->items != NULL && i < r->items->len && n < TEXT_MAX_ITEMS; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        char *name;
        if (it->id != SA_I_SECURITY_MECHANISM)
            continue;
        name = sa_item_token(it->str);
        g_string_append_printf(s, "%s%s", n++ ? ", " : "", name);
        g_free(name);
    }
    return g_string_free(s, FALSE);
}

static char *describe_security(const sa_result_t *r, sa_lang_t lang)
{
    char *names = mechanism_names(r);
    char *s = *names ? g_strdup_printf(L(lang, "server offers %s", "服务器提供 %s"), names)
                     : g_strdup(L(lang, "no Security-Server header", "没有 Security-Server 头部"));

    g_free(names);
    return s;
}

static char *fix_security(const sa_result_t *r, sa_lang_t lang)
{
    char *names = mechanism_names(r);
    char *s =
        *names
            ? g_strdup_printf(
                  L(lang, "Retry with Security-Client and a Security-Verify that echoes Security-Server (%s)",
                    "重试时携带 Security-Client，并用 Security-Verify 原样回送 Security-Server（%s）"),
                  names)
            : g_strdup(L(lang, "Ask which mechanisms the server wants (the 494 lacks Security-Server)",
                         "向服务器确认所需的安全机制（494 缺少 Security-Server）"));

    g_free(names);
    return s;
}

static char *info_security(const sa_result_t *r)
{
    char *names = mechanism_names(r);
    char *s = g_strdup_printf("sec-agree: %s", *names ? names : "?");

    g_free(names);
    return s;
}

/* ------------------------------------------------------------------ */
/* 401 / 407 */

static sa_header_t challenge_header(guint status)
{
    return status == 407 ? SA_H_PROXY_AUTHENTICATE : SA_H_WWW_AUTHENTICATE;
}

static sa_header_t credentials_header(guint status)
{
    return status == 407 ? SA_H_PROXY_AUTHORIZATION : SA_H_AUTHORIZATION;
}

/* Whether a request carries credentials for the realm (any realm when
 * realm is NULL); their user goes into *user. */
static gboolean has_credentials(const sa_msg_t *m, guint status, const char *realm, char **user)
{
    const char *line = m != NULL ? m->hdr[credentials_header(status)] : NULL;

    if (user != NULL)
        *user = NULL;
    /* One line at a time: the lines of a repeated header are joined by '\n'. */
    while (line != NULL) {
        const char *next = strchr(line, '\n');
        sa_auth_view_t a;
        /* An IMS first REGISTER carries Authorization with an empty
         * response (RFC 3310, TS 24.229): that is no credential. */
        if (sa_auth_scan(line, &a) && a.has_response && (realm == NULL || sa_value_equal(&a.realm, realm))) {
            if (user != NULL)
                *user = sa_value_dup(&a.username);
            return TRUE;
        }
        line = next != NULL ? next + 1 : NULL;
    }
    return FALSE;
}

static void analyse_auth(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req)
{
    sa_auth_t a;
    const char *challenge = resp->hdr[challenge_header(r->status)];
    char *user = NULL;
    gboolean rejected = FALSE;

    if (sa_auth_parse(challenge, &a)) {
        sa_result_take_str(r, SA_I_AUTH_SCHEME, 0, a.scheme);
        if (a.realm != NULL)
            sa_result_add_str(r, SA_I_AUTH_REALM, 0, a.realm);
        if (a.algorithm != NULL)
            sa_result_take_str(r, SA_I_AUTH_ALGORITHM, 0, a.algorithm);
        if (a.qop != NULL)
            sa_result_take_str(r, SA_I_AUTH_QOP, 0, a.qop);
        a.scheme = a.algorithm = a.qop = NULL; /* taken */
        sa_result_add_num(r, SA_I_AUTH_STALE, 0, a.stale);
        /* Challenged again for credentials the request carried: refused,
         * unless only the nonce was old (stale=true is routine). */
        if (has_credentials(req, r->status, a.realm, &user)) {
            char *text =
                g_strconcat("user ", user ? user : "(none)", ", realm ", a.realm ? a.realm : "(none)", NULL);
            sa_result_take_str(r, SA_I_REQUEST_CREDENTIALS, 0, text);
            rejected = !a.stale;
        }
    } else {
        missing(r, r->status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate");
    }
    r->findings |= SA_FINDING_BIT(rejected ? SA_F_AUTH_REJECTED : SA_F_AUTH_CHALLENGE);
    g_free(user);
    sa_auth_clear(&a);
}

static const char *item_str(const sa_result_t *r, sa_item_id_t id)
{
    const sa_item_t *it = sa_result_item(r, id);

    return it != NULL ? it->str : NULL;
}

static sa_finding_t judge_auth(sa_result_t *r, const sa_msg_t *req G_GNUC_UNUSED, const sa_msg_t *retry,
                               char **detail)
{
    const char *realm = item_str(r, SA_I_AUTH_REALM);
    const char *header = r->status == 407 ? "Proxy-Authorization" : "Authorization";
    char *user = NULL;

    if (has_credentials(retry, r->status, realm, &user)) {
        *detail = g_strconcat(header, " for realm ", realm ? realm : "(none)", " (user ",
                              user ? user : "(none)", ")", NULL);
        g_free(user);
        return SA_F_FOLLOWED;
    }
    *detail = g_strconcat("no ", header, " for realm ", realm ? realm : "(none)", NULL);
    return SA_F_RETRY_UNFIXED;
}

static char *describe_auth(const sa_result_t *r, sa_lang_t lang)
{
    const sa_status_info_t *info = sa_knowledge_status(r->status);
    const char *realm = item_str(r, SA_I_AUTH_REALM);
    const char *scheme = item_str(r, SA_I_AUTH_SCHEME);
    const char *creds = item_str(r, SA_I_REQUEST_CREDENTIALS);

    if (scheme == NULL)
        return g_strdup_printf(L(lang, "%u %s without %s", "%u %s 缺少 %s"), r->status,
                               info ? info->reason : "",
                               r->status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate");
    if (sa_result_has(r, SA_F_AUTH_REJECTED))
        return g_strdup_printf(L(lang, "%u again for %s", "%u：%s 再次被质询"), r->status, creds);
    return g_strdup_printf("%u %s, %s realm \"%s\"%s", r->status, info ? info->reason : "", scheme,
                           realm ? realm : "", item_num(r, SA_I_AUTH_STALE, 0) ? " (stale nonce)" : "");
}

static char *fix_auth(const sa_result_t *r, sa_lang_t lang)
{
    const char *realm = item_str(r, SA_I_AUTH_REALM);
    const char *header = r->status == 407 ? "Proxy-Authorization" : "Authorization";

    if (item_str(r, SA_I_AUTH_SCHEME) == NULL)
        return g_strdup(L(lang, "The server must say how to authenticate: check its configuration",
                          "服务器必须说明如何鉴权：请检查其配置"));
    if (sa_result_has(r, SA_F_AUTH_REJECTED))
        return g_strdup_printf(
            L(lang, "Check the user name and password for realm \"%s\"", "检查 realm \"%s\" 的用户名和密码"),
            realm ? realm : "");
    if (item_num(r, SA_I_AUTH_STALE, 0))
        return g_strdup_printf(L(lang, "Retry with %s built on the new nonce (routine)",
                                 "用新的 nonce 重新计算 %s 后重试（正常流程）"),
                               header);
    return g_strdup_printf(
        L(lang, "Retry with %s for realm \"%s\" (routine)", "携带 %s（realm \"%s\"）重试（正常流程）"),
        header, realm ? realm : "");
}

static char *info_auth(const sa_result_t *r)
{
    const char *realm = item_str(r, SA_I_AUTH_REALM);

    if (sa_result_has(r, SA_F_AUTH_REJECTED))
        return g_strdup("credentials rejected");
    return realm != NULL ? g_strdup_printf("challenge, realm %s", realm) : g_strdup("challenge");
}

/* ------------------------------------------------------------------ */
/* 405 Method Not Allowed */

static void analyse_method(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req G_GNUC_UNUSED)
{
    r->findings |= SA_FINDING_BIT(SA_F_METHOD_NOT_ALLOWED);
    add_list_items(r, SA_I_ALLOW, resp->hdr[SA_H_ALLOW], TRUE);
    if (resp->hdr[SA_H_ALLOW] == NULL)
        missing(r, "Allow");
}

static sa_finding_t judge_method(sa_result_t *r, const sa_msg_t *req G_GNUC_UNUSED, const sa_msg_t *retry,
                                 char **detail)
{
    gboolean allowed = has_item_str(r, SA_I_ALLOW, retry->method, FALSE);

    *detail = g_strdup_printf(allowed ? "%s, which is allowed" : "%s, which is not in Allow", retry->method);
    if (sa_result_item(r, SA_I_ALLOW) == NULL) { /* no Allow: another method is the best a client can do */
        g_free(*detail);
        *detail = g_strdup(retry->method);
        return g_strcmp0(retry->method, r->request_method) != 0 ? SA_F_FOLLOWED : SA_F_RETRY_UNFIXED;
    }
    return allowed ? SA_F_FOLLOWED : SA_F_RETRY_UNFIXED;
}

static char *describe_method(const sa_result_t *r, sa_lang_t lang)
{
    char *allow = items_text(r, SA_I_ALLOW);
    char *s;

    if (*allow == '\0')
        s = g_strdup_printf(L(lang, "%s refused, no Allow header", "%s 被拒绝，没有 Allow 头部"),
                            r->request_method ? r->request_method : "?");
    else
        s = g_strdup_printf(L(lang, "%s not allowed; Allow: %s", "不允许 %s；Allow: %s"),
                            r->request_method ? r->request_method : "?", allow);
    g_free(allow);
    return s;
}

static char *fix_method(const sa_result_t *r, sa_lang_t lang)
{
    GString *s = g_string_new(NULL);
    char *text;

    append_items(s, r, SA_I_ALLOW, 32);
    text =
        s->len
            ? g_strdup_printf(L(lang, "Use an allowed method: %s", "改用允许的方法：%s"), s->str)
            : g_strdup(L(lang, "Use another method (the 405 lacks Allow)", "改用其他方法（405 缺少 Allow）"));
    g_string_free(s, TRUE);
    return text;
}

static char *info_method(const sa_result_t *r)
{
    char *allow = items_text(r, SA_I_ALLOW);
    char *s = g_strdup_printf("Allow: %s", *allow ? allow : "?");

    g_free(allow);
    return s;
}

/* ------------------------------------------------------------------ */
/* 415 Unsupported Media Type */

static void analyse_media(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req)
{
    r->findings |= SA_FINDING_BIT(SA_F_UNSUPPORTED_MEDIA);
    add_list_items(r, SA_I_ACCEPT, resp->hdr[SA_H_ACCEPT], TRUE);
    add_list_items(r, SA_I_ACCEPT_ENCODING, resp->hdr[SA_H_ACCEPT_ENCODING], TRUE);
    add_list_items(r, SA_I_ACCEPT_LANGUAGE, resp->hdr[SA_H_ACCEPT_LANGUAGE], TRUE);
    if (req != NULL) {
        char *type = sa_item_token(req->hdr[SA_H_CONTENT_TYPE]);
        if (type != NULL && *type != '\0')
            sa_result_add_str(r, SA_I_REQUEST_CONTENT_TYPE, 0, type);
        g_free(type);
        if (req->hdr[SA_H_CONTENT_ENCODING] != NULL)
            sa_result_add_str(r, SA_I_REQUEST_CONTENT_ENCODING, 0, req->hdr[SA_H_CONTENT_ENCODING]);
    }
    if (resp->hdr[SA_H_ACCEPT] == NULL && resp->hdr[SA_H_ACCEPT_ENCODING] == NULL &&
        resp->hdr[SA_H_ACCEPT_LANGUAGE] == NULL)
        missing(r, "Accept");
}

/* Whether a media type is accepted: listed, or covered by type/ or star/star. */
static gboolean media_accepted(const sa_result_t *r, const char *type)
{
    const char *slash = strchr(type, '/');

    for (guint i = 0; r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        if (it->id != SA_I_ACCEPT)
            continue;
        if (g_ascii_strcasecmp(it->str, type) == 0 || strcmp(it->str, "*/*") == 0)
            return TRUE;
        if (slash != NULL && g_str_has_suffix(it->str, "/*") &&
            strlen(it->str) - 1 == (gsize)(slash - type + 1) &&
            g_ascii_strncasecmp(it->str, type, (gsize)(slash - type)) == 0)
            return TRUE;
    }
    return FALSE;
}

static sa_finding_t judge_media(sa_result_t *r, const sa_msg_t *req G_GNUC_UNUSED, const sa_msg_t *retry,
                                char **detail)
{
    char *type = sa_item_token(retry->hdr[SA_H_CONTENT_TYPE]);
    gint64 length = sa_parse_delta_prefix(retry->hdr[SA_H_CONTENT_LENGTH]);
    sa_finding_t verdict;

    if (type == NULL || *type == '\0' || length == 0) {
        *detail = g_strdup("no body");
        verdict = SA_F_FOLLOWED;
    } else if (sa_result_item(r, SA_I_ACCEPT) == NULL || media_accepted(r, type)) {
        const char *enc = retry->hdr[SA_H_CONTENT_ENCODING];
        if (enc != NULL && sa_result_item(r, SA_I_ACCEPT_ENCODING) != NULL &&
            !has_item_str(r, SA_I_ACCEPT_ENCODING, enc, TRUE)) {
            *detail = g_strdup_printf("%s, but Content-Encoding %s is not accepted", type, enc);
            verdict = SA_F_RETRY_UNFIXED;
        } else {
            *detail = g_strdup_printf("Content-Type %s", type);
            verdict = sa_result_item(r, SA_I_ACCEPT) == NULL &&
                              g_strcmp0(type, item_str(r, SA_I_REQUEST_CONTENT_TYPE)) == 0
                          ? SA_F_RETRY_UNFIXED
                          : SA_F_FOLLOWED;
        }
    } else {
        *detail = g_strdup_printf("Content-Type %s, not accepted", type);
        verdict = SA_F_RETRY_UNFIXED;
    }
    g_free(type);
    return verdict;
}

static char *describe_media(const sa_result_t *r, sa_lang_t lang)
{
    char *accept = items_text(r, SA_I_ACCEPT);
    const char *type = item_str(r, SA_I_REQUEST_CONTENT_TYPE);
    char *s;

    if (*accept == '\0')
        s = g_strdup_printf(L(lang, "%s refused, no Accept header", "%s 被拒绝，没有 Accept 头部"),
                            type ? type : L(lang, "the body", "消息体"));
    else
        s = g_strdup_printf(L(lang, "%s not accepted; Accept: %s", "不接受 %s；Accept: %s"),
                            type ? type : L(lang, "the body", "消息体"), accept);
    g_free(accept);
    return s;
}

static char *fix_media(const sa_result_t *r, sa_lang_t lang)
{
    char *accept = items_text(r, SA_I_ACCEPT);
    char *s =
        *accept ? g_strdup_printf(
                      L(lang, "Send a body the server accepts: %s", "改用服务器接受的消息体类型：%s"), accept)
                : g_strdup(L(lang, "Send another body type, encoding or language (the 415 lists none)",
                             "改用其他消息体类型、编码或语言（415 没有列出可接受的）"));

    g_free(accept);
    return s;
}

static char *info_media(const sa_result_t *r)
{
    char *accept = items_text(r, SA_I_ACCEPT);
    char *s = g_strdup_printf("Accept: %s", *accept ? accept : "?");

    g_free(accept);
    return s;
}

/* ------------------------------------------------------------------ */
/* 489 Bad Event (RFC 6665) */

static void analyse_event(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req)
{
    r->findings |= SA_FINDING_BIT(SA_F_BAD_EVENT);
    add_list_items(r, SA_I_ALLOW_EVENTS, resp->hdr[SA_H_ALLOW_EVENTS], TRUE);
    if (req != NULL) {
        char *event = sa_item_token(req->hdr[SA_H_EVENT]);
        if (event != NULL && *event != '\0')
            sa_result_add_str(r, SA_I_REQUEST_EVENT, 0, event);
        g_free(event);
    }
    if (resp->hdr[SA_H_ALLOW_EVENTS] == NULL)
        missing(r, "Allow-Events");
}

static sa_finding_t judge_event(sa_result_t *r, const sa_msg_t *req G_GNUC_UNUSED, const sa_msg_t *retry,
                                char **detail)
{
    char *event = sa_item_token(retry->hdr[SA_H_EVENT]);
    gboolean ok;

    if (sa_result_item(r, SA_I_ALLOW_EVENTS) == NULL)
        ok = event != NULL &&
             g_ascii_strcasecmp(event,
                                item_str(r, SA_I_REQUEST_EVENT) ? item_str(r, SA_I_REQUEST_EVENT) : "") != 0;
    else
        ok = event != NULL && has_item_str(r, SA_I_ALLOW_EVENTS, event, TRUE);
    *detail = g_strdup_printf(ok ? "Event %s" : "Event %s, not allowed", event ? event : "(none)");
    g_free(event);
    return ok ? SA_F_FOLLOWED : SA_F_RETRY_UNFIXED;
}

static char *describe_event(const sa_result_t *r, sa_lang_t lang)
{
    char *allowed = items_text(r, SA_I_ALLOW_EVENTS);
    const char *event = item_str(r, SA_I_REQUEST_EVENT);
    char *s;

    if (*allowed == '\0')
        s = g_strdup_printf(
            L(lang, "%s refused, no Allow-Events header", "%s 被拒绝，没有 Allow-Events 头部"),
            event ? event : L(lang, "the event package", "事件包"));
    else
        s = g_strdup_printf(L(lang, "%s not allowed; Allow-Events: %s", "不允许 %s；Allow-Events: %s"),
                            event ? event : L(lang, "the event package", "事件包"), allowed);
    g_free(allowed);
    return s;
}

static char *fix_event(const sa_result_t *r, sa_lang_t lang)
{
    char *allowed = items_text(r, SA_I_ALLOW_EVENTS);
    char *s = *allowed ? g_strdup_printf(
                             L(lang, "Subscribe to an allowed event package: %s", "改为订阅允许的事件包：%s"),
                             allowed)
                       : g_strdup(L(lang, "Use an event package the server supports (the 489 lists none)",
                                    "改用服务器支持的事件包（489 没有列出）"));

    g_free(allowed);
    return s;
}

static char *info_event(const sa_result_t *r)
{
    char *allowed = items_text(r, SA_I_ALLOW_EVENTS);
    char *s = g_strdup_printf("Allow-Events: %s", *allowed ? allowed : "?");

    g_free(allowed);
    return s;
}

/* ------------------------------------------------------------------ */
/* 413 / 513: the request is too large */

static void analyse_too_large(sa_result_t *r, const sa_msg_t *resp G_GNUC_UNUSED, const sa_msg_t *req)
{
    r->findings |= SA_FINDING_BIT(SA_F_TOO_LARGE);
    if (req != NULL) {
        sa_result_add_num(r, SA_I_REQUEST_SIZE, 0, req->length);
        sa_result_add_str(r, SA_I_REQUEST_TRANSPORT, 0, transport_name(req->transport));
    }
}

static gboolean congestion_controlled(sa_transport_t t)
{
    return t == SA_TRANSPORT_TCP || t == SA_TRANSPORT_SCTP;
}

/* 413 refuses the body whatever the transport (RFC 3261 §21.4.11): only a
 * smaller request helps. 513 refuses the message's size (§21.5.14): over
 * UDP, TCP is the way out as well (§18.1.1). */
static gboolean transport_may_help(const sa_result_t *r, const sa_msg_t *req)
{
    return r->status == 513 && req != NULL && !congestion_controlled(req->transport);
}

static sa_finding_t judge_too_large(sa_result_t *r, const sa_msg_t *req, const sa_msg_t *retry, char **detail)
{
    gint64 size = item_num(r, SA_I_REQUEST_SIZE, -1);
    gboolean ok;

    *detail = g_strdup_printf("%u bytes over %s", retry->length, transport_name(retry->transport));
    ok = size < 0 || (gint64)retry->length < size;
    if (transport_may_help(r, req) && congestion_controlled(retry->transport))
        ok = TRUE;
    return ok ? SA_F_FOLLOWED : SA_F_RETRY_UNFIXED;
}

static char *describe_too_large(const sa_result_t *r, sa_lang_t lang)
{
    const sa_status_info_t *info = sa_knowledge_status(r->status);
    gint64 size = item_num(r, SA_I_REQUEST_SIZE, -1);

    if (size < 0)
        return g_strdup_printf("%u %s", r->status, info ? info->reason : "");
    return g_strdup_printf(
        L(lang, "%u %s: %" G_GINT64_FORMAT " bytes over %s", "%u %s：%" G_GINT64_FORMAT " 字节，经 %s"),
        r->status, info ? info->reason : "", size, item_str(r, SA_I_REQUEST_TRANSPORT));
}

static char *fix_too_large(const sa_result_t *r, sa_lang_t lang)
{
    const char *transport = item_str(r, SA_I_REQUEST_TRANSPORT);
    gint64 size = item_num(r, SA_I_REQUEST_SIZE, -1);

    if (r->status == 513 && transport != NULL && strcmp(transport, "UDP") == 0) {
        if (size > UDP_SIZE_LIMIT)
            return g_strdup(L(lang,
                              "Send it over TCP (above 1300 bytes UDP is not for SIP, RFC 3261 §18.1.1) or "
                              "make it smaller",
                              "改用 TCP 发送（超过 1300 字节不应使用 UDP，RFC 3261 §18.1.1），或减小请求"));
        return g_strdup(L(lang, "Make the request smaller (body, headers) or send it over TCP",
                          "减小请求（消息体、头部），或改用 TCP 发送"));
    }
    return g_strdup(L(lang, "Make the request smaller (body, headers)", "减小请求（消息体、头部）"));
}

static char *info_too_large(const sa_result_t *r)
{
    gint64 size = item_num(r, SA_I_REQUEST_SIZE, -1);

    if (size < 0)
        return g_strdup("too large");
    return g_strdup_printf("too large: %" G_GINT64_FORMAT " bytes over %s", size,
                           item_str(r, SA_I_REQUEST_TRANSPORT));
}

/* ------------------------------------------------------------------ */
/* Retry-After on any other final response */

static void add_retry_after(sa_result_t *r, const sa_msg_t *resp)
{
    const char *value = resp->hdr[SA_H_RETRY_AFTER];
    gint64 secs = sa_parse_delta_prefix(value);
    char *duration;
    const char *open;
    const char *close;

    if (secs < 0)
        return;
    sa_result_add_num(r, SA_I_RETRY_AFTER, 0, secs);
    open = strchr(value, '(');
    close = open ? strrchr(open, ')') : NULL;
    if (open != NULL && close != NULL && close > open + 1) {
        char *comment = g_strndup(open + 1, (gsize)(close - open - 1));
        sa_result_add_str(r, SA_I_RETRY_AFTER_COMMENT, 1, comment);
        g_free(comment);
    }
    duration = sa_item_param(close ? close : value, "duration");
    if (duration != NULL && sa_parse_delta_seconds(duration) >= 0)
        sa_result_add_num(r, SA_I_RETRY_AFTER_DURATION, 1, sa_parse_delta_seconds(duration));
    g_free(duration);
}

static void analyse_retry_after(sa_result_t *r, const sa_msg_t *resp, const sa_msg_t *req G_GNUC_UNUSED)
{
    r->findings |= SA_FINDING_BIT(SA_F_RETRY_LATER);
    add_retry_after(r, resp);
}

static sa_finding_t judge_retry_after(sa_result_t *r, const sa_msg_t *req G_GNUC_UNUSED,
                                      const sa_msg_t *retry, char **detail)
{
    gint64 wait = item_num(r, SA_I_RETRY_AFTER, 0);
    nstime_t gap;
    double seconds;

    nstime_delta(&gap, &retry->time, &r->time);
    seconds = (double)gap.secs + gap.nsecs / 1e9;
    *detail = g_strdup_printf("after %.1f s of %" G_GINT64_FORMAT " s", seconds, wait);
    return sa_time_cmp(&retry->time, &r->time) >= 0 && gap.secs >= wait ? SA_F_FOLLOWED
                                                                        : SA_F_RETRY_TOO_EARLY;
}

static char *describe_retry_after(const sa_result_t *r, sa_lang_t lang)
{
    const sa_status_info_t *info = sa_knowledge_status(r->status);

    return g_strdup_printf(
        L(lang, "%u %s: Retry-After %" G_GINT64_FORMAT " s", "%u %s：Retry-After %" G_GINT64_FORMAT " 秒"),
        r->status, info ? info->reason : "", item_num(r, SA_I_RETRY_AFTER, 0));
}

static char *fix_retry_after(const sa_result_t *r, sa_lang_t lang)
{
    return g_strdup_printf(
        L(lang, "Wait %" G_GINT64_FORMAT " s before trying again", "等待 %" G_GINT64_FORMAT " 秒后再重试"),
        item_num(r, SA_I_RETRY_AFTER, 0));
}

static char *info_retry_after(const sa_result_t *r)
{
    return g_strdup_printf("Retry-After %" G_GINT64_FORMAT " s", item_num(r, SA_I_RETRY_AFTER, 0));
}

/* ------------------------------------------------------------------ */
/* Other final non-2xx responses: explained and linked, not judged */

static void analyse_explain(sa_result_t *r G_GNUC_UNUSED, const sa_msg_t *resp G_GNUC_UNUSED,
                            const sa_msg_t *req G_GNUC_UNUSED)
{
}

static const sa_rule_t rules[SA_KIND_COUNT] = {
    [SA_KIND_EXPLAIN] = {SA_KIND_EXPLAIN, "explain", analyse_explain, NULL, NULL, FALSE, NULL, NULL, NULL},
    [SA_KIND_REDIRECT] = {SA_KIND_REDIRECT, "redirect", analyse_redirect, judge_redirect, redirect_new_call,
                          FALSE, describe_redirect, fix_redirect, info_redirect},
    [SA_KIND_BAD_EXTENSION] = {SA_KIND_BAD_EXTENSION, "bad extension", analyse_bad_extension,
                               judge_bad_extension, NULL, FALSE, describe_bad_extension, fix_bad_extension,
                               info_bad_extension},
    [SA_KIND_EXTENSION_REQUIRED] = {SA_KIND_EXTENSION_REQUIRED, "extension required",
                                    analyse_extension_required, judge_extension_required, NULL, FALSE,
                                    describe_extension_required, fix_extension_required,
                                    info_extension_required},
    [SA_KIND_SESSION_INTERVAL] = {SA_KIND_SESSION_INTERVAL, "session interval", analyse_session_interval,
                                  judge_session_interval, NULL, FALSE, describe_session_interval,
                                  fix_session_interval, info_session_interval},
    [SA_KIND_INTERVAL_TOO_BRIEF] = {SA_KIND_INTERVAL_TOO_BRIEF, "interval too brief",
                                    analyse_interval_too_brief, judge_interval_too_brief, NULL, FALSE,
                                    describe_interval_too_brief, fix_interval_too_brief,
                                    info_interval_too_brief},
    [SA_KIND_SECURITY] = {SA_KIND_SECURITY, "security agreement", analyse_security, judge_security, NULL,
                          FALSE, describe_security, fix_security, info_security},
    [SA_KIND_AUTH] = {SA_KIND_AUTH, "authentication", analyse_auth, judge_auth, NULL, FALSE, describe_auth,
                      fix_auth, info_auth},
    [SA_KIND_METHOD] = {SA_KIND_METHOD, "method", analyse_method, judge_method, NULL, TRUE, describe_method,
                        fix_method, info_method},
    [SA_KIND_MEDIA] = {SA_KIND_MEDIA, "media type", analyse_media, judge_media, NULL, FALSE, describe_media,
                       fix_media, info_media},
    [SA_KIND_EVENT] = {SA_KIND_EVENT, "event package", analyse_event, judge_event, NULL, FALSE,
                       describe_event, fix_event, info_event},
    [SA_KIND_TOO_LARGE] = {SA_KIND_TOO_LARGE, "size", analyse_too_large, judge_too_large, NULL, FALSE,
                           describe_too_large, fix_too_large, info_too_large},
    [SA_KIND_RETRY_AFTER] = {SA_KIND_RETRY_AFTER, "retry after", analyse_retry_after, judge_retry_after, NULL,
                             FALSE, describe_retry_after, fix_retry_after, info_retry_after},
};

/* ------------------------------------------------------------------ */
/* The table and the texts */

gboolean sa_rules_kind_of(const sa_msg_t *resp, sa_kind_t *kind)
{
    guint lo = 0;
    guint hi = G_N_ELEMENTS(status_kinds);

    if (resp->status < 300 || resp->status > 699)
        return FALSE;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (status_kinds[mid].code < resp->status)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < G_N_ELEMENTS(status_kinds) && status_kinds[lo].code == resp->status)
        *kind = status_kinds[lo].kind;
    else if (resp->hdr[SA_H_RETRY_AFTER] != NULL && sa_parse_delta_prefix(resp->hdr[SA_H_RETRY_AFTER]) >= 0)
        *kind = SA_KIND_RETRY_AFTER;
    else
        *kind = SA_KIND_EXPLAIN;
    return TRUE;
}

const sa_rule_t *sa_rules_get(sa_kind_t kind)
{
    return (guint)kind < SA_KIND_COUNT ? &rules[kind] : &rules[SA_KIND_EXPLAIN];
}

char *sa_rules_check(void)
{
    for (gsize i = 0; i < G_N_ELEMENTS(status_kinds); i++) {
        if ((guint)status_kinds[i].kind >= SA_KIND_COUNT || status_kinds[i].kind == SA_KIND_EXPLAIN)
            return g_strdup_printf("status %u has no analysed kind", status_kinds[i].code);
        if (i > 0 && status_kinds[i - 1].code >= status_kinds[i].code)
            return g_strdup_printf("status table out of order at %u", status_kinds[i].code);
    }
    for (int k = 0; k < SA_KIND_COUNT; k++) {
        const sa_rule_t *rule = &rules[k];
        if ((int)rule->kind != k || rule->analyse == NULL)
            return g_strdup_printf("kind %d has no rule", k);
        if (k != SA_KIND_EXPLAIN &&
            (rule->judge == NULL || rule->describe == NULL || rule->fix == NULL || rule->info == NULL))
            return g_strdup_printf("the rule of kind %s is incomplete", rule->name);
    }
    return NULL;
}

const guint *sa_rules_codes(gsize *count)
{
    static guint codes[G_N_ELEMENTS(status_kinds)];

    for (gsize i = 0; i < G_N_ELEMENTS(status_kinds); i++)
        codes[i] = status_kinds[i].code;
    *count = G_N_ELEMENTS(status_kinds);
    return codes;
}

static const char *const summaries[SA_F_COUNT][SA_LANG_COUNT] = {
#define SA_SUMMARY(id, name, group, severity, en, zh) {en, zh},
    SA_FINDINGS(SA_SUMMARY)
#undef SA_SUMMARY
};

static const char *const names[SA_F_COUNT] = {
#define SA_NAME(id, name, group, severity, en, zh) name,
    SA_FINDINGS(SA_NAME)
#undef SA_NAME
};

const char *sa_finding_summary(sa_finding_t f, sa_lang_t lang)
{
    if ((guint)f >= SA_F_COUNT)
        return "";
    return summaries[f][lang == SA_LANG_ZH ? SA_LANG_ZH : SA_LANG_EN];
}

const char *sa_finding_name(sa_finding_t f)
{
    if ((guint)f >= SA_F_COUNT)
        return "";
    return names[f];
}

sa_finding_t sa_result_headline(const sa_result_t *r)
{
    for (int f = 0; f <= SA_F_TOO_LARGE; f++) {
        if (sa_result_has(r, (sa_finding_t)f))
            return (sa_finding_t)f;
    }
    /* A retransmission keeps only RESPONSE_RESENT. */
    return sa_result_has(r, SA_F_RESPONSE_RESENT) ? SA_F_RESPONSE_RESENT : SA_F_COUNT;
}

gboolean sa_rules_expects_retry(const sa_result_t *r)
{
    return r->kind != SA_KIND_EXPLAIN && r->kind != SA_KIND_RETRY_AFTER && r->status != 380;
}

char *sa_result_fix(const sa_result_t *r, sa_lang_t lang)
{
    const sa_rule_t *rule = sa_rules_get(r->kind);

    return rule->fix != NULL ? rule->fix(r, lang) : NULL;
}

char *sa_result_info(const sa_result_t *r)
{
    const sa_rule_t *rule = sa_rules_get(r->kind);

    return rule->info != NULL ? rule->info(r) : NULL;
}

static const char *reason_of(guint status)
{
    const sa_status_info_t *info = sa_knowledge_status(status);

    return info != NULL ? info->reason : "";
}

char *sa_finding_detail(const sa_result_t *r, sa_finding_t f, sa_lang_t lang, gboolean with_frame)
{
    const sa_rule_t *rule = sa_rules_get(r->kind);
    GString *s;
    char *text;

    if (f <= SA_F_TOO_LARGE) {
        text = rule->describe != NULL ? rule->describe(r, lang) : g_strdup("");
        s = g_string_new(text);
        g_free(text);
        if (r->request_frame != 0 && with_frame) {
            g_string_append(s, " [");
            g_string_append_printf(s, sa_knowledge_label(SA_LABEL_IN_FRAME, lang), r->request_method,
                                   r->request_frame);
            g_string_append_c(s, ']');
        } else if (r->request_frame != 0)
            g_string_append_printf(s, " [%s]", r->request_method);
        return g_string_free(s, FALSE);
    }
    switch (f) {
    case SA_F_MISSING_HEADER:
        return g_strdup_printf(L(lang, "%u without %s", "%u 缺少 %s"), r->status, r->missing_header);
    case SA_F_REQUIRED_ALREADY_SUPPORTED:
        return items_text(r, SA_I_REQUIRED);
    case SA_F_REQUEST_NOT_CAPTURED:
        return g_strdup_printf(L(lang, "%u response to %s", "%u，对 %s 的响应"), r->status,
                               r->request_method ? r->request_method
                                                 : L(lang, "an unknown method", "未知方法"));
    case SA_F_UNMATCHABLE:
    case SA_F_RESPONSE_RESENT:
    case SA_F_NO_ACK:
        return g_strdup_printf("%u %s", r->status, reason_of(r->status));
    case SA_F_REDIRECT_LOOP:
        return g_strdup_printf(L(lang, "the %u sends the client back to %s, tried in frame %u",
                                 "%u 把客户端送回已尝试过的 %s（第 %u 帧）"),
                               r->status, r->loop_uri, r->loop_frame);
    case SA_F_FOLLOWED:
    case SA_F_RETRY_UNFIXED:
    case SA_F_RETRY_WRONG_DESTINATION:
    case SA_F_RETRY_TOO_EARLY:
        s = g_string_new(NULL);
        g_string_append_printf(s, L(lang, "after the %u", "%u 之后"), r->status);
        if (r->retry_detail != NULL)
            g_string_append_printf(s, ": %s", r->retry_detail);
        if (r->retry_status != 0)
            g_string_append_printf(s, L(lang, ", final status %u", "，最终状态 %u"), r->retry_status);
        return g_string_free(s, FALSE);
    case SA_F_NOT_FOLLOWED:
        return g_strdup_printf(L(lang, "after the %u %s", "%u %s 之后"), r->status, reason_of(r->status));
    default:
        return NULL;
    }
}
