/* packet-sipadvisor.c
 * The sipadvisor post-dissector: registration, protocol tree and expert
 * info. The analysis runs once, in the first pass; every pass (tshark -2,
 * GUI clicks and refilters) draws the stored results.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "sipadvisor"

#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "compat.h"
#include "packet-sipadvisor.h"
#include "sipadvisor-analysis.h"
#include "sipadvisor-fields.h"
#include "sipadvisor-knowledge.h"
#include "sipadvisor-stats.h"

static int proto_sipadvisor = -1;
static dissector_handle_t sipadvisor_handle;
static sa_ctx_t *sa_ctx;
static int sipadvisor_tap = -1;

static int hf_sipadvisor_status = -1;
static int hf_sipadvisor_class = -1;
static int hf_sipadvisor_explanation = -1;
static int hf_sipadvisor_meaning = -1;
static int hf_sipadvisor_when = -1;
static int hf_sipadvisor_fix = -1;
static int hf_sipadvisor_reference = -1;
static int hf_sipadvisor_transaction = -1;
static int hf_sipadvisor_request_frame = -1;
static int hf_sipadvisor_request_method = -1;
static int hf_sipadvisor_request_uri = -1;
static int hf_sipadvisor_match = -1;
static int hf_sipadvisor_response_time = -1;
static int hf_sipadvisor_resend = -1;
static int hf_sipadvisor_original_frame = -1;
static int hf_sipadvisor_moved_from = -1;
static int hf_sipadvisor_new_uri = -1;
static int hf_sipadvisor_new_uri_q = -1;
static int hf_sipadvisor_new_uri_expires = -1;
static int hf_sipadvisor_new_uri_count = -1;
static int hf_sipadvisor_required = -1;
static int hf_sipadvisor_supported = -1;
static int hf_sipadvisor_missing = -1;
static int hf_sipadvisor_tag_rfc = -1;
static int hf_sipadvisor_tag_meaning = -1;
static int hf_sipadvisor_followup = -1;
static int hf_sipadvisor_retry_state = -1;
static int hf_sipadvisor_followup_window = -1;
static int hf_sipadvisor_ack_frame = -1;
static int hf_sipadvisor_retry_frame = -1;
static int hf_sipadvisor_retry_uri = -1;
static int hf_sipadvisor_retry_status = -1;
static int hf_sipadvisor_retry_missing = -1;
static int hf_sipadvisor_response_frame = -1;
static int hf_sipadvisor_retry_of = -1;

static gint ett_sipadvisor = -1;
static gint ett_sipadvisor_explanation = -1;
static gint ett_sipadvisor_transaction = -1;
static gint ett_sipadvisor_new_uri = -1;
static gint ett_sipadvisor_tag = -1;
static gint ett_sipadvisor_followup = -1;

/* One expert field per finding, in the order of SA_FINDINGS. */
#define SA_EI_INIT(id, name, group, severity, en, zh) EI_INIT,
static expert_field ei_sipadvisor[SA_F_COUNT] = {SA_FINDINGS(SA_EI_INIT)};
#undef SA_EI_INIT

/* The registered summaries, by finding. */
#define SA_FINDING_SUMMARY(id, name, group, severity, en, zh) en,
static const char *const finding_summary[SA_F_COUNT] = {SA_FINDINGS(SA_FINDING_SUMMARY)};
#undef SA_FINDING_SUMMARY

/* Preferences */
static sa_pref_bool_t pref_info_column = TRUE;
static sa_pref_bool_t pref_explanations = TRUE;

/* What sipadvisor.retry_state says; "not retried" needs the whole capture. */
enum {
    RETRY_STATE_UNKNOWN = 0,
    RETRY_STATE_RETRIED = 1,
    RETRY_STATE_UNOFFERED_URI = 2,
    RETRY_STATE_STILL_MISSING = 3,
    RETRY_STATE_NOT_RETRIED = 4,
};

static const value_string retry_state_vals[] = {
    {RETRY_STATE_UNKNOWN, "not known yet (no retry so far; the whole capture is needed to tell)"},
    {RETRY_STATE_RETRIED, "retried as asked"},
    {RETRY_STATE_UNOFFERED_URI, "retried at a URI the 301 did not offer"},
    {RETRY_STATE_STILL_MISSING, "retried still without the missing extensions"},
    {RETRY_STATE_NOT_RETRIED, "not retried: the capture holds no retry"},
    {0, NULL},
};

static const value_string match_vals[] = {
    {SA_MATCH_NONE, "not matched"},
    {SA_MATCH_RFC3261, "RFC 3261 (top Via branch + sent-by + CSeq method, same Call-ID)"},
    {SA_MATCH_RFC2543, "RFC 2543 fallback (Call-ID + CSeq + From tag + top Via)"},
    {0, NULL},
};

