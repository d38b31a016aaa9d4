/* sipadvisor-fields.c
 * Reads the SIP dissector's fields and splits them per SIP message: each
 * top-level "sip" item starts a message, and a field belongs to the message
 * whose item starts last before it in the same data source. Item lengths and
 * tree parents are not used: in tshark's invisible tree they are not final.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sipadvisor-fields.h"

#include <epan/proto.h>
#include <epan/tvbuff.h>
#include <wsutil/wmem/wmem.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

enum {
    F_SIP,
    F_METHOD,
    F_RURI,
    F_STATUS,
    F_CALL_ID,
    F_CSEQ_SEQ,
    F_CSEQ_METHOD,
    F_VIA_ADDR,
    F_VIA_PORT,
    F_VIA_BRANCH,
    F_FROM_ADDR,
    F_FROM_TAG,
    F_TO_ADDR,
    F_REQUIRE,
    F_SUPPORTED,
    F_CONTACT_URI,
    F_CONTACT_PARAM,
    F_COUNT
};

/* The SIP fields sipadvisor reads, resolved by name in the handoff. Only
 * the parts are wanted, not the header items (sip.Via, sip.From, sip.To,
 * sip.Contact): the SIP dissector parses the parts whenever it builds a
 * tree, and each extra wanted field costs (tests/bench, per-field run). */
static int sip_hf[F_COUNT];
static const char *const sip_field_names[F_COUNT] = {
    [F_SIP] = "sip",
    [F_METHOD] = "sip.Method",
    [F_RURI] = "sip.r-uri",
    [F_STATUS] = "sip.Status-Code",
    [F_CALL_ID] = "sip.Call-ID",
    [F_CSEQ_SEQ] = "sip.CSeq.seq",
    [F_CSEQ_METHOD] = "sip.CSeq.method",
    [F_VIA_ADDR] = "sip.Via.sent-by.address",
    [F_VIA_PORT] = "sip.Via.sent-by.port",
    [F_VIA_BRANCH] = "sip.Via.branch",
    [F_FROM_ADDR] = "sip.from.addr",
    [F_FROM_TAG] = "sip.from.tag",
    [F_TO_ADDR] = "sip.to.addr",
    [F_REQUIRE] = "sip.Require",
    [F_SUPPORTED] = "sip.Supported",
    [F_CONTACT_URI] = "sip.contact.uri",
    [F_CONTACT_PARAM] = "sip.contact.parameter",
};

void sa_fields_resolve(void)
{
    for (int i = 0; i < F_COUNT; i++) {
        sip_hf[i] = proto_registrar_get_id_byname(sip_field_names[i]);
        if (sip_hf[i] < 0)
            ws_warning("sipadvisor: SIP field %s not found", sip_field_names[i]);
    }
}

GArray *sa_fields_wanted(void)
{
    GArray *wanted = g_array_sized_new(FALSE, FALSE, (guint)sizeof(int), F_COUNT);

    for (int i = 0; i < F_COUNT; i++) {
        if (sip_hf[i] >= 0)
            g_array_append_val(wanted, sip_hf[i]);
    }
    return wanted;
}

/* Where one message lies, and what is known of it so far. */
typedef struct msg_span {
    tvbuff_t *ds_tvb;
    gint start;
    sa_msg_t *msg;
    /* Top Via: the first sent-by; its port and branch lie before the next. */
    gint via_start;
    gint via_end;
    const char *via_addr;
    guint32 via_port;
    gboolean has_via_port;
    wmem_strbuf_t *require;
    wmem_strbuf_t *supported;
    sa_contact_t *contacts;
    gint *contact_starts; /* where each Contact URI starts */
    guint n_contacts;
    guint cap_contacts;
} msg_span_t;

static const char *fi_string(field_info *fi)
{
    return fvalue_get_string(SA_FI_FVALUE(fi));
}

static guint32 fi_uint(field_info *fi)
{
    return fvalue_get_uinteger(SA_FI_FVALUE(fi));
}

static GPtrArray *finfos(proto_tree *tree, int idx)
{
    if (sip_hf[idx] < 0)
        return NULL;
    return proto_get_finfo_ptr_array(tree, sip_hf[idx]);
}