/* Hostile captures carry 10,000 Contacts or 1,000 option tags: summaries
 * name the first few, the tree shows the first hundred, and an expert note
 * says what was cut. */
#define SUMMARY_MAX_ITEMS 5
#define TREE_MAX_ITEMS    100

static void append_more(wmem_strbuf_t *s, guint total, guint shown)
{
    if (total > shown)
        wmem_strbuf_append_printf(s, " (+%u more)", total - shown);
}

static const char *tagset_text(wmem_allocator_t *pool, const GPtrArray *set)
{
    wmem_strbuf_t *s = wmem_strbuf_new(pool, NULL);
    guint n = MIN(set->len, SUMMARY_MAX_ITEMS);

    for (guint i = 0; i < n; i++)
        wmem_strbuf_append_printf(s, "%s%s", i ? ", " : "", (const char *)g_ptr_array_index(set, i));
    append_more(s, set->len, n);
    return wmem_strbuf_get_str(s);
}

/* "[INVITE]", or "[INVITE in frame 4]" for the tree label. Expert texts
 * leave the frame out, so that `tshark -z expert` and the GUI's Expert
 * Information group equal findings into one line with a count. */
static void append_request(wmem_strbuf_t *s, const sa_result_t *r, gboolean with_frame)
{
    if (r->request_frame != 0 && with_frame)
        wmem_strbuf_append_printf(s, " [%s in frame %u]", r->request_method, r->request_frame);
    else if (r->request_frame != 0)
        wmem_strbuf_append_printf(s, " [%s]", r->request_method);
}

/* What follows "301 Moved Permanently: " and "421 Extension Required: ". */
static const char *headline_detail(wmem_allocator_t *pool, const sa_result_t *r, gboolean with_frame)
{
    wmem_strbuf_t *s = wmem_strbuf_new(pool, NULL);

    if (r->status == 301) {
        guint n = MIN(r->new_uris->len, SUMMARY_MAX_ITEMS);
        wmem_strbuf_append_printf(s, "%s ->", r->moved_from ? r->moved_from : "(request not captured)");
        if (r->new_uris->len == 0)
            wmem_strbuf_append(s, " (no Contact)");
        for (guint i = 0; i < n; i++) {
            const sa_new_uri_t *u = &g_array_index(r->new_uris, sa_new_uri_t, i);
            wmem_strbuf_append_printf(s, "%s %s", i ? "," : "", u->uri);
            if (u->q_text != NULL)
                wmem_strbuf_append_printf(s, " (q=%s)", u->q_text);
        }
        append_more(s, r->new_uris->len, n);
    } else if (r->missing->len > 0) {
        wmem_strbuf_append_printf(s, "missing %s", tagset_text(pool, r->missing));
    } else if (r->required->len > 0) {
        wmem_strbuf_append_printf(s, "requires %s", tagset_text(pool, r->required));
        if (sa_result_has(r, SA_F_REQUIRED_ALREADY_SUPPORTED))
            wmem_strbuf_append(s, " (already supported)");
    } else {
        wmem_strbuf_append(s, "no Require header");
    }
    append_request(s, r, with_frame);
    return wmem_strbuf_get_str(s);
}

static sa_finding_t headline_of(const sa_result_t *r)
{
    return r->status == 301 ? SA_F_MOVED_PERMANENTLY : SA_F_EXTENSION_REQUIRED;
}

/* The details an expert entry adds after its registered summary, or NULL
 * when the summary says everything. */
static const char *finding_detail(wmem_allocator_t *pool, const sa_result_t *r, sa_finding_t f)
{
    const sa_status_info_t *info = sa_knowledge_status(r->status);

    switch (f) {
    case SA_F_MOVED_PERMANENTLY:
    case SA_F_EXTENSION_REQUIRED:
        return headline_detail(pool, r, FALSE);
    case SA_F_REQUIRED_ALREADY_SUPPORTED:
        return tagset_text(pool, r->required);
    case SA_F_REQUEST_NOT_CAPTURED:
        return wmem_strdup_printf(pool, "%u response to %s", r->status,
                                  r->request_method ? r->request_method : "an unknown method");
    case SA_F_UNMATCHABLE:
    case SA_F_RESPONSE_RESENT:
    case SA_F_NO_ACK:
        return wmem_strdup_printf(pool, "%u %s", r->status, info ? info->reason : "");
    case SA_F_FOLLOWED:
        if (r->retry_status != 0)
            return wmem_strdup_printf(pool, "after the %u, final status %u", r->status, r->retry_status);
        return wmem_strdup_printf(pool, "after the %u", r->status);
    case SA_F_NOT_FOLLOWED:
        return wmem_strdup_printf(pool, "after the %u (%s)", r->status,
                                  r->status == 301 ? "the new URIs were not tried"
                                                   : "the request was given up");
    case SA_F_RETRY_STILL_MISSING:
        return tagset_text(pool, r->retry_missing);
    case SA_F_RETRY_UNOFFERED_URI:
        return r->retry_uri ? r->retry_uri : "(no Request-URI)";
    default:
        return NULL;
    }
}

static void add_finding(packet_info *pinfo, proto_item *ti, const sa_result_t *r, sa_finding_t f)
{
    const char *detail = finding_detail(pinfo->pool, r, f);

    if (detail == NULL)
        expert_add_info(pinfo, ti, &ei_sipadvisor[f]);
    else
        expert_add_info_format(pinfo, ti, &ei_sipadvisor[f], "%s: %s", finding_summary[f], detail);
}

static proto_item *add_generated(proto_item *ti)
{
    proto_item_set_generated(ti);
    return ti;
}

static void add_explanation(proto_tree *tree, tvbuff_t *tvb, const sa_status_info_t *info)
{
    proto_item *ti = add_generated(proto_tree_add_item(tree, hf_sipadvisor_explanation, tvb, 0, 0, ENC_NA));
    proto_tree *et = proto_item_add_subtree(ti, ett_sipadvisor_explanation);

    add_generated(proto_tree_add_string(et, hf_sipadvisor_meaning, tvb, 0, 0, info->meaning.en));
    add_generated(proto_tree_add_string(et, hf_sipadvisor_when, tvb, 0, 0, info->when.en));
    add_generated(proto_tree_add_string(et, hf_sipadvisor_fix, tvb, 0, 0, info->fix.en));
    add_generated(proto_tree_add_string(et, hf_sipadvisor_reference, tvb, 0, 0, info->rfc));
}

static void add_transaction(proto_tree *tree, tvbuff_t *tvb, const sa_result_t *r)
{
    proto_item *ti = add_generated(proto_tree_add_item(tree, hf_sipadvisor_transaction, tvb, 0, 0, ENC_NA));
    proto_tree *tt = proto_item_add_subtree(ti, ett_sipadvisor_transaction);

    if (r->request_frame != 0) {
        proto_item_append_text(ti, ": %s in frame %u", r->request_method, r->request_frame);
        add_generated(proto_tree_add_uint(tt, hf_sipadvisor_request_frame, tvb, 0, 0, r->request_frame));
        add_generated(proto_tree_add_string(tt, hf_sipadvisor_request_method, tvb, 0, 0, r->request_method));
        if (r->request_uri != NULL)
            add_generated(proto_tree_add_string(tt, hf_sipadvisor_request_uri, tvb, 0, 0, r->request_uri));
        add_generated(proto_tree_add_uint(tt, hf_sipadvisor_match, tvb, 0, 0, r->match));
        if (r->has_response_time)
            add_generated(proto_tree_add_time(tt, hf_sipadvisor_response_time, tvb, 0, 0, &r->response_time));
    } else {
        proto_item_append_text(ti, ": request not in the capture");
        if (r->request_method != NULL)
            add_generated(
                proto_tree_add_string(tt, hf_sipadvisor_request_method, tvb, 0, 0, r->request_method));
        add_generated(proto_tree_add_uint(tt, hf_sipadvisor_match, tvb, 0, 0, r->match));
    }
    add_generated(proto_tree_add_boolean(tt, hf_sipadvisor_resend, tvb, 0, 0, r->resend));
    if (r->resend)
        add_generated(proto_tree_add_uint(tt, hf_sipadvisor_original_frame, tvb, 0, 0, r->original_frame));
}

static void note_cut(packet_info *pinfo, proto_item *ti, guint total, const char *what)
{
    if (total > TREE_MAX_ITEMS)
        expert_add_info_format(pinfo, ti, &ei_sipadvisor[SA_F_LIST_CUT], "%s: the first %u of %u %s",
                               finding_summary[SA_F_LIST_CUT], TREE_MAX_ITEMS, total, what);
}