/* Orders spans by data source, then by start. */
static int span_compare(const void *a, const void *b)
{
    const msg_span_t *x = a;
    const msg_span_t *y = b;

    if (x->ds_tvb != y->ds_tvb)
        return (uintptr_t)x->ds_tvb < (uintptr_t)y->ds_tvb ? -1 : 1;
    return (x->start > y->start) - (x->start < y->start);
}

/* The message a field belongs to: the last span in its data source that
 * starts at or before it (binary search over the sorted spans), or NULL. */
static msg_span_t *span_of(msg_span_t *spans, guint n, const field_info *fi)
{
    msg_span_t key;
    guint lo = 0;
    guint hi = n;

    key.ds_tvb = fi->ds_tvb;
    key.start = fi->start;
    while (lo < hi) { /* first span greater than key */
        guint mid = lo + (hi - lo) / 2;
        if (span_compare(&spans[mid], &key) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || spans[lo - 1].ds_tvb != fi->ds_tvb)
        return NULL;
    return &spans[lo - 1];
}

typedef void (*field_handler_t)(msg_span_t *s, field_info *fi, wmem_allocator_t *pool);

static void on_method(msg_span_t *s, field_info *fi, wmem_allocator_t *pool _U_)
{
    s->msg->is_request = TRUE;
    s->msg->method = fi_string(fi);
}

static void on_ruri(msg_span_t *s, field_info *fi, wmem_allocator_t *pool _U_)
{
    if (s->msg->ruri == NULL)
        s->msg->ruri = fi_string(fi);
}

static void on_status(msg_span_t *s, field_info *fi, wmem_allocator_t *pool _U_)
{
    s->msg->status = fi_uint(fi);
}

/* A matching key part (Call-ID, branch) as its bytes are on the wire. The
 * field's string is Wireshark's display form: each invalid UTF-8 sequence
 * becomes U+FFFD and a NUL ends it, so two different values could read the
 * same. Only then (no U+FFFD in the string, no NUL in the item's bytes: the
 * fast path of every real message) is the value rebuilt from the captured
 * bytes, with \xNN escapes. The item may span the whole header line, so the
 * value starts where the string's first bytes last stand and ends before the
 * first CR, LF, space, tab, ';' or ',' (none can be part of a Call-ID or a
 * branch). */
static const char *fi_key_string(field_info *fi, wmem_allocator_t *pool)
{
    const char *text = fi_string(fi);
    const guint8 *raw;
    const guint8 *from;
    const guint8 *end;
    gsize prefix;
    wmem_strbuf_t *buf;
    gint len = fi->length;

    if (text == NULL || fi->ds_tvb == NULL || len <= 0 ||
        tvb_captured_length_remaining(fi->ds_tvb, fi->start) < len)
        return text;
    raw = tvb_get_ptr(fi->ds_tvb, fi->start, len);
    if (strstr(text, "\xef\xbf\xbd") == NULL && memchr(raw, '\0', (gsize)len) == NULL)
        return text;
    end = raw + len;
    for (prefix = 0; text[prefix] != '\0' && (guint8)text[prefix] < 0x80; prefix++)
        ;
    from = raw;
    if (prefix > 0 && prefix <= (gsize)len) {
        for (gsize at = (gsize)len - prefix + 1; at-- > 0;) {
            if (memcmp(raw + at, text, prefix) == 0) { /* the last one: after any header name */
                from = raw + at;
                break;
            }
        }
    }
    buf = wmem_strbuf_new(pool, "");
    for (const guint8 *p = from; p < end; p++) {
        if (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t' || *p == ';' || *p == ',')
            break;
        if (*p < 0x21 || *p > 0x7e || *p == '\\')
            wmem_strbuf_append_printf(buf, "\\x%02x", *p);
        else
            wmem_strbuf_append_c(buf, (gchar)*p);
    }
    return wmem_strbuf_get_str(buf);
}

static void on_call_id(msg_span_t *s, field_info *fi, wmem_allocator_t *pool)
{
    if (s->msg->call_id == NULL)
        s->msg->call_id = fi_key_string(fi, pool);
}

static void on_cseq_seq(msg_span_t *s, field_info *fi, wmem_allocator_t *pool _U_)
{
    if (!s->msg->has_cseq) {
        s->msg->has_cseq = TRUE;
        s->msg->cseq = fi_uint(fi);
    }
}

static void on_cseq_method(msg_span_t *s, field_info *fi, wmem_allocator_t *pool _U_)
{
    if (s->msg->cseq_method == NULL)
        s->msg->cseq_method = fi_string(fi);
}

static void on_via_addr(msg_span_t *s, field_info *fi, wmem_allocator_t *pool _U_)
{
    if (s->via_addr == NULL) {
        s->via_addr = fi_string(fi);
        s->via_start = fi->start;
    } else if (fi->start > s->via_start && fi->start < s->via_end) {
        s->via_end = fi->start; /* the second Via starts here */
    }
}

/* Port and branch count only inside the top Via: after its sent-by and
 * before the next one. Needs on_via_addr to have run on every sent-by. */
static gboolean in_top_via(const msg_span_t *s, const field_info *fi)
{
    return s->via_addr != NULL && fi->start > s->via_start && fi->start < s->via_end;
}

static void on_via_port(msg_span_t *s, field_info *fi, wmem_allocator_t *pool _U_)
{
    if (!s->has_via_port && in_top_via(s, fi)) {
        s->has_via_port = TRUE;
        s->via_port = fi_uint(fi);
    }
}

static void on_via_branch(msg_span_t *s, field_info *fi, wmem_allocator_t *pool)
{
    if (s->msg->via_branch == NULL && in_top_via(s, fi))
        s->msg->via_branch = fi_key_string(fi, pool);
}

static void on_from_addr(msg_span_t *s, field_info *fi, wmem_allocator_t *pool _U_)
{
    if (s->msg->from_uri == NULL)
        s->msg->from_uri = fi_string(fi);
}

static void on_from_tag(msg_span_t *s, field_info *fi, wmem_allocator_t *pool _U_)
{
    if (s->msg->from_tag == NULL)
        s->msg->from_tag = fi_string(fi);
}

static void on_to_addr(msg_span_t *s, field_info *fi, wmem_allocator_t *pool _U_)
{
    if (s->msg->to_uri == NULL)
        s->msg->to_uri = fi_string(fi);
}

static void join_line(wmem_allocator_t *pool, wmem_strbuf_t **buf, const char *value)
{
    if (*buf == NULL) {
        *buf = wmem_strbuf_new(pool, value);
    } else {
        wmem_strbuf_append_c(*buf, '\n');
        wmem_strbuf_append(*buf, value);
    }
}

static void on_require(msg_span_t *s, field_info *fi, wmem_allocator_t *pool)
{
    join_line(pool, &s->require, fi_string(fi));
}

static void on_supported(msg_span_t *s, field_info *fi, wmem_allocator_t *pool)
{
    join_line(pool, &s->supported, fi_string(fi));
}

static void on_contact_uri(msg_span_t *s, field_info *fi, wmem_allocator_t *pool)
{
    sa_contact_t *c;

    if (s->n_contacts == s->cap_contacts) {
        guint cap = s->cap_contacts ? s->cap_contacts * 2 : 4;
        s->contacts = wmem_realloc(pool, s->contacts, cap * sizeof(sa_contact_t));
        s->contact_starts = wmem_realloc(pool, s->contact_starts, cap * sizeof(gint));
        s->cap_contacts = cap;
    }
    c = &s->contacts[s->n_contacts];
    c->uri = fi_string(fi);
    c->params = NULL;
    c->q = NULL;
    c->expires = NULL;
    s->contact_starts[s->n_contacts++] = fi->start;
}

/* The value of a "name=value" parameter when the name matches. */
static const char *param_value(const char *param, const char *name)
{
    gsize len = strlen(name);

    if (g_ascii_strncasecmp(param, name, len) == 0 && param[len] == '=')
        return param + len + 1;
    return NULL;
}

/* A header parameter belongs to the last Contact URI before it. Needs
 * on_contact_uri to have run on every URI. */
static void on_contact_param(msg_span_t *s, field_info *fi, wmem_allocator_t *pool _U_)
{
    sa_contact_t *owner = NULL;
    const char *p = fi_string(fi);
    const char *v;

    guint lo = 0;
    guint hi = s->n_contacts;

    while (lo < hi) { /* URIs come in order: the first one at or after the parameter */
        guint mid = lo + (hi - lo) / 2;
        if (s->contact_starts[mid] < fi->start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0)
        owner = &s->contacts[lo - 1];
    if (owner == NULL || p == NULL)
        return;
    if (owner->q == NULL && (v = param_value(p, "q")) != NULL)
        owner->q = v;
    else if (owner->expires == NULL && (v = param_value(p, "expires")) != NULL)
        owner->expires = v;
}

/* In this order: sent-by before port and branch, URIs before parameters. */
static const struct {
    int field;
    field_handler_t handler;
} field_handlers[] = {
    {F_METHOD, on_method},           {F_RURI, on_ruri},
    {F_STATUS, on_status},           {F_CALL_ID, on_call_id},
    {F_CSEQ_SEQ, on_cseq_seq},       {F_CSEQ_METHOD, on_cseq_method},
    {F_VIA_ADDR, on_via_addr},       {F_VIA_PORT, on_via_port},
    {F_VIA_BRANCH, on_via_branch},   {F_FROM_ADDR, on_from_addr},
    {F_FROM_TAG, on_from_tag},       {F_TO_ADDR, on_to_addr},
    {F_REQUIRE, on_require},         {F_SUPPORTED, on_supported},
    {F_CONTACT_URI, on_contact_uri}, {F_CONTACT_PARAM, on_contact_param},
};

guint sa_fields_extract(proto_tree *tree, packet_info *pinfo, sa_msg_t **msgs_out)
{
    GPtrArray *arr;
    msg_span_t *spans;
    sa_msg_t *msgs;
    guint n;

    *msgs_out = NULL;
    if (tree == NULL)
        return 0;
    arr = finfos(tree, F_SIP);
    if (arr == NULL || arr->len == 0)
        return 0;

    n = arr->len;
    spans = wmem_alloc0_array(pinfo->pool, msg_span_t, n);
    msgs = wmem_alloc0_array(pinfo->pool, sa_msg_t, n);
    for (guint i = 0; i < n; i++) {
        field_info *fi = g_ptr_array_index(arr, i);
        spans[i].ds_tvb = fi->ds_tvb;
        spans[i].start = fi->start;
        spans[i].msg = &msgs[i];
        spans[i].via_start = -1;
        spans[i].via_end = G_MAXINT;
        msgs[i].frame = pinfo->num;
        msgs[i].index = i;
        msgs[i].time = pinfo->abs_ts;
    }
    qsort(spans, n, sizeof *spans, span_compare);

    for (gsize h = 0; h < G_N_ELEMENTS(field_handlers); h++) {
        GPtrArray *fields = finfos(tree, field_handlers[h].field);
        for (guint k = 0; fields != NULL && k < fields->len; k++) {
            field_info *fi = g_ptr_array_index(fields, k);
            msg_span_t *s = span_of(spans, n, fi);
            if (s != NULL)
                field_handlers[h].handler(s, fi, pinfo->pool);
        }
    }

    for (guint i = 0; i < n; i++) {
        msg_span_t *s = &spans[i];
        if (s->via_addr != NULL) {
            s->msg->via_sent_by = s->has_via_port
                                      ? wmem_strdup_printf(pinfo->pool, "%s:%u", s->via_addr, s->via_port)
                                      : s->via_addr;
        }
        if (s->require != NULL)
            s->msg->hdr[SA_H_REQUIRE] = wmem_strbuf_get_str(s->require);
        if (s->supported != NULL)
            s->msg->hdr[SA_H_SUPPORTED] = wmem_strbuf_get_str(s->supported);
        s->msg->contacts = s->contacts;
        s->msg->n_contacts = s->n_contacts;
    }
    *msgs_out = msgs;
    return n;
}