static void add_moved(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, proto_item *top,
                      const sa_result_t *r)
{
    if (r->moved_from != NULL)
        add_generated(proto_tree_add_string(tree, hf_sipadvisor_moved_from, tvb, 0, 0, r->moved_from));
    add_generated(proto_tree_add_uint(tree, hf_sipadvisor_new_uri_count, tvb, 0, 0, r->new_uris->len));
    note_cut(pinfo, top, r->new_uris->len, "new URIs");
    for (guint i = 0; i < MIN(r->new_uris->len, TREE_MAX_ITEMS); i++) {
        const sa_new_uri_t *n = &g_array_index(r->new_uris, sa_new_uri_t, i);
        proto_item *ti = add_generated(proto_tree_add_string(tree, hf_sipadvisor_new_uri, tvb, 0, 0, n->uri));
        proto_tree *nt = proto_item_add_subtree(ti, ett_sipadvisor_new_uri);
        if (n->q_text != NULL && n->q_valid) {
            proto_item_append_text(ti, " (q=%s)", n->q_text);
            add_generated(proto_tree_add_double(nt, hf_sipadvisor_new_uri_q, tvb, 0, 0, n->q_milli / 1000.0));
        } else if (n->q_text != NULL) {
            proto_item_append_text(ti, " (q=%s: not a valid q, counted as 1)", n->q_text);
        }
        if (n->expires >= 0) {
            proto_item_append_text(ti, " (expires %" G_GINT64_FORMAT " s)", n->expires);
            add_generated(
                proto_tree_add_uint(nt, hf_sipadvisor_new_uri_expires, tvb, 0, 0, (guint32)n->expires));
        }
    }
}

static void add_tags(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, proto_item *top, int hf,
                     const GPtrArray *set, const char *what)
{
    note_cut(pinfo, top, set->len, what);
    for (guint i = 0; i < MIN(set->len, TREE_MAX_ITEMS); i++) {
        const char *tag = g_ptr_array_index(set, i);
        const sa_option_tag_t *known = sa_knowledge_option_tag(tag);
        proto_item *ti = add_generated(proto_tree_add_string(tree, hf, tvb, 0, 0, tag));
        proto_tree *tt = proto_item_add_subtree(ti, ett_sipadvisor_tag);
        if (known != NULL) {
            proto_item_append_text(ti, " (%s: %s)", known->rfc, known->meaning.en);
            add_generated(proto_tree_add_string(tt, hf_sipadvisor_tag_rfc, tvb, 0, 0, known->rfc));
            add_generated(proto_tree_add_string(tt, hf_sipadvisor_tag_meaning, tvb, 0, 0, known->meaning.en));
        } else {
            proto_item_append_text(ti, " (not in the IANA option-tag registry)");
            add_generated(
                proto_tree_add_string(tt, hf_sipadvisor_tag_meaning, tvb, 0, 0,
                                      "not in the IANA option-tag registry (vendor or misspelt tag)"));
        }
    }
}

/* The follow-up as sipadvisor.retry_state shows it. */
static guint retry_state(const sa_result_t *r)
{
    switch (r->follow) {
    case SA_FOLLOW_RETRIED:
        return RETRY_STATE_RETRIED;
    case SA_FOLLOW_UNOFFERED_URI:
        return RETRY_STATE_UNOFFERED_URI;
    case SA_FOLLOW_STILL_MISSING:
        return RETRY_STATE_STILL_MISSING;
    case SA_FOLLOW_NONE:
    default:
        return sa_result_has(r, SA_F_NOT_FOLLOWED) ? RETRY_STATE_NOT_RETRIED : RETRY_STATE_UNKNOWN;
    }
}

static void add_followup(tvbuff_t *tvb, proto_tree *tree, const sa_result_t *r)
{
    guint state = retry_state(r);
    proto_item *ti = add_generated(proto_tree_add_item(tree, hf_sipadvisor_followup, tvb, 0, 0, ENC_NA));
    proto_tree *ft = proto_item_add_subtree(ti, ett_sipadvisor_followup);

    proto_item_append_text(ti, ": %s", val_to_str_const(state, retry_state_vals, "?"));
    add_generated(proto_tree_add_uint(ft, hf_sipadvisor_retry_state, tvb, 0, 0, state));
    if (r->ack_frame != 0)
        add_generated(proto_tree_add_uint(ft, hf_sipadvisor_ack_frame, tvb, 0, 0, r->ack_frame));
    if (r->retry_frame != 0) {
        add_generated(proto_tree_add_uint(ft, hf_sipadvisor_retry_frame, tvb, 0, 0, r->retry_frame));
        if (r->retry_uri != NULL)
            add_generated(proto_tree_add_string(ft, hf_sipadvisor_retry_uri, tvb, 0, 0, r->retry_uri));
        if (r->retry_status != 0)
            add_generated(proto_tree_add_uint(ft, hf_sipadvisor_retry_status, tvb, 0, 0, r->retry_status));
        for (guint i = 0; r->retry_missing != NULL && i < MIN(r->retry_missing->len, TREE_MAX_ITEMS); i++)
            add_generated(proto_tree_add_string(ft, hf_sipadvisor_retry_missing, tvb, 0, 0,
                                                g_ptr_array_index(r->retry_missing, i)));
    }
    if (r->has_followup_window)
        add_generated(proto_tree_add_time(ft, hf_sipadvisor_followup_window, tvb, 0, 0, &r->followup_window));
}

/* Appends a note to the Info column, after a space unless the column is
 * empty or already ends in one. */
static void info_note(packet_info *pinfo, const char *format, ...) G_GNUC_PRINTF(2, 3);

static void info_note(packet_info *pinfo, const char *format, ...)
{
    const char *now = col_get_text(pinfo->cinfo, COL_INFO);
    gsize len = now ? strlen(now) : 0;
    va_list ap;
    char *note;

    if (!pref_info_column)
        return;
    va_start(ap, format);
    note = wmem_strdup_vprintf(pinfo->pool, format, ap);
    va_end(ap);
    col_append_sep_str(pinfo->cinfo, COL_INFO, len > 0 && now[len - 1] != ' ' ? " " : NULL, note);
}

static void add_info_column(packet_info *pinfo, const sa_result_t *r)
{
    if (r->status == 301 && r->new_uris->len > 0)
        info_note(pinfo, "[moved -> %s]", g_array_index(r->new_uris, sa_new_uri_t, 0).uri);
    else if (r->status == 301)
        info_note(pinfo, "[moved, no Contact]");
    else if (r->missing->len > 0)
        info_note(pinfo, "[missing: %s]", tagset_text(pinfo->pool, r->missing));
    else if (r->required->len == 0)
        info_note(pinfo, "[no Require]");
    else
        info_note(pinfo, "[requires supported %s]", tagset_text(pinfo->pool, r->required));
}

static void queue_tap(packet_info *pinfo, const sa_result_t *r, gboolean is_retry)
{
    sa_tap_record_t *rec;

    if (!have_tap_listener(sipadvisor_tap))
        return;
    rec = wmem_new(pinfo->pool, sa_tap_record_t);
    rec->result = r;
    rec->is_retry = is_retry;
    tap_queue_packet(sipadvisor_tap, pinfo, rec);
}

static void draw_result(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const sa_result_t *r)
{
    const sa_status_info_t *info = sa_knowledge_status(r->status);
    proto_item *ti = proto_tree_add_protocol_format(tree, proto_sipadvisor, tvb, 0, 0, "SIP Advisor: %s: %s",
                                                    finding_summary[headline_of(r)],
                                                    headline_detail(pinfo->pool, r, TRUE));
    proto_tree *st = proto_item_add_subtree(ti, ett_sipadvisor);

    add_generated(ti);
    add_generated(proto_tree_add_uint_format_value(st, hf_sipadvisor_status, tvb, 0, 0, r->status, "%u %s",
                                                   r->status, info ? info->reason : ""));
    add_generated(proto_tree_add_string(st, hf_sipadvisor_class, tvb, 0, 0,
                                        sa_knowledge_status_class(r->status, SA_LANG_EN)));
    if (info != NULL && pref_explanations)
        add_explanation(st, tvb, info);
    add_transaction(st, tvb, r);
    if (r->status == 301) {
        add_moved(st, tvb, pinfo, ti, r);
    } else {
        add_tags(st, tvb, pinfo, ti, hf_sipadvisor_required, r->required, "required tags");
        add_tags(st, tvb, pinfo, ti, hf_sipadvisor_supported, r->supported, "supported tags");
        add_tags(st, tvb, pinfo, ti, hf_sipadvisor_missing, r->missing, "missing tags");
    }
    if (!r->resend)
        add_followup(tvb, st, r);
    for (int f = 0; f < SA_F_COUNT; f++) {
        if (sa_result_has(r, (sa_finding_t)f))
            add_finding(pinfo, ti, r, (sa_finding_t)f);
    }
    if (!r->resend) {
        add_info_column(pinfo, r);
        queue_tap(pinfo, r, FALSE);
    }
}

/* The retry's reason in a few words: "retry after 301 to <uri>". */
static const char *retry_text(wmem_allocator_t *pool, const sa_result_t *r)
{
    if (r->status == 301)
        return wmem_strdup_printf(pool, "retry after 301 (frame %u) to %s", r->frame,
                                  r->retry_uri ? r->retry_uri : "(no Request-URI)");
    if (r->retry_missing != NULL && r->retry_missing->len > 0)
        return wmem_strdup_printf(pool, "retry after 421 (frame %u) still without %s", r->frame,
                                  tagset_text(pool, r->retry_missing));
    return wmem_strdup_printf(pool, "retry after 421 (frame %u) with %s", r->frame,
                              tagset_text(pool, r->missing));
}

static void draw_request_note(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const sa_request_note_t *n)
{
    proto_item *ti = add_generated(proto_tree_add_item(tree, proto_sipadvisor, tvb, 0, 0, ENC_NA));
    proto_tree *st = proto_item_add_subtree(ti, ett_sipadvisor);

    proto_item_set_text(ti, "SIP Advisor:");
    if (n->retry_of != NULL) {
        const char *text = retry_text(pinfo->pool, n->retry_of);
        proto_item_append_text(ti, " %s", text);
        add_generated(proto_tree_add_uint_format_value(
            st, hf_sipadvisor_retry_of, tvb, 0, 0, n->retry_of->frame, "%u (%s)", n->retry_of->frame, text));
        info_note(pinfo, "[retry after %u]", n->retry_of->status);
        queue_tap(pinfo, n->retry_of, TRUE);
    }
    if (n->answered_by != NULL) {
        proto_item_append_text(ti, "%s answered by %u in frame %u", n->retry_of ? ";" : "",
                               n->answered_by->status, n->answered_by->frame);
        add_generated(
            proto_tree_add_uint(st, hf_sipadvisor_response_frame, tvb, 0, 0, n->answered_by->frame));
    }
}

#ifdef SIPADVISOR_SANITIZE_SELFTEST
#include <sanitizer/lsan_interface.h>

/* Sanitizer builds only: SIPADVISOR_SELFTEST=overflow|leak plants one bug
 * at the first analysed response, so that tests/sanitize proves that its
 * runs would catch a real one (and that the runtime is really active). */
static void sanitize_selftest(void)
{
    static gboolean done;
    const char *what = g_getenv("SIPADVISOR_SELFTEST");
    volatile char *p;

    if (done || what == NULL)
        return;
    done = TRUE;
    p = g_malloc(16);
    if (g_strcmp0(what, "overflow") == 0) {
        p[strlen(what) + 8] = 1; /* 16: one past the end */
        g_free((char *)p);
    } else if (g_strcmp0(what, "leak") != 0) {
        g_free((char *)p); /* unknown value: no bug */
    }
}
#endif

static int dissect_sipadvisor(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    const GPtrArray *results;
    const GPtrArray *requests;

    if (sa_ctx == NULL)
        return 0;
    if (!PINFO_FD_VISITED(pinfo)) {
        sa_msg_t *msgs;
        guint n = sa_fields_extract(tree, pinfo, &msgs);
        sa_ctx_note_frame(sa_ctx, &pinfo->abs_ts);
        for (guint i = 0; i < n; i++) {
            if (msgs[i].is_request || msgs[i].status != 0)
                sa_ctx_add(sa_ctx, &msgs[i]);
        }
    } else {
        /* A later pass: the whole capture has been read. */
        sa_ctx_finish(sa_ctx);
    }
    results = sa_ctx_frame_results(sa_ctx, pinfo->num);
    requests = sa_ctx_frame_requests(sa_ctx, pinfo->num);
    if (results == NULL && requests == NULL)
        return 0;
    for (guint i = 0; requests != NULL && i < requests->len; i++)
        draw_request_note(tvb, pinfo, tree, g_ptr_array_index(requests, i));
    for (guint i = 0; results != NULL && i < results->len; i++)
        draw_result(tvb, pinfo, tree, g_ptr_array_index(results, i));
#ifdef SIPADVISOR_SANITIZE_SELFTEST
    if (results != NULL)
        sanitize_selftest();
#endif
    return tvb_captured_length(tvb);
}

static void sipadvisor_init(void)
{
    sa_ctx = sa_ctx_new();
    /* Wanted fields make every frame build a tree: only ask while enabled. */
    if (proto_is_protocol_enabled(find_protocol_by_id(proto_sipadvisor)))
        set_postdissector_wanted_hfids(sipadvisor_handle, sa_fields_wanted());
}

static void sipadvisor_cleanup(void)
{
    sa_ctx_free(sa_ctx);
    sa_ctx = NULL;
    set_postdissector_wanted_hfids(sipadvisor_handle, NULL);
#ifdef SIPADVISOR_SANITIZE_SELFTEST
    /* Check for leaks while the plugin is still loaded: at exit it is
     * unloaded and LeakSanitizer cannot name its frames any more. */
    __lsan_do_recoverable_leak_check();
#endif
}

void proto_register_sipadvisor(void)
{
    static hf_register_info hf[] = {
        {&hf_sipadvisor_status,
         {"Status", "sipadvisor.status", FT_UINT16, BASE_DEC, NULL, 0x0,
          "Status code of the analysed SIP response", HFILL}},
        {&hf_sipadvisor_class,
         {"Class", "sipadvisor.class", FT_STRING, BASE_NONE, NULL, 0x0, "Status class of the response",
          HFILL}},
        {&hf_sipadvisor_explanation,
         {"Explanation", "sipadvisor.explanation", FT_NONE, BASE_NONE, NULL, 0x0,
          "What the response means and how to fix its cause", HFILL}},
        {&hf_sipadvisor_meaning,
         {"Meaning", "sipadvisor.explanation.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
          "What the response means", HFILL}},
        {&hf_sipadvisor_when,
         {"When it happens", "sipadvisor.explanation.when", FT_STRING, BASE_NONE, NULL, 0x0,
          "The usual causes of the response", HFILL}},
        {&hf_sipadvisor_fix,
         {"How to fix", "sipadvisor.explanation.fix", FT_STRING, BASE_NONE, NULL, 0x0,
          "What to change so that the request succeeds", HFILL}},
        {&hf_sipadvisor_reference,
         {"Reference", "sipadvisor.explanation.reference", FT_STRING, BASE_NONE, NULL, 0x0,
          "The specification that defines the response", HFILL}},
        {&hf_sipadvisor_transaction,
         {"Transaction", "sipadvisor.transaction", FT_NONE, BASE_NONE, NULL, 0x0,
          "The client transaction the response belongs to", HFILL}},
        {&hf_sipadvisor_request_frame,
         {"Request in frame", "sipadvisor.request_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "The first copy of the request this response answers",
          HFILL}},
        {&hf_sipadvisor_request_method,
         {"Request method", "sipadvisor.request_method", FT_STRING, BASE_NONE, NULL, 0x0,
          "Method of the request (from CSeq when the request is not captured)", HFILL}},
        {&hf_sipadvisor_request_uri,
         {"Request-URI", "sipadvisor.request_uri", FT_STRING, BASE_NONE, NULL, 0x0,
          "Request-URI of the request", HFILL}},
        {&hf_sipadvisor_match,
         {"Matched by", "sipadvisor.match", FT_UINT8, BASE_DEC, VALS(match_vals), 0x0,
          "Which rule tied the response to its request: 1 = RFC 3261 (top Via branch, sent-by and CSeq "
          "method, "
          "within the same Call-ID), 2 = RFC 2543 fallback (Call-ID, CSeq, From tag and top Via)",
          HFILL}},
        {&hf_sipadvisor_response_time,
         {"Response time", "sipadvisor.response_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
          "Time from the first copy of the request to this response", HFILL}},
        {&hf_sipadvisor_resend,
         {"Retransmission", "sipadvisor.resend", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "Whether this response repeats an earlier one of the same transaction", HFILL}},
        {&hf_sipadvisor_original_frame,
         {"Retransmission of frame", "sipadvisor.original_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RETRANS_PREV), 0x0, "The first copy of this response", HFILL}},
        {&hf_sipadvisor_moved_from,
         {"Moved from", "sipadvisor.moved_from", FT_STRING, BASE_NONE, NULL, 0x0,
          "The URI the user is no longer at (Request-URI; To for REGISTER)", HFILL}},
        {&hf_sipadvisor_new_uri,
         {"New URI", "sipadvisor.new_uri", FT_STRING, BASE_NONE, NULL, 0x0,
          "A Contact URI of the 301, highest q first", HFILL}},
        {&hf_sipadvisor_new_uri_q,
         {"q", "sipadvisor.new_uri.q", FT_DOUBLE, BASE_NONE, NULL, 0x0,
          "The q parameter of the Contact (only when it is a valid qvalue)", HFILL}},
        {&hf_sipadvisor_new_uri_expires,
         {"Expires", "sipadvisor.new_uri.expires", FT_UINT32, BASE_DEC, NULL, 0x0,
          "The expires parameter of the Contact, in seconds", HFILL}},
        {&hf_sipadvisor_new_uri_count,
         {"New URIs", "sipadvisor.new_uri_count", FT_UINT32, BASE_DEC, NULL, 0x0,
          "How many Contact URIs the 301 offers", HFILL}},
        {&hf_sipadvisor_required,
         {"Required", "sipadvisor.required", FT_STRING, BASE_NONE, NULL, 0x0,
          "An option tag in the response's Require", HFILL}},
        {&hf_sipadvisor_supported,
         {"Supported", "sipadvisor.supported", FT_STRING, BASE_NONE, NULL, 0x0,
          "An option tag in the request's Supported", HFILL}},
        {&hf_sipadvisor_missing,
         {"Missing", "sipadvisor.missing", FT_STRING, BASE_NONE, NULL, 0x0,
          "A required option tag that the request did not support", HFILL}},
        {&hf_sipadvisor_tag_rfc,
         {"Defined in", "sipadvisor.tag.rfc", FT_STRING, BASE_NONE, NULL, 0x0,
          "The RFC that defines the option tag", HFILL}},
        {&hf_sipadvisor_tag_meaning,
         {"Option tag stands for", "sipadvisor.tag.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
          "What the option tag stands for", HFILL}},
        {&hf_sipadvisor_followup,
         {"Follow-up", "sipadvisor.followup", FT_NONE, BASE_NONE, NULL, 0x0,
          "What the client did after the response", HFILL}},
        {&hf_sipadvisor_retry_state,
         {"Retry", "sipadvisor.retry_state", FT_UINT8, BASE_DEC, VALS(retry_state_vals), 0x0,
          "Whether and how the client retried", HFILL}},
        {&hf_sipadvisor_followup_window,
         {"Capture time after the transaction", "sipadvisor.followup_window", FT_RELATIVE_TIME, BASE_NONE,
          NULL, 0x0, "How long the capture goes on after the transaction's last message, when no retry came",
          HFILL}},
        {&hf_sipadvisor_ack_frame,
         {"ACK in frame", "sipadvisor.ack_frame", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0,
          "The ACK of this final response to INVITE", HFILL}},
        {&hf_sipadvisor_retry_frame,
         {"Retry in frame", "sipadvisor.retry_frame", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_NONE),
          0x0, "The client's next attempt after this response", HFILL}},
        {&hf_sipadvisor_retry_uri,
         {"Retry Request-URI", "sipadvisor.retry_uri", FT_STRING, BASE_NONE, NULL, 0x0,
          "Where the client sent its retry", HFILL}},
        {&hf_sipadvisor_retry_status,
         {"Retry final status", "sipadvisor.retry_status", FT_UINT16, BASE_DEC, NULL, 0x0,
          "The final response to the retry", HFILL}},
        {&hf_sipadvisor_retry_missing,
         {"Still missing in retry", "sipadvisor.retry_missing", FT_STRING, BASE_NONE, NULL, 0x0,
          "A required option tag that the retry still did not support", HFILL}},
        {&hf_sipadvisor_response_frame,
         {"Analysed response in frame", "sipadvisor.response_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "The 301 or 421 that answered this request", HFILL}},
        {&hf_sipadvisor_retry_of,
         {"Retry after", "sipadvisor.retry_of", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_NONE), 0x0,
          "The 301 or 421 this request is the client's retry after", HFILL}},
    };
    static gint *ett[] = {
        &ett_sipadvisor,         &ett_sipadvisor_explanation, &ett_sipadvisor_transaction,
        &ett_sipadvisor_new_uri, &ett_sipadvisor_tag,         &ett_sipadvisor_followup,
    };
#define SA_EI_REGISTER(id, name, group, severity, en, zh)                                                    \
    {&ei_sipadvisor[SA_F_##id], {"sipadvisor." name, PI_##group, PI_##severity, en, EXPFILL}},
    static ei_register_info ei[] = {SA_FINDINGS(SA_EI_REGISTER)};
#undef SA_EI_REGISTER
    expert_module_t *expert_sipadvisor;
    module_t *prefs;

    proto_sipadvisor = proto_register_protocol("SIP Advisor", "SIPADVISOR", "sipadvisor");
    proto_register_field_array(proto_sipadvisor, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_sipadvisor = expert_register_protocol(proto_sipadvisor);
    expert_register_field_array(expert_sipadvisor, ei, array_length(ei));

    prefs = prefs_register_protocol(proto_sipadvisor, NULL);
    prefs_register_bool_preference(prefs, "info_column", "Notes in the Info column",
                                   "Append a short note ([moved -> URI], [missing: tags], [retry after 421]) "
                                   "to the Info column of analysed responses and retries",
                                   &pref_info_column);
    prefs_register_bool_preference(
        prefs, "explanations", "Explanation subtrees",
        "Show what each analysed response means, when it happens and how to fix it", &pref_explanations);

    sipadvisor_tap = register_tap("sipadvisor");
    register_init_routine(sipadvisor_init);
    register_cleanup_routine(sipadvisor_cleanup);
}

void proto_reg_handoff_sipadvisor(void)
{
    sipadvisor_handle = create_dissector_handle(dissect_sipadvisor, proto_sipadvisor);
    register_postdissector(sipadvisor_handle);
    sa_fields_resolve();
    sa_stats_register();
}
